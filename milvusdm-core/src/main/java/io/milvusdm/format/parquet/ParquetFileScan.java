package io.milvusdm.format.parquet;

import io.milvusdm.format.FormatException;
import io.milvusdm.storage.ObjectStore;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/**
 * The pre-scan of one Parquet file: its magic numbers and footer length are checked by hand first (so that a
 * truncated or foreign file gets a message saying so, rather than parquet-java's), then the footer is read and the
 * spec's columns resolved in its schema. Keeps the footer, so that splits open without reading it again.
 */
final class ParquetFileScan {

    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    /** Magic at the start, footer length and magic at the end. */
    private static final int MIN_SIZE = 4 + 4 + 4;

    final int index;
    final String key;
    final long size;
    final ParquetMetadata footer;
    final ParquetColumns columns;
    final long[] firstRows;
    final long rows;
    private final ObjectStore store;

    private ParquetFileScan(int index, String key, long size, ParquetMetadata footer, ParquetColumns columns,
                            ObjectStore store) {
        this.index = index;
        this.key = key;
        this.size = size;
        this.footer = footer;
        this.columns = columns;
        this.store = store;
        List<BlockMetaData> groups = footer.getBlocks();
        this.firstRows = new long[groups.size()];
        long total = 0;
        for (int g = 0; g < groups.size(); g++) {
            firstRows[g] = total;
            total += groups.get(g).getRowCount();
        }
        this.rows = total;
    }

    static ParquetFileScan scan(ObjectStore store, int index, String key, ParquetSourceSpec spec) throws IOException {
        long size = store.size(key);
        String where = store.describe();
        if (size < MIN_SIZE) {
            throw error("is " + size + " bytes, too short for a Parquet file (at least " + MIN_SIZE
                    + "): truncated, or not Parquet", key, where, -1);
        }
        byte[] head = read(store, key, 0, 4);
        byte[] tail = read(store, key, size - 8, 8);
        if (!startsWith(head, 0)) {
            throw error("starts with " + hex(head) + ", expected the Parquet magic 'PAR1' (50415231): not a Parquet"
                    + " file", key, where, 0);
        }
        if (!startsWith(tail, 4)) {
            throw error("ends with " + hex(tail) + ", expected a footer length and the Parquet magic 'PAR1': the file"
                    + " is truncated (" + size + " bytes) or was not closed by its writer", key, where, size - 4);
        }
        long footerLength = Integer.toUnsignedLong(tail[0] & 0xff | (tail[1] & 0xff) << 8 | (tail[2] & 0xff) << 16
                | (tail[3] & 0xff) << 24);
        if (footerLength > size - MIN_SIZE) {
            throw error("declares a footer of " + footerLength + " bytes, but the file has only " + size
                    + ": truncated or corrupt", key, where, size - 8);
        }
        ObjectStoreInputFile input = new ObjectStoreInputFile(store, key, size);
        ParquetMetadata footer;
        try (ParquetFileReader reader = ParquetFileReader.open(input, readOptions())) {
            footer = reader.getFooter();
        } catch (IOException | RuntimeException e) {
            throw error("has an unreadable footer (" + footerLength + " bytes at offset " + (size - 8 - footerLength)
                    + "): " + e.getMessage(), key, where, size - 8 - footerLength, e);
        }
        ParquetColumns columns;
        try {
            columns = ParquetColumns.resolve(footer.getFileMetaData().getSchema(), spec);
        } catch (IllegalArgumentException e) {
            throw error("does not hold the expected columns: " + e.getMessage(), key, where, -1);
        }
        return new ParquetFileScan(index, key, size, footer, columns, store);
    }

    ObjectStoreInputFile inputFile() {
        return new ObjectStoreInputFile(store, key, size);
    }

    /** The store the file is in, for messages ("Parquet file 'k' in s3://bucket/prefix"). */
    String location() {
        return store.describe();
    }

    static ParquetReadOptions readOptions() {
        return ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
    }

    private static byte[] read(ObjectStore store, String key, long offset, int length) throws IOException {
        try (InputStream in = store.open(key, offset, length)) {
            return in.readNBytes(length);
        }
    }

    private static boolean startsWith(byte[] bytes, int at) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[at + i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static FormatException error(String what, String key, String where, long offset) {
        return new FormatException("Parquet file '" + key + "' in " + where + " " + what, Path.of(key), offset);
    }

    private static FormatException error(String what, String key, String where, long offset, Throwable cause) {
        return new FormatException("Parquet file '" + key + "' in " + where + " " + what, Path.of(key), offset,
                cause);
    }
}
