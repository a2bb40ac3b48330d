package io.milvusdm.format.milvus1x;

import io.milvusdm.pipeline.ArrayPool;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.Source;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The rows of one collection of a Milvus 0.10/1.x data directory, read from its files with no Milvus running;
 * the layout and formats are described in {@code package-info.java}.
 *
 * <p>{@link #open} runs the pre-scan: the meta is read ({@link Milvus1xMeta}), the partitions chosen, and every
 * segment's files checked ({@link SegmentScan}); nothing fails later but I/O. Keys are the stored int64 ids;
 * the schema's metric is the table's metric by name (TANIMOTO, SUBSTRUCTURE and SUPERSTRUCTURE included, for
 * the sink to accept or refuse).
 *
 * <p>Thread-safe: each {@link #open(Split, long)} has its own channels; batch arrays come from a shared pool.
 */
public final class Milvus1xSource implements Source {

    /** The tag that names a collection's own table, as Milvus 1.x names its default partition. */
    public static final String DEFAULT_PARTITION = "_default";

    private final List<Milvus1xPartition> partitions;
    private final Map<String, SegmentScan> segments;
    private final SourceSchema schema;
    private final ArrayPool arrays = new ArrayPool(8);

    private Milvus1xSource(List<Milvus1xPartition> partitions, Map<String, SegmentScan> segments,
                           SourceSchema schema) {
        this.partitions = partitions;
        this.segments = segments;
        this.schema = schema;
    }

    /**
     * Reads the meta, pre-scans every segment of the chosen partitions (files, then repeated ids under the
     * spec's {@link DuplicateIds} policy), and returns the source; reads no row into a batch.
     */
    public static Milvus1xSource open(Milvus1xSourceSpec spec) throws IOException {
        return open(spec, DuplicateIdScan.RUN_IDS);
    }

    /** As {@link #open(Milvus1xSourceSpec)}, sorting ids {@code sortRunIds} at a time in the repeated-id check. */
    static Milvus1xSource open(Milvus1xSourceSpec spec, int sortRunIds) throws IOException {
        Milvus1xMetaStore meta = spec.meta();
        List<Milvus1xPartition> partitions = choose(Milvus1xMeta.read(meta, spec.collection()), spec);
        Milvus1xPartition first = partitions.get(0);
        long rowBytes = checkVectors(first, partitions, meta);
        Path tablesDir = spec.workPath().resolve("db").resolve("tables");
        List<SegmentScan> scans = new ArrayList<>();
        for (Milvus1xPartition partition : partitions) {
            for (Milvus1xPartition.Segment segment : partition.segments()) {
                scans.add(SegmentScan.scan(tablesDir, partition, segment, rowBytes));
            }
        }
        scans = DuplicateIdScan.apply(scans, spec.duplicates(), spec.collection(), sortRunIds);
        Map<String, SegmentScan> segments = new LinkedHashMap<>();
        scans.forEach(scan -> segments.put(scan.key(), scan));
        return new Milvus1xSource(List.copyOf(partitions), segments, schema(first, segments));
    }

    private static SourceSchema schema(Milvus1xPartition first, Map<String, SegmentScan> segments) {
        long total = segments.values().stream().mapToLong(SegmentScan::liveRows).reduce(0, Math::addExact);
        return new SourceSchema(first.metric().vectorType(), first.dimension(), KeyKind.INT64,
                Optional.of(first.metric().name()), total);
    }

    /**
     * The rows of one of this source's partitions, as this source reads them: the repeated-id policy was applied
     * across all of its partitions, so a row dropped for a repeat in another partition stays dropped.
     */
    public Milvus1xSource only(String tag) {
        List<Milvus1xPartition> one = partitions.stream().filter(p -> p.tag().equals(tag)).toList();
        if (one.isEmpty()) {
            throw new IllegalArgumentException("no partition '" + tag + "' in this source; partitions: "
                    + partitions.stream().map(Milvus1xPartition::tag).collect(Collectors.joining(", ")));
        }
        Map<String, SegmentScan> its = new LinkedHashMap<>();
        segments.forEach((key, scan) -> {
            if (scan.partition().tag().equals(tag)) {
                its.put(key, scan);
            }
        });
        return new Milvus1xSource(one, its, schema(one.get(0), its));
    }

    private static List<Milvus1xPartition> choose(List<Milvus1xPartition> all, Milvus1xSourceSpec spec)
            throws IOException {
        if (spec.partitionTags().isEmpty()) {
            return all;
        }
        Map<String, Milvus1xPartition> byTag = all.stream()
                .collect(Collectors.toMap(Milvus1xPartition::tag, p -> p, (a, b) -> a, LinkedHashMap::new));
        List<Milvus1xPartition> chosen = new ArrayList<>();
        for (String tag : spec.partitionTags()) {
            Milvus1xPartition partition = byTag.get(tag);
            if (partition == null) {
                throw Milvus1xMeta.error(spec.meta(), "no partition '" + tag + "' in collection '"
                        + spec.collection() + "'; partitions: " + String.join(", ", byTag.keySet()));
            }
            chosen.add(partition);
        }
        return chosen;
    }

    /** Checks the partitions agree on metric and dimension, as Milvus makes them; returns the row size. */
    private static long checkVectors(Milvus1xPartition first, List<Milvus1xPartition> partitions,
                                     Milvus1xMetaStore meta) throws IOException {
        VectorType type = first.metric().vectorType();
        if (first.dimension() <= 0 || type == VectorType.BINARY_VECTOR && first.dimension() % 8 != 0) {
            throw Milvus1xMeta.error(meta, "table '" + first.tableId() + "' has dimension " + first.dimension()
                    + ", expected a positive " + (type == VectorType.BINARY_VECTOR ? "multiple of 8" : "number")
                    + " for metric " + first.metric());
        }
        for (Milvus1xPartition partition : partitions) {
            if (partition.dimension() != first.dimension() || partition.metric() != first.metric()) {
                throw Milvus1xMeta.error(meta, "partition '" + partition.tag() + "' (table '"
                        + partition.tableId() + "') has " + partition.metric() + " dimension " + partition.dimension()
                        + ", the collection " + first.metric() + " dimension " + first.dimension());
            }
        }
        return type.bytesPerRow(first.dimension());
    }

    @Override
    public SourceSchema schema() {
        return schema;
    }

    /** The partitions read, the default one first, each with its segments. */
    public List<Milvus1xPartition> partitions() {
        return partitions;
    }

    /**
     * Every segment cut into {@link Milvus1xSplit}s of at most {@code maxSplitBytes} of stored rows (vector and
     * id, at least one row), in partition and segment order; a range whose rows are all deleted has no split.
     */
    @Override
    public List<Split> splits(long maxSplitBytes) {
        if (maxSplitBytes <= 0) {
            throw new IllegalArgumentException("maxSplitBytes must be positive, got " + maxSplitBytes);
        }
        long perSplit = Math.max(1, maxSplitBytes / (schema.vectorType().bytesPerRow(schema.dimension()) + Long.BYTES));
        List<Split> splits = new ArrayList<>();
        for (SegmentScan segment : segments.values()) {
            for (long start = 0; start < segment.storedRows(); start += perSplit) {
                long stored = Math.min(perSplit, segment.storedRows() - start);
                long live = stored - segment.deletedIn(start, start + stored);
                if (live > 0) {
                    splits.add(new Milvus1xSplit(segment.partition().tag(), segment.partition().tableId(),
                            segment.segment().segmentId(), start, stored, live));
                }
            }
        }
        return splits;
    }

    @Override
    public BatchReader open(Split split, long maxBatchBytes) throws IOException {
        if (maxBatchBytes <= 0) {
            throw new IllegalArgumentException("maxBatchBytes must be positive, got " + maxBatchBytes);
        }
        SegmentScan segment = split instanceof Milvus1xSplit s
                ? segments.get(SegmentScan.key(s.tableId(), s.segmentId())) : null;
        if (segment == null || !(split instanceof Milvus1xSplit range) || range.endRow() > segment.storedRows()
                || range.rowCount() != range.storedRows() - segment.deletedIn(range.startRow(), range.endRow())) {
            throw new IllegalArgumentException("split " + split.id() + " does not belong to this source");
        }
        return Milvus1xBatchReader.open((Milvus1xSplit) split, segment, schema, maxBatchBytes, arrays);
    }

    @Override
    public void recycle(VectorBatch batch) {
        arrays.recycle(batch);
    }

    /** Nothing to close: readers own their channels, and the meta is closed once read. */
    @Override
    public void close() {
    }
}
