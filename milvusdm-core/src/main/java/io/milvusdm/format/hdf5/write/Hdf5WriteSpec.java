package io.milvusdm.format.hdf5.write;

import io.milvusdm.format.hdf5.Hdf5ScalarSchema;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What HDF5 file to write.
 *
 * @param path the {@code .h5} file; written beside itself under a temporary name and renamed into place at the end
 * @param mode what to do when {@code path} exists
 * @param compression contiguous and uncompressed (as MilvusDM's {@code create_dataset(name, data)} wrote them), or
 *     chunked with shuffle + deflate (gzip)
 * @param keyField the source's name for the primary key ({@code ids}), recorded in the {@code schema} attribute so
 *     that H2M recreates it: {@code id}, MilvusDM's, unless set
 * @param vectorField the source's name for the vector field ({@code embeddings}): {@code embedding} unless set
 */
public record Hdf5WriteSpec(Path path, Mode mode, Compression compression, String keyField, String vectorField) {

    /** What to do when the file exists. */
    public enum Mode {
        /** Leave the existing file untouched and report the skip. */
        SKIP,
        /** Replace it, once the new file is complete. */
        OVERWRITE
    }

    /**
     * How datasets are stored.
     *
     * @param gzipLevel 0 for contiguous, uncompressed datasets; 1..9 for chunked datasets through the shuffle and
     *     deflate filters at that level (h5py's {@code compression="gzip", shuffle=True})
     * @param chunkBytes the uncompressed bytes a chunk holds at most (whole rows, at least one)
     */
    public record Compression(int gzipLevel, int chunkBytes) {

        /** 1 MiB: the upper end of the chunk sizes h5py's guide recommends; a chunk is what a reader inflates. */
        public static final int DEFAULT_CHUNK_BYTES = 1 << 20;

        public Compression {
            if (gzipLevel < 0 || gzipLevel > 9) {
                throw new IllegalArgumentException("gzip level must be 0 (none) to 9, got " + gzipLevel);
            }
            if (chunkBytes <= 0) {
                throw new IllegalArgumentException("chunk bytes must be positive, got " + chunkBytes);
            }
        }

        public static Compression none() {
            return new Compression(0, DEFAULT_CHUNK_BYTES);
        }

        public static Compression gzip(int level) {
            return new Compression(level, DEFAULT_CHUNK_BYTES);
        }

        public boolean enabled() {
            return gzipLevel > 0;
        }

        /** The default level of {@code gzip} without one: h5py's default for {@code compression="gzip"}. */
        public static final int DEFAULT_GZIP_LEVEL = 4;

        /**
         * {@code none}, {@code gzip} (level {@value #DEFAULT_GZIP_LEVEL}) or {@code gzip:LEVEL} (1..9).
         *
         * @throws IllegalArgumentException naming what was expected and found
         */
        public static Compression parse(String text) {
            String value = text.trim().toLowerCase(java.util.Locale.ROOT);
            if (value.equals("none")) {
                return none();
            }
            if (value.equals("gzip")) {
                return gzip(DEFAULT_GZIP_LEVEL);
            }
            if (value.matches("gzip:[1-9]")) {
                return gzip(value.charAt(5) - '0');
            }
            throw new IllegalArgumentException("expected none, gzip or gzip:LEVEL (1 to 9), found '" + text + "'");
        }
    }

    public Hdf5WriteSpec {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(keyField, "keyField");
        Objects.requireNonNull(vectorField, "vectorField");
    }

    /** The key and vector fields named as MilvusDM names them. */
    public Hdf5WriteSpec(Path path, Mode mode, Compression compression) {
        this(path, mode, compression, Hdf5ScalarSchema.DEFAULT_KEY_NAME, Hdf5ScalarSchema.DEFAULT_VECTOR_NAME);
    }

    /** This spec recording the source's names for the key and vector fields. */
    public Hdf5WriteSpec withFieldNames(String key, String vector) {
        return new Hdf5WriteSpec(path, mode, compression, key, vector);
    }

    /** Contiguous, uncompressed datasets. */
    public Hdf5WriteSpec(Path path, Mode mode) {
        this(path, mode, Compression.none());
    }

    /** Writes {@code path}, replacing it if it exists. */
    public static Hdf5WriteSpec overwrite(Path path) {
        return new Hdf5WriteSpec(path, Mode.OVERWRITE);
    }
}
