package io.milvusdm.format.parquet;

import io.milvusdm.format.FormatException;
import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.Source;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorType;
import io.milvusdm.storage.ObjectStore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Vectors, keys and scalar fields from Parquet files of an {@link ObjectStore} (a local folder or an S3 bucket),
 * in the layout Milvus bulk import reads ({@link ParquetLayout}) and pyarrow or pandas write.
 *
 * <h2>What is read</h2>
 * <ul>
 *   <li>Vectors: a list column (3-level, or legacy 2-level) of float, giving FLOAT_VECTOR bit for bit, or of
 *       uint8, giving the spec's byte vector type (BINARY_VECTOR by default: {@code dimension = 8 * length}).
 *       pyarrow's {@code fixed_size_list} is stored as such a list. The dimension is the first row's length; every
 *       row must have it.</li>
 *   <li>Keys: an int64 or string column, or none (auto-id).</li>
 *   <li>Scalar fields: string columns for VARCHAR and JSON fields; nulls where the field is nullable.</li>
 * </ul>
 *
 * <p>{@link #open} runs the pre-scan: every file's magic numbers and footer are checked (a truncated or foreign
 * file is named, with what was expected and found), the columns resolved, and every file must agree on key kind
 * and vector type and dimension. Splits are row groups, in file order: memory per reader is one row group's
 * projected column chunks plus one batch. Thread-safe: each {@link #open(Split, long)} has its own stream.
 */
public final class ParquetSource implements Source {

    private final ParquetSourceSpec spec;
    private final List<ParquetFileScan> files;
    private final SourceSchema schema;
    private final int listLength;

    private ParquetSource(ParquetSourceSpec spec, List<ParquetFileScan> files, SourceSchema schema, int listLength) {
        this.spec = spec;
        this.files = files;
        this.schema = schema;
        this.listLength = listLength;
    }

    /** Pre-scans every file of the spec (footers, columns, the first row's vector length), then returns the source. */
    public static ParquetSource open(ObjectStore store, ParquetSourceSpec spec) throws IOException {
        List<ParquetFileScan> files = new ArrayList<>();
        for (int i = 0; i < spec.files().size(); i++) {
            files.add(ParquetFileScan.scan(store, i, spec.files().get(i), spec));
        }
        ParquetFileScan first = files.get(0);
        long total = 0;
        for (ParquetFileScan file : files) {
            if (file.columns.keyKind() != first.columns.keyKind()
                    || file.columns.vectorType() != first.columns.vectorType()) {
                throw new FormatException("Parquet files disagree: '" + first.key + "' has " + first.columns.keyKind()
                        + " keys and " + first.columns.vectorType() + ", '" + file.key + "' has "
                        + file.columns.keyKind() + " keys and " + file.columns.vectorType(), Path.of(file.key), -1);
            }
            total = Math.addExact(total, file.rows);
        }
        int listLength = probeListLength(files, spec);
        VectorType type = first.columns.vectorType();
        int dimension = type == VectorType.BINARY_VECTOR ? listLength * 8
                : type == VectorType.FLOAT_VECTOR ? listLength : listLength / 2;
        boolean halfFloats = type == VectorType.FLOAT16_VECTOR || type == VectorType.BFLOAT16_VECTOR;
        if (listLength == 0 || halfFloats && listLength % 2 != 0) {
            ParquetFileScan file = firstWithRows(files);
            throw new FormatException("Parquet file '" + file.key + "' in " + store.describe() + ": the first vector"
                    + " in column '" + spec.vectorField() + "' has " + listLength + " elements, expected "
                    + (listLength == 0 ? "at least one" : "an even count (two bytes a " + type + " dimension)"),
                    Path.of(file.key), -1);
        }
        SourceSchema schema = new SourceSchema(type, dimension, first.columns.keyKind(), Optional.empty(), total,
                spec.scalarFields());
        return new ParquetSource(spec, List.copyOf(files), schema, listLength);
    }

    private static int probeListLength(List<ParquetFileScan> files, ParquetSourceSpec spec) throws IOException {
        ParquetFileScan file = firstWithRows(files);
        if (file == null) {
            throw new FormatException("no Parquet file of the source has a row, so the vector dimension is unknown",
                    Path.of(files.get(0).key), -1);
        }
        int group = 0;
        while (file.footer.getBlocks().get(group).getRowCount() == 0) {
            group++;
        }
        ParquetSplit split = new ParquetSplit(file.index, file.key, group, file.firstRows[group],
                file.footer.getBlocks().get(group).getRowCount());
        try (RowGroupReader reader = RowGroupReader.open(file, split, spec.vectorField(), 0, 0, 1)) {
            return reader.probeListLength();
        }
    }

    private static ParquetFileScan firstWithRows(List<ParquetFileScan> files) {
        return files.stream().filter(f -> f.rows > 0).findFirst().orElse(null);
    }

    @Override
    public SourceSchema schema() {
        return schema;
    }

    /** One split per non-empty row group; {@code maxSplitBytes} does not cut row groups. */
    @Override
    public List<Split> splits(long maxSplitBytes) {
        List<Split> splits = new ArrayList<>();
        for (ParquetFileScan file : files) {
            for (int g = 0; g < file.footer.getBlocks().size(); g++) {
                long rows = file.footer.getBlocks().get(g).getRowCount();
                if (rows > 0) {
                    splits.add(new ParquetSplit(file.index, file.key, g, file.firstRows[g], rows));
                }
            }
        }
        return splits;
    }

    @Override
    public BatchReader open(Split split, long maxBatchBytes) throws IOException {
        if (!(split instanceof ParquetSplit parquet) || parquet.fileIndex() >= files.size()
                || !files.get(parquet.fileIndex()).key.equals(parquet.file())) {
            throw new IllegalArgumentException("not a split of this Parquet source: " + split.id());
        }
        return RowGroupReader.open(files.get(parquet.fileIndex()), parquet, spec.vectorField(), schema.dimension(),
                listLength, maxBatchBytes);
    }

    @Override
    public void close() {
        // every reader owns its stream; the store belongs to the caller
    }
}
