package io.milvusdm.format.hdf5.write;

import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.milvusdm.pipeline.VectorFieldType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The HDF5 element types of the vector datasets, as h5py names them: float32 ({@code <f4}), uint8 ({@code |u1},
 * binary vectors' packed bits), IEEE half ({@code <f2}, which jhdf 0.13 has no constant for), uint16
 * ({@code <u2}, bfloat16's bits), int8 ({@code |i1}); and the CSR parts of sparse vectors.
 */
final class VectorDataTypes {

    static final DataType FLOAT32 = FloatingPoint.FLOAT;
    static final DataType UINT8 = new FixedPoint(1, false);
    static final DataType INT8 = new FixedPoint(1, true);
    static final DataType UINT16 = new FixedPoint(2, false);
    static final DataType UINT32 = new FixedPoint(4, false);
    static final DataType INT64 = new FixedPoint(8, true);
    /** IEEE 754 binary16, little-endian: what numpy's float16 is and h5py writes ({@code H5T_IEEE_F16LE}). */
    static final DataType FLOAT16 = half();

    private VectorDataTypes() {
    }

    /** The element type of a dense vector field's dataset. */
    static DataType denseElement(VectorFieldType type) {
        return switch (type) {
            case FLOAT_VECTOR -> FLOAT32;
            case BINARY_VECTOR -> UINT8;
            case FLOAT16_VECTOR -> FLOAT16;
            case BFLOAT16_VECTOR -> UINT16;
            case INT8_VECTOR -> INT8;
            case SPARSE_FLOAT_VECTOR -> throw new IllegalArgumentException("sparse vectors have no dense dataset");
        };
    }

    /** Elements a row of a dense vector field's dataset: {@code dim}, or {@code dim / 8} bytes of bits. */
    static int denseWidth(VectorFieldType type, int dimension) {
        return type == VectorFieldType.BINARY_VECTOR ? dimension / 8 : dimension;
    }

    /**
     * A datatype message (HDF5 spec IV.A.2.d, class 1 version 1) read back by jhdf: little-endian, implied leading
     * mantissa bit, sign at bit 15, 5 exponent bits at 10 with bias 15, 10 mantissa bits at 0.
     */
    private static DataType half() {
        ByteBuffer message = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        message.put((byte) 0x11).put((byte) 0x20).put((byte) 15).put((byte) 0).putInt(2);
        message.putShort((short) 0).putShort((short) 16);
        message.put((byte) 10).put((byte) 5).put((byte) 0).put((byte) 10).putInt(15);
        return DataType.readDataType(message.flip());
    }
}
