package io.milvusdm.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** One flat JSON object per measurement, printed as one line on stdout for bench/h2m/run.sh to collect. */
public final class Json {

    private final Map<String, Object> fields = new LinkedHashMap<>();

    public Json put(String name, Object value) {
        fields.put(name, value);
        return this;
    }

    public void print() {
        StringJoiner out = new StringJoiner(", ", "{", "}");
        fields.forEach((name, value) -> out.add(quote(name) + ": " + render(value)));
        System.out.println(out);
        System.out.flush();
    }

    private static String render(Object value) {
        if (value instanceof Double d) {
            return String.format(Locale.ROOT, "%.4f", d);
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof double[] array) {
            StringJoiner list = new StringJoiner(", ", "[", "]");
            for (double d : array) {
                list.add(String.format(Locale.ROOT, "%.4f", d));
            }
            return list.toString();
        }
        return quote(String.valueOf(value));
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
