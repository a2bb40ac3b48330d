package io.milvusdm.job;

import java.nio.file.Path;

/** Where a milvus-migration job's dump lives: {@code target.mode} local or remote. */
public sealed interface DumpStorage {

    /** The folder the dump's {@code migration/<collection>} lives under, within the store. */
    String outputDir();

    /**
     * {@code target.mode: local}: a local folder.
     *
     * @param folder {@code target.local.outputDir}
     * @param milvusStorageRoot {@code target.local.milvusStorageRoot} (ours): the local storage root of a Milvus
     *     with {@code common.storageType: local} on this machine ({@code localStorage.path}); the folder must lie
     *     under it for that server's bulk import to read the files; null when none
     */
    record Local(Path folder, Path milvusStorageRoot) implements DumpStorage {
        public String outputDir() {
            return "";
        }
    }

    /**
     * {@code target.mode: remote}: a prefix of an S3-compatible bucket (Milvus's own bucket, for bulk import).
     * The keys never appear in {@link #toString()}.
     */
    record Remote(String cloud, String endpoint, String region, String bucket, String accessKey, String secretKey,
                  boolean useIam, boolean useSsl, boolean checkBucket, String outputDir) implements DumpStorage {
        @Override
        public String toString() {
            return "Remote[cloud=" + cloud + ", endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket
                    + ", accessKey=" + (accessKey == null ? null : "***") + ", secretKey="
                    + (secretKey == null ? null : "***") + ", useIam=" + useIam + ", useSsl=" + useSsl
                    + ", checkBucket=" + checkBucket + ", outputDir=" + outputDir + "]";
        }
    }
}
