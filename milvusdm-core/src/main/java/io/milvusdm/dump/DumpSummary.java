package io.milvusdm.dump;

/**
 * What a dump run did.
 *
 * @param recognised the target already held a complete dump of the same source: nothing was written
 * @param manifest the dump's manifest (the existing one when recognised)
 * @param where the dump's folder, for messages
 * @param rowsWritten rows written in this run
 * @param seconds wall time
 */
public record DumpSummary(boolean recognised, DumpManifest manifest, String where, long rowsWritten,
                          double seconds) {

    public long bytes() {
        return manifest.chunks().stream().flatMap(c -> c.files().stream())
                .mapToLong(DumpManifest.FileEntry::bytes).sum();
    }

    public int files() {
        return manifest.chunks().stream().mapToInt(c -> c.files().size()).sum();
    }
}
