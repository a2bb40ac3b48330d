package io.milvusdm.format.hdf5.write;

import io.jhdf.AbstractWritableNode;
import io.jhdf.Constants;
import io.jhdf.ObjectHeader;
import io.jhdf.api.Attribute;
import io.jhdf.api.Group;
import io.jhdf.api.NodeType;
import io.jhdf.api.WritableDataset;
import io.jhdf.filter.PipelineFilterWithData;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.message.AttributeInfoMessage;
import io.jhdf.object.message.AttributeMessage;
import io.jhdf.object.message.DataLayout;
import io.jhdf.object.message.DataLayoutMessage.ContiguousDataLayoutMessage;
import io.jhdf.object.message.DataSpace;
import io.jhdf.object.message.DataSpaceMessage;
import io.jhdf.object.message.DataTypeMessage;
import io.jhdf.object.message.FillValueMessage;
import io.jhdf.object.message.FilterPipelineMessage;
import io.jhdf.object.message.Message;
import io.jhdf.storage.HdfFileChannel;
import io.milvusdm.format.StagingFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A dataset whose bytes are copied from elsewhere (the sink's staging file) when jhdf writes the file at
 * {@code close()}, instead of from a Java array held until then: jhdf calls {@link #write} with the position of
 * the dataset's object header, and the data follows the header, as jhdf's own {@code WritableDatasetImpl} lays a
 * dataset out. Contiguous, or, with a {@link Chunking}, chunked through {@link ChunkWriter} (shuffle + deflate,
 * a fixed-array chunk index). It is written once and cannot be read back through the writer.
 */
final class StreamedDataset extends AbstractWritableNode implements WritableDataset {

    /** Writes the dataset's bytes, exactly its size of them, in row order, to {@code out}. */
    @FunctionalInterface
    interface Content {
        void writeTo(ByteTarget out) throws IOException;
    }

    /** Where content goes: staging-file ranges (copied in the kernel where the layout allows) or buffers. */
    interface ByteTarget {
        void copy(StagingFile staging, long position, long count) throws IOException;

        void write(ByteBuffer bytes) throws IOException;
    }

    /**
     * Chunked storage: rows per chunk and the deflate level (shuffle first).
     */
    record Chunking(int chunkRows, int gzipLevel) {
    }

    private final DataType dataType;
    private final DataSpace dataSpace;
    private final long[] dimensions;
    private final Content content;
    private final Chunking chunking;

    /**
     * @param prototype a one-row array of the dataset's Java type and inner shape ({@code new float[1][d]},
     *     {@code new long[1]}): jhdf derives the dataspace's rank from it; its rows are then set to {@code rows}
     * @param chunking null for a contiguous dataset
     */
    StreamedDataset(Group parent, String name, DataType dataType, Object prototype, long[] dimensions,
                    Content content, Chunking chunking) {
        super(parent, name);
        this.dataType = dataType;
        this.dimensions = dimensions.clone();
        this.dataSpace = DataSpace.modifyDimensions(DataSpace.fromObject(prototype), this.dimensions);
        this.content = content;
        // An empty dataset has no chunk to write: it stays contiguous, with no storage.
        this.chunking = dimensions[0] == 0 ? null : chunking;
    }

    @Override
    public long write(HdfFileChannel hdfFileChannel, long position) {
        return chunking == null ? writeContiguous(hdfFileChannel, position) : writeChunked(hdfFileChannel, position);
    }

    private long writeChunked(HdfFileChannel hdfFileChannel, long position) {
        ChunkWriter chunks = new ChunkWriter(hdfFileChannel.getFileChannel(), dataType.getSize(), dimensions,
                chunking.chunkRows(), chunking.gzipLevel());
        List<Message> messages = new ArrayList<>();
        messages.add(DataTypeMessage.create(dataType));
        messages.add(DataSpaceMessage.create(dataSpace));
        messages.add(FillValueMessage.NO_FILL);
        messages.add(FilterPipelineMessage.create(chunks.filters()));
        int layoutIndex = messages.size();
        messages.add(chunks.layoutMessage(Constants.UNDEFINED_ADDRESS, 0));
        addAttributes(messages);
        int headerBytes = new ObjectHeader.ObjectHeaderV2(position, messages).toBuffer().limit();
        long end;
        try {
            chunks.start(position + headerBytes);
            content.writeTo(chunks);
            end = chunks.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (chunks.rowsWritten() != dimensions[0]) {
            throw new IllegalStateException("dataset '" + getName() + "' " + Arrays.toString(dimensions)
                    + ": expected " + dimensions[0] + " rows of data, wrote " + chunks.rowsWritten());
        }
        messages.set(layoutIndex, chunks.finalLayoutMessage());
        writeHeader(hdfFileChannel, position, messages, headerBytes);
        return end;
    }

    private void addAttributes(List<Message> messages) {
        if (!getAttributes().isEmpty()) {
            messages.add(AttributeInfoMessage.create());
            for (Map.Entry<String, Attribute> attribute : getAttributes().entrySet()) {
                messages.add(AttributeMessage.create(attribute.getKey(), attribute.getValue()));
            }
        }
    }

    private void writeHeader(HdfFileChannel hdfFileChannel, long position, List<Message> messages, int headerBytes) {
        var header = new ObjectHeader.ObjectHeaderV2(position, messages).toBuffer();
        if (header.limit() != headerBytes) {
            throw new IllegalStateException("dataset '" + getName() + "': object header grew from " + headerBytes
                    + " to " + header.limit() + " bytes once its data address was set");
        }
        hdfFileChannel.write(header, position);
    }

    private long writeContiguous(HdfFileChannel hdfFileChannel, long position) {
        List<Message> messages = new ArrayList<>();
        messages.add(DataTypeMessage.create(dataType));
        messages.add(DataSpaceMessage.create(dataSpace));
        messages.add(FillValueMessage.NO_FILL);
        // Address and size are fixed-width fields, so the header's length does not depend on their values.
        int layoutIndex = messages.size();
        messages.add(ContiguousDataLayoutMessage.create(0, 0));
        addAttributes(messages);
        int headerBytes = new ObjectHeader.ObjectHeaderV2(position, messages).toBuffer().limit();
        long dataAddress = position + headerBytes;
        long dataBytes = getSizeInBytes();
        try {
            FileChannel out = hdfFileChannel.getFileChannel();
            out.position(dataAddress);
            content.writeTo(new ByteTarget() {
                @Override
                public void copy(StagingFile staging, long from, long count) throws IOException {
                    staging.copyTo(from, count, out);
                }

                @Override
                public void write(ByteBuffer bytes) throws IOException {
                    while (bytes.hasRemaining()) {
                        out.write(bytes);
                    }
                }
            });
            if (out.position() != dataAddress + dataBytes) {
                throw new IOException("dataset '" + getName() + "' " + Arrays.toString(dimensions) + ": expected "
                        + dataBytes + " bytes of data, wrote " + (out.position() - dataAddress));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // libhdf5 refuses a defined address with no bytes ("invalid dataset size, likely file corruption", from
        // H5D__contig_check's address + size <= address test): an empty dataset has storage nowhere, as h5py writes it.
        long layoutAddress = dataBytes == 0 ? Constants.UNDEFINED_ADDRESS : dataAddress;
        messages.set(layoutIndex, ContiguousDataLayoutMessage.create(layoutAddress, dataBytes));
        writeHeader(hdfFileChannel, position, messages, headerBytes);
        return dataAddress + dataBytes;
    }

    @Override
    public long getSize() {
        return dataSpace.getTotalLength();
    }

    @Override
    public long getSizeInBytes() {
        return Math.multiplyExact(getSize(), (long) dataType.getSize());
    }

    /** The uncompressed size: the stored size of a chunked dataset is known once written. */
    @Override
    public long getStorageInBytes() {
        return getSizeInBytes();
    }

    @Override
    public int[] getDimensions() {
        return Arrays.stream(dimensions).mapToInt(Math::toIntExact).toArray();
    }

    @Override
    public long[] getDimensionsAsLong() {
        return dimensions.clone();
    }

    @Override
    public boolean isScalar() {
        return false;
    }

    @Override
    public boolean isEmpty() {
        return false;
    }

    @Override
    public boolean isCompound() {
        return false;
    }

    @Override
    public boolean isVariableLength() {
        return false;
    }

    @Override
    public long[] getMaxSize() {
        return dataSpace.getMaxSizes();
    }

    @Override
    public DataLayout getDataLayout() {
        return chunking == null ? DataLayout.CONTIGUOUS : DataLayout.CHUNKED;
    }

    @Override
    public Object getData() {
        throw notReadable();
    }

    @Override
    public Object getDataFlat() {
        throw notReadable();
    }

    @Override
    public Object getData(long[] sliceOffset, int[] sliceDimensions) {
        throw notReadable();
    }

    private UnsupportedOperationException notReadable() {
        return new UnsupportedOperationException("dataset '" + getName() + "' is streamed into the file when it"
                + " is closed; read the written file with HdfFile instead");
    }

    @Override
    public Class<?> getJavaType() {
        return dataType.getJavaType();
    }

    @Override
    public DataType getDataType() {
        return dataType;
    }

    @Override
    public Object getFillValue() {
        return null;
    }

    @Override
    public List<PipelineFilterWithData> getFilters() {
        return List.of();
    }

    @Override
    public NodeType getType() {
        return NodeType.DATASET;
    }

    @Override
    public boolean isGroup() {
        return false;
    }

    @Override
    public long getAddress() {
        throw new UnsupportedOperationException("dataset '" + getName() + "' has no address until it is written");
    }

    @Override
    public boolean isLink() {
        return false;
    }

    @Override
    public boolean isAttributeCreationOrderTracked() {
        return false;
    }
}
