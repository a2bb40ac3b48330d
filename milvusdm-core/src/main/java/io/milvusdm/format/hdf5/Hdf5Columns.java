package io.milvusdm.format.hdf5;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.EnumDataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.datatype.StringData;
import io.milvusdm.format.FormatException;
import io.milvusdm.format.UnsupportedFormatException;
import io.milvusdm.format.hdf5.Hdf5Column.ValueKind;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

/** Describes a jhdf {@link Dataset} as an {@link Hdf5Column}: element encoding, shape and where the bytes are. */
final class Hdf5Columns {

    private Hdf5Columns() {
    }

    /**
     * Describes a dataset of rank 1 or 2 and checks that its bytes lie inside the file.
     *
     * @param fileSize the file's size in bytes
     */
    static Hdf5Column describe(Path file, HdfFile hdf, Dataset dataset, long fileSize) throws FormatException {
        String name = relativePath(dataset);
        long[] shape = dataset.getDimensionsAsLong();
        if (shape.length < 1 || shape.length > 2) {
            throw new UnsupportedFormatException("dataset '" + name + "' has shape " + Arrays.toString(shape)
                    + "; expected 1 or 2 dimensions", file, -1);
        }
        long rows = shape[0];
        long columns = shape.length == 2 ? shape[1] : 1;
        if (columns > Integer.MAX_VALUE) {
            throw new UnsupportedFormatException("dataset '" + name + "' has " + columns + " columns", file, -1);
        }
        DataType type = dataset.getDataType();
        if (type instanceof EnumDataType enumerated && enumerated.getBaseType() instanceof FixedPoint) {
            // h5py's bool (an enum over int8) and other integer enums: their values are their base type's
            type = enumerated.getBaseType();
        }
        ValueKind kind = kindOf(file, name, type);
        ByteOrder order = type instanceof FloatingPoint fp ? fp.getByteOrder()
                : type instanceof FixedPoint fx ? fx.getByteOrder() : ByteOrder.LITTLE_ENDIAN;
        Hdf5Column partial = new Hdf5Column(name, kind, type.getSize(), order, shape.length, rows, (int) columns,
                new Hdf5Storage.NoData());
        Hdf5Storage storage = storageOf(file, hdf, dataset, partial, fileSize);
        return new Hdf5Column(name, kind, type.getSize(), order, shape.length, rows, (int) columns, storage);
    }

    private static ValueKind kindOf(Path file, String name, DataType type) throws FormatException {
        if (type instanceof FloatingPoint) {
            return ValueKind.FLOAT;
        }
        if (type instanceof FixedPoint fixed) {
            return fixed.isSigned() ? ValueKind.SIGNED_INT : ValueKind.UNSIGNED_INT;
        }
        if (type instanceof StringData) {
            return ValueKind.FIXED_BYTES;
        }
        throw new UnsupportedFormatException("dataset '" + name + "' has HDF5 type class " + type.getDataClass()
                + " (" + type.getClass().getSimpleName() + "); expected numbers or fixed-length byte strings",
                file, -1);
    }

    private static Hdf5Storage storageOf(Path file, HdfFile hdf, Dataset dataset, Hdf5Column column, long fileSize)
            throws FormatException {
        if (column.rows() == 0 || column.elementsPerRow() == 0) {
            return new Hdf5Storage.NoData();
        }
        if (dataset instanceof ContiguousDataset contiguous) {
            if (contiguous.isEmpty()) {
                throw new UnsupportedFormatException("dataset '" + column.dataset() + "' has " + column.rows()
                        + " rows but no data was ever written to it", file, -1);
            }
            // jhdf's addresses are relative to the superblock, which a user block moves.
            long offset = contiguous.getDataAddress() + hdf.getUserBlockSize();
            checkInsideFile(file, column, offset, fileSize);
            return new Hdf5Storage.Contiguous(offset);
        }
        if (dataset instanceof ChunkedDataset chunked) {
            int[] chunk = chunked.getChunkDimensions();
            if (chunk.length < 1 || chunk[0] <= 0 || chunk.length > 1 && chunk[1] <= 0) {
                throw new FormatException("dataset '" + column.dataset() + "' has invalid chunk dimensions "
                        + Arrays.toString(chunk), file, -1);
            }
            int chunkColumns = chunk.length > 1 ? chunk[1] : 1;
            if ((long) chunk[0] * chunkColumns * column.elementSize() > Integer.MAX_VALUE - 8) {
                throw new UnsupportedFormatException("dataset '" + column.dataset() + "' has chunks of "
                        + Arrays.toString(chunk) + " elements, over 2 GiB each", file, -1);
            }
            return new Hdf5Storage.Chunked(chunk[0], chunkColumns);
        }
        throw new UnsupportedFormatException("dataset '" + column.dataset() + "' has the "
                + dataset.getDataLayout() + " layout; milvusdm reads contiguous and chunked datasets", file, -1);
    }

    private static void checkInsideFile(Path file, Hdf5Column column, long offset, long fileSize)
            throws FormatException {
        long length = Math.multiplyExact(column.rows(), column.rowBytes());
        if (offset < 0 || offset > fileSize || length > fileSize - offset) {
            throw new FormatException("dataset '" + column.dataset() + "' needs bytes 0x" + Long.toHexString(offset)
                    + "..0x" + Long.toHexString(offset + length) + " (" + column.rows() + " rows x "
                    + column.rowBytes() + " bytes) but the file has 0x" + Long.toHexString(fileSize)
                    + " bytes: truncated?", file, offset);
        }
    }

    private static String relativePath(Dataset dataset) {
        String path = dataset.getPath();
        return path.startsWith("/") ? path.substring(1) : path;
    }
}
