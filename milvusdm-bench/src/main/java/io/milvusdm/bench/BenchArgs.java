package io.milvusdm.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} pairs of a benchmark's command line; a missing required one ends the run with its name. */
public final class BenchArgs {

    private final String program;
    private final Map<String, String> values = new HashMap<>();

    private BenchArgs(String program) {
        this.program = program;
    }

    public static BenchArgs parse(String program, String[] args) {
        BenchArgs parsed = new BenchArgs(program);
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException(program + ": expected --name value pairs, got '" + args[i] + "'");
            }
            parsed.values.put(args[i].substring(2), args[i + 1]);
        }
        return parsed;
    }

    public String string(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException(program + ": missing --" + name);
        }
        return value;
    }

    public String optional(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public long number(String name, long fallback) {
        String value = values.get(name);
        return value == null ? fallback : Long.parseLong(value);
    }
}
