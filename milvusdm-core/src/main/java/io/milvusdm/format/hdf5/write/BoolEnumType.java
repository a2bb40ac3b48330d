package io.milvusdm.format.hdf5.write;

import io.jhdf.BufferBuilder;
import io.jhdf.exceptions.UnsupportedHdfException;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.storage.HdfBackingStorage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * h5py's boolean type, which jhdf 0.13 can read but not write: an HDF5 enumeration over int8 with the members
 * {@code FALSE = 0} and {@code TRUE = 1}, which h5py maps to numpy's {@code bool} (h5t.pyx, TypeEnumID.py_dtype).
 * One byte a value.
 *
 * <h2>Datatype message (HDF5 format spec, IV.A.2.d, class 8, version 1)</h2>
 * <ul>
 *   <li>[byte] class 8 | version 1 &lt;&lt; 4; [3 bytes] class bits: the member count, 2; [int32] size, 1</li>
 *   <li>the base type's datatype message: signed 1-byte fixed point, little-endian</li>
 *   <li>the member names, each null-terminated and padded with nulls to a multiple of 8 bytes</li>
 *   <li>the member values, one base-type value each, in the names' order</li>
 * </ul>
 */
final class BoolEnumType extends DataType {

    static final BoolEnumType INSTANCE = new BoolEnumType();

    private static final int ENUMERATED_CLASS = 8;
    private static final String[] NAMES = {"FALSE", "TRUE"};

    private BoolEnumType() {
        super(ENUMERATED_CLASS, 1);
        // class bits 0-15: the number of members
        classBits.set(1);
    }

    @Override
    public ByteBuffer toBuffer() {
        BufferBuilder out = toBufferBuilder().writeBuffer(new FixedPoint(1, true).toBuffer());
        for (String name : NAMES) {
            byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
            out.writeBytes(bytes).writeBytes(new byte[8 - bytes.length % 8]);
        }
        return out.writeByte(0).writeByte(1).build();
    }

    @Override
    public Class<?> getJavaType() {
        return boolean.class;
    }

    @Override
    public Object fillData(ByteBuffer buffer, int[] dimensions, HdfBackingStorage storage) {
        throw new UnsupportedHdfException("the bool type is written only; jhdf reads it back as an enum");
    }
}
