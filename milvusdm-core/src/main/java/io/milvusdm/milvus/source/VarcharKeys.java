package io.milvusdm.milvus.source;

/**
 * String arithmetic for cutting VARCHAR key ranges. Milvus orders strings by their UTF-8 bytes, Milvus Lite by
 * Python's code points: the same order, which Java's {@link String#compareTo} (UTF-16 units) is not for
 * characters above U+FFFF. So everything here works on code points and never produces a surrogate.
 */
final class VarcharKeys {

    /** One past the last code point: the first character of "no upper bound". */
    private static final int END = 0x110000;
    /** Most keys are ASCII: cutting there first finds them in 7 steps instead of 21. */
    private static final int ASCII_END = 0x80;

    private VarcharKeys() {
    }

    /** Code point order. */
    static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /**
     * A string strictly between {@code lo} and {@code hi} ({@code null}: no upper bound), cut at their first
     * differing character, or {@code null} when there is none ({@code hi} is {@code lo + "\0"}).
     */
    static String between(String lo, String hi) {
        int[] a = lo.codePoints().toArray();
        int[] b = hi == null ? null : hi.codePoints().toArray();
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; ; i++) {
            int x = i < a.length ? a[i] : -1;
            if (b != null && i >= b.length) {
                return null; // hi <= lo: nothing between
            }
            int y = b == null ? END : b[i];
            if (x == y) {
                prefix.appendCodePoint(x);
                continue;
            }
            int c = charBetween(x, y);
            if (c >= 0) {
                return prefix.appendCodePoint(c).toString();
            }
            if (x < 0) {
                // lo ends here and hi goes on with U+0000: lo + "\0" lies between only when hi is longer
                return i + 1 < b.length ? prefix.appendCodePoint(y).toString() : null;
            }
            // x and y are neighbours: stay on x and go beyond the rest of lo
            String rest = new String(a, i + 1, a.length - i - 1);
            return prefix.appendCodePoint(x).append(between(rest, null)).toString();
        }
    }

    /** The smallest string above every string that starts with {@code prefix}, or null when there is none. */
    static String successor(String prefix) {
        int[] cps = prefix.codePoints().toArray();
        int n = cps.length;
        while (n > 0 && cps[n - 1] == Character.MAX_CODE_POINT) {
            n--;
        }
        if (n == 0) {
            return null;
        }
        cps[n - 1] = cps[n - 1] == Character.MIN_SURROGATE - 1 ? Character.MAX_SURROGATE + 1 : cps[n - 1] + 1;
        return new String(cps, 0, n);
    }

    /** The larger of two lower bounds. */
    static String max(String a, String b) {
        return compare(a, b) >= 0 ? a : b;
    }

    /** The smaller of two upper bounds, null being no bound. */
    static String min(String a, String b) {
        if (a == null) {
            return b;
        }
        return b == null || compare(a, b) <= 0 ? a : b;
    }

    /** A code point c with x < c < y that is not a surrogate, or -1; x may be -1 (nothing), y may be END. */
    private static int charBetween(int x, int y) {
        if (y - x < 2) {
            return -1;
        }
        int c = x < ASCII_END && y > ASCII_END ? ASCII_END : x + (y - x) / 2;
        if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
            if (Character.MAX_SURROGATE + 1 < y) {
                return Character.MAX_SURROGATE + 1;
            }
            return Character.MIN_SURROGATE - 1 > x ? Character.MIN_SURROGATE - 1 : -1;
        }
        return c;
    }
}
