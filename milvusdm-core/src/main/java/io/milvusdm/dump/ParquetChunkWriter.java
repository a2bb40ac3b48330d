package io.milvusdm.dump;

import io.milvusdm.format.parquet.ParquetBatchWriter;
import io.milvusdm.format.parquet.ParquetLayout;
import io.milvusdm.format.parquet.ParquetWriteOptions;
import io.milvusdm.pipeline.VectorBatch;
import java.io.IOException;
import java.util.List;

/**
 * A chunk as one Parquet file, {@code <chunk>.parquet}, in the layout Milvus bulk import reads (BulkWriter's: the
 * key int64 or string, the vectors a list of float or uint8, then each scalar field as {@link ParquetLayout} says),
 * streamed into its object one row group at a time.
 */
final class ParquetChunkWriter implements ChunkWriter {

    private final String name;
    private final HashingOutputStream hash;
    private final ParquetBatchWriter writer;
    private final ChunkPlan.Chunk chunk;

    ParquetChunkWriter(DumpTarget target, ChunkPlan.Chunk chunk, DumpColumns columns) throws IOException {
        this.chunk = chunk;
        this.name = file(chunk);
        DumpManifest.Schema schema = columns.schema();
        ParquetLayout layout = new ParquetLayout(columns.keyField(), schema.keyKind(), columns.vectorField(),
                schema.vectorType(), schema.dimension(), columns.fields());
        this.hash = new HashingOutputStream(target.store().create(target.key(name)));
        this.writer = ParquetBatchWriter.open(hash, target.describe() + "/" + name, layout,
                ParquetWriteOptions.defaults());
    }

    static String file(ChunkPlan.Chunk chunk) {
        return chunk.name() + ".parquet";
    }

    @Override
    public void write(VectorBatch batch) throws IOException {
        writer.write(batch);
    }

    @Override
    public long bytesWritten() {
        return writer.bytesWritten();
    }

    @Override
    public List<DumpManifest.FileEntry> finish() throws IOException {
        if (writer.rowsWritten() != chunk.rows()) {
            throw new DumpException(name + ": " + writer.rowsWritten() + " rows written, the chunk holds " + chunk.rows());
        }
        return finishEarly();
    }

    @Override
    public List<DumpManifest.FileEntry> finishEarly() throws IOException {
        writer.close();
        return List.of(new DumpManifest.FileEntry(name, hash.bytes(), hash.sha256Hex()));
    }

    @Override
    public void abandon() {
        try {
            writer.abort();
        } catch (IOException e) {
            // the manifest never names a chunk that failed
        }
    }
}
