package io.milvusdm.format.hdf5;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.milvusdm.format.FormatException;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What one batch reader holds open on its file: its own {@link FileChannel} for contiguous datasets, a lease
 * on the shared jhdf file for chunked ones. Opened on first need, released together.
 */
final class Hdf5ReaderResources implements Closeable {

    private final Path file;
    private final SharedHdfFiles shared;
    private FileChannel channel;
    private HdfFile hdf;

    Hdf5ReaderResources(Path file, SharedHdfFiles shared) {
        this.file = file;
        this.shared = shared;
    }

    RowSource rowSource(Hdf5Column column) throws IOException {
        Hdf5Storage storage = column.storage();
        if (storage instanceof Hdf5Storage.Contiguous contiguous) {
            return new ContiguousRowSource(channel(), file, column, contiguous);
        }
        if (storage instanceof Hdf5Storage.Chunked chunked) {
            return new ChunkedRowSource(chunkedDataset(column), file, column, chunked);
        }
        throw new IllegalStateException("dataset '" + column.dataset() + "' has no rows to read");
    }

    private FileChannel channel() throws IOException {
        if (channel == null) {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        }
        return channel;
    }

    private ChunkedDataset chunkedDataset(Hdf5Column column) throws IOException {
        if (hdf == null) {
            hdf = shared.acquire(file);
        }
        Dataset dataset;
        try {
            dataset = hdf.getDatasetByPath(column.dataset());
        } catch (RuntimeException e) {
            throw Hdf5Files.wrap(file, "cannot open dataset '" + column.dataset() + "'", e);
        }
        if (dataset instanceof ChunkedDataset chunked) {
            return chunked;
        }
        throw new FormatException("dataset '" + column.dataset() + "' is no longer chunked: the file changed"
                + " after the pre-scan", file, -1);
    }

    @Override
    public void close() throws IOException {
        if (hdf != null) {
            hdf = null;
            shared.release(file);
        }
        if (channel != null) {
            FileChannel open = channel;
            channel = null;
            open.close();
        }
    }
}
