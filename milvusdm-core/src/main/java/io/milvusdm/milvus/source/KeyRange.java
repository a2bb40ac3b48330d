package io.milvusdm.milvus.source;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** A range of primary keys: what one range query asks for. Plain values, so that a split can travel. */
public sealed interface KeyRange permits KeyRange.Int64Range, KeyRange.VarcharRange {

    /** The filter expression selecting the range's rows, quoted and escaped. */
    String filter(String keyField);

    /** How messages show the range: {@code [10, 99]}, {@code ["a", "b")}. */
    String describe();

    /** How split ids show the range: one word, no spaces or line breaks, the same in every run. */
    String idPart();

    /** INT64 keys {@code lo <= key <= hi}. */
    record Int64Range(long lo, long hi) implements KeyRange {
        public Int64Range {
            if (lo > hi) {
                throw new IllegalArgumentException("empty range [" + lo + ", " + hi + "]");
            }
        }

        @Override
        public String filter(String keyField) {
            return FilterExpressions.int64Range(keyField, lo, hi);
        }

        @Override
        public String describe() {
            return "[" + lo + ", " + hi + "]";
        }

        @Override
        public String idPart() {
            return lo + ".." + hi;
        }
    }

    /** VARCHAR keys {@code lo <= key < hi} in code point order (Milvus's byte order of UTF-8); {@code hi} null: no end. */
    record VarcharRange(String lo, String hi) implements KeyRange {
        public VarcharRange {
            Objects.requireNonNull(lo, "lo");
            if (hi != null && VarcharKeys.compare(lo, hi) >= 0) {
                throw new IllegalArgumentException("empty range [" + FilterExpressions.quote(lo) + ", "
                        + FilterExpressions.quote(hi) + ")");
            }
        }

        @Override
        public String filter(String keyField) {
            return FilterExpressions.varcharRange(keyField, lo, hi);
        }

        @Override
        public String describe() {
            return "[" + FilterExpressions.quote(lo) + ", " + (hi == null ? "end" : FilterExpressions.quote(hi)) + ")";
        }

        /** Both bounds percent-encoded (UTF-8 bytes outside {@code A-Za-z0-9._-}); {@code *} for no end. */
        @Override
        public String idPart() {
            return "'" + percent(lo) + "'..'" + (hi == null ? "*" : percent(hi)) + "'";
        }

        private static String percent(String value) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
                int c = b & 0xff;
                if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                        || c == '-') {
                    out.write(c);
                } else {
                    byte[] hex = String.format("%%%02X", c).getBytes(StandardCharsets.US_ASCII);
                    out.write(hex, 0, hex.length);
                }
            }
            return out.toString(StandardCharsets.US_ASCII);
        }
    }
}
