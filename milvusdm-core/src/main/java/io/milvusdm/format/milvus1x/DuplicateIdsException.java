package io.milvusdm.format.milvus1x;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Ids repeat among the live rows the job reads, and the job did not say which row to keep: found by the pre-scan,
 * before anything is written. The fix is in the job file ({@code duplicate_ids}), hence a usage error.
 */
public final class DuplicateIdsException extends IOException {

    /**
     * A repeated id and where some of its rows are.
     *
     * @param places "tag segment S row R" of its first rows, in read order
     */
    public record Example(long id, List<String> places) {
    }

    private final long repeatedIds;
    private final long extraRows;

    DuplicateIdsException(String collection, List<String> partitions, long repeatedIds, long extraRows,
                          List<Example> examples) {
        super("collection '" + collection + "' (partitions " + String.join(", ", partitions) + "): " + repeatedIds
                + " id" + (repeatedIds == 1 ? "" : "s") + " occur more than once among the live rows, " + extraRows
                + " row" + (extraRows == 1 ? "" : "s") + " more than distinct ids; e.g. "
                + examples.stream().map(e -> "id " + e.id() + " at " + String.join(", ", e.places()))
                        .collect(Collectors.joining("; "))
                + ". Milvus 2.x keeps one row per primary key, so the copy would hold fewer rows than it read;"
                + " nothing was written. Set duplicate_ids in the job: keep_first or keep_last (one row per id),"
                + " or keep_all (every row, as MilvusDM did)");
        this.repeatedIds = repeatedIds;
        this.extraRows = extraRows;
    }

    /** How many distinct ids occur more than once. */
    public long repeatedIds() {
        return repeatedIds;
    }

    /** Rows read less distinct ids: how many rows a one-row-per-id target would lose. */
    public long extraRows() {
        return extraRows;
    }
}
