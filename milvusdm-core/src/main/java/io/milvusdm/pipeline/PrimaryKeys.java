package io.milvusdm.pipeline;

/** The primary keys of a batch, one per row. A batch without keys leaves them to the target (auto-id). */
public sealed interface PrimaryKeys permits PrimaryKeys.Int64Keys, PrimaryKeys.VarcharKeys {

    int size();

    long byteSize();

    /** INT64 keys; the array is shared, not copied. */
    record Int64Keys(long[] values) implements PrimaryKeys {
        @Override
        public int size() {
            return values.length;
        }

        @Override
        public long byteSize() {
            return 8L * values.length;
        }
    }

    /** VARCHAR keys; the array is shared, not copied. */
    record VarcharKeys(String[] values) implements PrimaryKeys {
        @Override
        public int size() {
            return values.length;
        }

        @Override
        public long byteSize() {
            long bytes = 0;
            for (String value : values) {
                bytes += 4 + 3L * value.length();
            }
            return bytes;
        }
    }
}
