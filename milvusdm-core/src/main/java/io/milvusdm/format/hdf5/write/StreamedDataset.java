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
import io.jhdf.object.message.Message;
import io.jhdf.storage.HdfFileChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A contiguous dataset whose bytes are copied from elsewhere (the sink's staging file) when jhdf writes the file
 * at {@code close()}, instead of from a Java array held until then: jhdf calls {@link #write} with the position
 * of the dataset's object header, and the data follows the header, as jhdf's own {@code WritableDatasetImpl}
 * lays a contiguous dataset out. It is written once and cannot be read back through the writer.
 */
final class StreamedDataset extends AbstractWritableNode implements WritableDataset {

    /** Writes the dataset's bytes, exactly {@code bytes} of them, at the channel's position. */
    @FunctionalInterface
    interface Content {
        void writeTo(FileChannel out) throws IOException;
    }

    private final DataType dataType;
    private final DataSpace dataSpace;
    private final long[] dimensions;
    private final Content content;

    /**
     * @param prototype a one-row array of the dataset's Java type and inner shape ({@code new float[1][d]},
     *     {@code new long[1]}): jhdf derives the dataspace's rank from it; its rows are then set to {@code rows}
     */
    StreamedDataset(Group parent, String name, DataType dataType, Object prototype, long[] dimensions,
                    Content content) {
        super(parent, name);
        this.dataType = dataType;
        this.dimensions = dimensions.clone();
        this.dataSpace = DataSpace.modifyDimensions(DataSpace.fromObject(prototype), this.dimensions);
        this.content = content;
    }

    @Override
    public long write(HdfFileChannel hdfFileChannel, long position) {
        List<Message> messages = new ArrayList<>();
        messages.add(DataTypeMessage.create(dataType));
        messages.add(DataSpaceMessage.create(dataSpace));
        messages.add(FillValueMessage.NO_FILL);
        // Address and size are fixed-width fields, so the header's length does not depend on their values.
        int layoutIndex = messages.size();
        messages.add(ContiguousDataLayoutMessage.create(0, 0));
        if (!getAttributes().isEmpty()) {
            messages.add(AttributeInfoMessage.create());
            for (Map.Entry<String, Attribute> attribute : getAttributes().entrySet()) {
                messages.add(AttributeMessage.create(attribute.getKey(), attribute.getValue()));
            }
        }
        int headerBytes = new ObjectHeader.ObjectHeaderV2(position, messages).toBuffer().limit();
        long dataAddress = position + headerBytes;
        long dataBytes = getSizeInBytes();
        try {
            FileChannel out = hdfFileChannel.getFileChannel();
            out.position(dataAddress);
            content.writeTo(out);
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
        var header = new ObjectHeader.ObjectHeaderV2(position, messages).toBuffer();
        if (header.limit() != headerBytes) {
            throw new IllegalStateException("dataset '" + getName() + "': object header grew from " + headerBytes
                    + " to " + header.limit() + " bytes once its data address was set");
        }
        hdfFileChannel.write(header, position);
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
        return DataLayout.CONTIGUOUS;
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
