package io.milvusdm.format.milvus1x;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What to do with an id stored more than once among a collection's live rows. Milvus 1.x accepted a repeated
 * id (each insert got its rows, whatever their ids); Milvus 2.x keeps one row per primary key, so a copy would
 * silently hold fewer rows than the source.
 */
public enum DuplicateIds {
    /** Stop in the pre-scan, before anything is written, naming the collection, the count and some ids. */
    REFUSE,
    /** Keep the first row of each id, in partition, segment and row order; skip the later ones. */
    KEEP_FIRST,
    /** Keep the last row of each id (the latest insert, as an upsert would); skip the earlier ones. */
    KEEP_LAST,
    /** Read every stored row, as MilvusDM did; no check. */
    KEEP_ALL;

    /** The job-file spelling: {@code refuse}, {@code keep_first}, {@code keep_last}, {@code keep_all}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DuplicateIds> ofKey(String key) {
        return Arrays.stream(values()).filter(v -> v.key().equals(key.trim().toLowerCase(Locale.ROOT))).findFirst();
    }
}
