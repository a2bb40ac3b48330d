package io.milvusdm.format.faiss;

import io.milvusdm.format.BinaryInput;
import io.milvusdm.format.faiss.codec.CenteringInverse;
import io.milvusdm.format.faiss.codec.InverseTransform;
import io.milvusdm.format.faiss.codec.LinearTransformInverse;
import io.milvusdm.format.faiss.codec.NormalizationInverse;
import io.milvusdm.format.faiss.codec.RemapDimensionsInverse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Builds the inverses of a pre-transform chain from the matrices and vectors in the index file. */
final class InverseTransforms {

    private InverseTransforms() {
    }

    /** The inverses in the order a decoder applies them: the chain's last transform first. */
    static List<InverseTransform> load(List<TransformParams> chain, BinaryInput in) throws IOException {
        List<InverseTransform> inverses = new ArrayList<>(chain.size());
        for (int i = chain.size() - 1; i >= 0; i--) {
            inverses.add(inverse(chain.get(i), in));
        }
        return inverses;
    }

    private static InverseTransform inverse(TransformParams t, BinaryInput in) throws IOException {
        if (t instanceof TransformParams.Linear linear) {
            float[] a = FaissDecoder.floats(in, linear.a());
            float[] b = linear.haveBias() ? FaissDecoder.floats(in, linear.b()) : null;
            return new LinearTransformInverse(linear.dIn(), linear.dOut(), a, b, linear.haveBias());
        } else if (t instanceof TransformParams.RemapDimensions remap) {
            return new RemapDimensionsInverse(remap.dIn(), remap.dOut(), ints(in, remap.map()));
        } else if (t instanceof TransformParams.Centering centering) {
            return new CenteringInverse(FaissDecoder.floats(in, centering.mean()));
        } else if (t instanceof TransformParams.Normalization normalization) {
            return new NormalizationInverse(normalization.dIn(), normalization.norm());
        }
        // The planner refuses ITQ and Hadamard chains before any decoder is built.
        throw new IllegalStateException("no inverse for the " + t.fourcc() + " transform");
    }

    private static int[] ints(BinaryInput in, Section section) throws IOException {
        if (section.length() > Integer.MAX_VALUE - 8) {
            throw in.error("a remap of " + section.length() + " bytes does not fit in memory", section.offset());
        }
        byte[] bytes = new byte[(int) section.length()];
        in.readBytes(section.offset(), bytes, 0, bytes.length);
        int[] values = new int[bytes.length / Integer.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(values);
        return values;
    }
}
