package io.milvusdm.similarity.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Vectors as SQLite blobs: little-endian float32, four bytes per dimension. */
final class FloatBlobs {

    private FloatBlobs() {
    }

    static byte[] encode(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return buffer.array();
    }

    static float[] decode(byte[] data) {
        float[] vector = new float[data.length / Float.BYTES];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }
}
