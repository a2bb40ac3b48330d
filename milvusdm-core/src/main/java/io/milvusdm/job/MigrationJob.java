package io.milvusdm.job;

import java.nio.file.Path;

/**
 * A milvus-migration {@code migration.yaml}, read: what {@code milvusdm dump} and {@code milvusdm load} do.
 *
 * @param file the config file
 * @param source what {@code dumper.worker.workMode} and {@code source} name
 * @param storage where the dump is written and read ({@code target.mode})
 * @param collection the collection to create and load ({@code target.create.collection})
 * @param destination the Milvus to load into ({@code target.milvus2x}), or a local one milvusdm starts
 * @param dumper {@code dumper.*}
 * @param loader {@code loader.*}
 */
public record MigrationJob(Path file, MigrationSource source, DumpStorage storage, CollectionCreate collection,
                           Destination destination, DumperSettings dumper, LoaderSettings loader) {

    /** This job with other loader settings (the command line's over the config's). */
    public MigrationJob withLoader(LoaderSettings settings) {
        return new MigrationJob(file, source, storage, collection, destination, dumper, settings);
    }

    /**
     * {@code target.create.collection}.
     *
     * @param name the collection
     * @param shardsNum shards, or null for the server's default
     * @param dim the dimension, or null to take the source's (checked against it when given)
     * @param metricType L2 or IP (or COSINE, HAMMING, JACCARD), or null for the source's
     */
    public record CollectionCreate(String name, Integer shardsNum, Integer dim, String metricType) {
    }

    /**
     * @param workers chunks written at once ({@code dumper.worker.limit}, default 2)
     * @param batchBytes bytes read from the source at once ({@code dumper.worker.reader.bufferSize}, KB)
     * @param chunkBytes most bytes in a chunk ({@code dumper.chunkSize}, ours)
     * @param format the files' format ({@code dumper.format}, ours: parquet (default) or npy)
     */
    public record DumperSettings(int workers, long batchBytes, long chunkBytes, String format) {
    }

    /**
     * @param workers import jobs at once ({@code loader.worker.limit}, default 2)
     * @param importApi {@code loader.import} (ours): auto, grpc, rest or insert
     * @param timeoutSeconds how long an import job may take ({@code loader.timeout}, ours)
     * @param verifyChecksums read every file and check its SHA-256 before loading ({@code loader.verify}, ours)
     * @param mode what load does with a target collection that exists ({@code loader.mode}, ours; default append,
     *     milvus-migration's only behaviour)
     */
    public record LoaderSettings(int workers, ImportApi importApi, long timeoutSeconds, boolean verifyChecksums,
                                 LoadMode mode) {
    }

    /** What load does when the target collection exists before its first run (a rerun resumes instead). */
    public enum LoadMode {
        /** Load into it (milvus-migration reuses an existing collection). */
        APPEND,
        /** Leave it untouched and load nothing. */
        SKIP,
        /** Drop and recreate it, once the dump's files are verified. */
        OVERWRITE,
        /** Stop with an error before anything is loaded. */
        FAIL
    }

    /** How load puts the files into Milvus. */
    public enum ImportApi {
        /** gRPC bulk insert where the server reads the dump's storage, else batched inserts (Milvus Lite). */
        AUTO,
        /** The v1 gRPC {@code Import} / {@code GetImportState} (Milvus 2.2–2.5). */
        GRPC,
        /** The v2 REST {@code /v2/vectordb/jobs/import/*} API (Milvus 2.4+). */
        REST,
        /** Batched inserts of the files' rows, for servers without bulk import. */
        INSERT
    }
}
