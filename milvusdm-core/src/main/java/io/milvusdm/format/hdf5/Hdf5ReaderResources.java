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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one batch reader holds open on its file: its own {@link FileChannel} for contiguous datasets, a lease
 * on the shared jhdf file for chunked ones, and the row sources (with their inflaters) it made. Opened on first
 * need, released together.
 */
final class Hdf5ReaderResources implements Closeable {

    private final Path file;
    private final SharedHdfFiles shared;
    private FileChannel channel;
    private HdfFile hdf;
    private final List<RowSource> sources = new ArrayList<>();

    Hdf5ReaderResources(Path file, SharedHdfFiles shared) {
        this.file = file;
        this.shared = shared;
    }

    RowSource rowSource(Hdf5Column column) throws IOException {
        Hdf5Storage storage = column.storage();
        RowSource source;
        if (storage instanceof Hdf5Storage.Contiguous contiguous) {
            source = new ContiguousRowSource(channel(), file, column, contiguous);
        } else if (storage instanceof Hdf5Storage.Chunked chunked) {
            source = chunkedSource(column, chunked);
        } else {
            throw new IllegalStateException("dataset '" + column.dataset() + "' has no rows to read");
        }
        sources.add(source);
        return source;
    }

    /** Decodes deflate, shuffle and fletcher32 itself; leaves any other pipeline to jhdf. */
    private RowSource chunkedSource(Hdf5Column column, Hdf5Storage.Chunked chunked) throws IOException {
        ChunkedDataset dataset = chunkedDataset(column);
        Optional<ChunkFilters> filters = filters(dataset, column, chunked);
        if (filters.isEmpty()) {
            return new ChunkedRowSource(dataset, file, column, chunked, null, 0);
        }
        ChunkDecoder decoder = new ChunkDecoder(filters.get(), file, column.dataset());
        return new ChunkedRowSource(dataset, file, column, chunked, decoder, filters.get().deferredShuffle());
    }

    private static Optional<ChunkFilters> filters(ChunkedDataset dataset, Hdf5Column column,
                                                  Hdf5Storage.Chunked chunked) {
        int chunkBytes = chunked.chunkRows() * chunked.chunkColumns() * column.elementSize();
        try {
            return ChunkFilters.of(dataset.getFilters(), chunkBytes, column.elementSize());
        } catch (RuntimeException e) {
            // A pipeline jhdf cannot build fails on the first chunk read through jhdf, with jhdf's own message.
            return Optional.empty();
        }
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
        for (RowSource source : sources) {
            source.close();
        }
        sources.clear();
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
