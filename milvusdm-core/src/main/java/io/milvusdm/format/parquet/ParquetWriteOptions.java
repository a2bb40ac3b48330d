package io.milvusdm.format.parquet;

import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import java.util.Locale;
import java.util.Objects;

/**
 * How {@link ParquetBatchWriter} lays out a file.
 *
 * @param codec the page compression: SNAPPY (default, what pyarrow and Milvus's BulkWriter write), ZSTD, GZIP,
 *     LZ4_RAW or UNCOMPRESSED; the first three need no native library beyond what snappy-java and zstd-jni bundle
 * @param rowGroupBytes the buffered size at which a row group is flushed: the writer's memory bound, and the
 *     unit a reader (and Milvus's import) holds in memory. 32 MiB by default, the value BulkWriter uses "to avoid
 *     high memory usage of the parquet reader on the server side"
 * @param pageBytes the target size of a data page
 */
public record ParquetWriteOptions(CompressionCodecName codec, long rowGroupBytes, int pageBytes) {

    public static final long DEFAULT_ROW_GROUP_BYTES = 32L << 20;
    public static final int DEFAULT_PAGE_BYTES = 1 << 20;

    public ParquetWriteOptions {
        Objects.requireNonNull(codec, "codec");
        switch (codec) {
            case SNAPPY, ZSTD, GZIP, LZ4_RAW, UNCOMPRESSED -> { }
            default -> throw new IllegalArgumentException("compression " + codec
                    + " is not supported; use snappy, zstd, gzip, lz4_raw or uncompressed");
        }
        if (rowGroupBytes < 1 << 16) {
            throw new IllegalArgumentException("row group size must be at least 64 KiB, got " + rowGroupBytes);
        }
        if (pageBytes < 1 << 10 || pageBytes > rowGroupBytes) {
            throw new IllegalArgumentException("page size must be 1 KiB .. the row group size, got " + pageBytes);
        }
    }

    public static ParquetWriteOptions defaults() {
        return new ParquetWriteOptions(CompressionCodecName.SNAPPY, DEFAULT_ROW_GROUP_BYTES, DEFAULT_PAGE_BYTES);
    }

    public ParquetWriteOptions withCodec(CompressionCodecName newCodec) {
        return new ParquetWriteOptions(newCodec, rowGroupBytes, pageBytes);
    }

    public ParquetWriteOptions withRowGroupBytes(long bytes) {
        return new ParquetWriteOptions(codec, bytes, (int) Math.min(pageBytes, bytes));
    }

    /** A codec by the name users write in a config ({@code snappy}, {@code zstd}, {@code none}, ...). */
    public static CompressionCodecName codecNamed(String name) {
        String upper = name.trim().toUpperCase(Locale.ROOT);
        if (upper.equals("NONE")) {
            return CompressionCodecName.UNCOMPRESSED;
        }
        if (upper.equals("LZ4")) {
            return CompressionCodecName.LZ4_RAW;
        }
        try {
            return CompressionCodecName.valueOf(upper);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown Parquet compression '" + name
                    + "' (expected snappy, zstd, gzip, lz4_raw or none)", e);
        }
    }
}
