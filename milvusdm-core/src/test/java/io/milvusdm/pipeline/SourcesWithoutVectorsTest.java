package io.milvusdm.pipeline;

import io.milvusdm.dump.DumpFormat;
import io.milvusdm.dump.DumpManifest;
import io.milvusdm.dump.DumpOptions;
import io.milvusdm.dump.DumpTarget;
import io.milvusdm.dump.Dumper;
import io.milvusdm.format.faiss.write.FaissSink;
import io.milvusdm.format.faiss.write.FaissWriteSpec;
import io.milvusdm.format.hdf5.write.Hdf5Sink;
import io.milvusdm.format.hdf5.write.Hdf5WriteSpec;
import io.milvusdm.storage.LocalObjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A source without dense vectors (a Milvus collection of sparse vectors, or of text and a BM25 function): its
 * batches carry only a row count for vectors, and file targets, which hold one vector a row, refuse it before
 * writing anything, naming its fields.
 */
class SourcesWithoutVectorsTest {

    private static final List<ScalarField> FIELDS = List.of(ScalarField.varchar("body", 512, false),
            ScalarField.wire("sp", ScalarType.VECTOR, false));
    private static final SourceSchema SCHEMA = new SourceSchema(VectorType.NONE, 0, KeyKind.INT64, Optional.empty(),
            3, FIELDS);
    private static final String FIELDS_TEXT = "the source has no dense vector field (its fields: body VARCHAR(512), "
            + "sp VECTOR); ";
    private static final String ELSEWHERE = "; such a collection is copied to Milvus only (milvusdm migrate --job, "
            + "Milvus to Milvus)";

    @TempDir
    Path dir;

    @Test
    void a_schema_without_vectors_has_dimension_0_and_others_a_positive_one() {
        assertThat(SCHEMA.dimension()).isZero();
        assertThatThrownBy(() -> new SourceSchema(VectorType.NONE, 4, KeyKind.INT64, Optional.empty(), 3))
                .hasMessage("a source without vectors has dimension 0, got 4");
        assertThatThrownBy(() -> new SourceSchema(VectorType.FLOAT_VECTOR, 0, KeyKind.INT64, Optional.empty(), 3))
                .hasMessage("dimension must be positive, got 0");
        assertThat(new SourceSchema(VectorType.FLOAT_VECTOR, 4, KeyKind.INT64, Optional.empty(), 3)
                .withoutVectorsMessage("x")).isNull();
    }

    @Test
    void a_batch_without_vectors_counts_its_rows_and_bytes_from_keys_and_columns() {
        Split split = new Split() {
            @Override
            public String id() {
                return "s";
            }

            @Override
            public long rowCount() {
                return 3;
            }
        };
        ScalarColumn body = new ScalarColumn.VarcharColumn("body", new String[] {"a", "bc", null});
        ScalarColumn sparse = new ScalarColumn.WireColumn("sp", ScalarType.VECTOR, 3, new byte[40]);

        VectorBatch batch = new VectorBatch(split, 0, new PrimaryKeys.Int64Keys(new long[] {1, 2, 3}),
                new NoVectors(3), List.of(body, sparse));

        assertThat(batch.rowCount()).isEqualTo(3);
        assertThat(batch.vectors().type()).isEqualTo(VectorType.NONE);
        assertThat(batch.byteSize()).isEqualTo(3 * 8 + body.byteSize() + 40);
        assertThatThrownBy(() -> new VectorBatch(split, 0, null, new NoVectors(2), List.of(body)))
                .hasMessage("column 'body' has 3 rows, the vectors 2, in split s");
    }

    @Test
    void file_targets_refuse_it_naming_its_fields_before_writing() {
        Path h5 = dir.resolve("out.h5");
        assertThatThrownBy(() -> new Hdf5Sink(Hdf5WriteSpec.overwrite(h5), source(), RunOptions.defaults())
                .prepare(SCHEMA, false, -1)).isInstanceOf(IOException.class)
                .hasMessage(FIELDS_TEXT + "an HDF5 file (" + h5 + ") holds one float32 or binary vector a row" + ELSEWHERE);
        Path index = dir.resolve("out.index");
        assertThatThrownBy(() -> new FaissSink(FaissWriteSpec.flat(index, FaissWriteSpec.Kind.FLAT,
                FaissWriteSpec.Metric.L2), source(), RunOptions.defaults()).prepare(SCHEMA, false, -1))
                .isInstanceOf(IOException.class)
                .hasMessage(FIELDS_TEXT + "a Faiss index (" + index + ") holds one float or binary vector a row" + ELSEWHERE);
        DumpTarget target = DumpTarget.of(new LocalObjectStore(dir), "", "docs");
        assertThatThrownBy(() -> new Dumper(source(), target, new DumpOptions(DumpFormat.PARQUET, 1, 1 << 20, 4096),
                ProgressListener.NONE).run(new DumpManifest.SourceIdentity("collection 'docs'", "f"), "docs"))
                .hasMessage(FIELDS_TEXT + "a parquet dump of collection 'docs' holds one dense vector a row" + ELSEWHERE);
        assertThat(dir).isEmptyDirectory();
    }

    /** A source whose schema is all a target reads before it refuses. */
    private static Source source() {
        return new Source() {
            @Override
            public SourceSchema schema() {
                return SCHEMA;
            }

            @Override
            public List<Split> splits(long maxSplitBytes) {
                throw new AssertionError("no split may be cut");
            }

            @Override
            public BatchReader open(Split split, long maxBatchBytes) {
                throw new AssertionError("no split may be read");
            }

            @Override
            public void close() {
            }
        };
    }
}
