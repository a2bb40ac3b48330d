package io.milvusdm.milvus.source;

import java.util.regex.Pattern;

/**
 * Filter expressions for range queries, built from values rather than by pasting user strings: string literals
 * are double-quoted with quotes, backslashes and line breaks escaped, so that a key such as {@code a"] or id != "}
 * stays one literal.
 *
 * <p>Only the escapes both servers read are used: Milvus parses literals with Go's {@code strconv.Unquote}, Milvus
 * Lite 3.x knows {@code \" \' \\ \n \r \t} and nothing else ({@code milvus_lite/search/filter/tokens.py}), and
 * both reject a raw line break inside a literal. Every other character, quotes aside, goes in as it is.
 */
public final class FilterExpressions {

    /** Milvus's rule for field names; a name outside it cannot come from a collection's schema. */
    private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private FilterExpressions() {
    }

    /** {@code "text"} with {@code \ " newline CR tab} escaped. */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** The field name, checked, for use in an expression. */
    public static String field(String name) {
        if (name == null || !FIELD.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a Milvus field name");
        }
        return name;
    }

    /**
     * {@code key >= lo and key <= hi}, leaving out a bound at the end of the INT64 range (a literal
     * -9223372036854775808 would be parsed as the negation of a number that does not fit). The whole range is
     * {@code key >= 0 or key < 0}: an always-true filter, which Milvus Lite needs to count one partition.
     */
    public static String int64Range(String key, long lo, long hi) {
        String name = field(key);
        boolean fromStart = lo == Long.MIN_VALUE;
        boolean toEnd = hi == Long.MAX_VALUE;
        if (fromStart && toEnd) {
            return name + " >= 0 or " + name + " < 0";
        }
        if (fromStart) {
            return name + " <= " + hi;
        }
        if (toEnd) {
            return name + " >= " + lo;
        }
        return lo == hi ? name + " == " + lo : name + " >= " + lo + " and " + name + " <= " + hi;
    }

    /** {@code key >= "lo" and key < "hi"}, or {@code key >= "lo"} when {@code hi} is null (no upper bound). */
    public static String varcharRange(String key, String lo, String hi) {
        String name = field(key);
        String from = name + " >= " + quote(lo);
        return hi == null ? from : from + " and " + name + " < " + quote(hi);
    }

    /**
     * {@code key in [v1, v2, ...]}. Milvus Lite answers this form, alone, by looking each key up rather than by a
     * pass over the whole collection. -9223372036854775808 is written as it is: Lite reads it as one literal.
     */
    public static String int64In(String key, long[] values) {
        StringBuilder out = new StringBuilder(field(key).length() + 8 + 21 * values.length).append(key).append(" in [");
        for (int i = 0; i < values.length; i++) {
            out.append(i == 0 ? "" : ", ").append(values[i]);
        }
        return out.append(']').toString();
    }

    /** {@code key in ["v1", "v2", ...]}, each value quoted ({@link #quote}). */
    public static String varcharIn(String key, String[] values) {
        StringBuilder out = new StringBuilder().append(field(key)).append(" in [");
        for (int i = 0; i < values.length; i++) {
            out.append(i == 0 ? "" : ", ").append(quote(values[i]));
        }
        return out.append(']').toString();
    }
}
