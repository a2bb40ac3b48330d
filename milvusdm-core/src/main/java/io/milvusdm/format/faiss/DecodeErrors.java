package io.milvusdm.format.faiss;

import io.milvusdm.format.faiss.codec.InverseTransform;
import io.milvusdm.format.faiss.codec.InverseTransform.Fidelity;
import io.milvusdm.format.faiss.codec.ScalarQuantizerDecoder;

import java.util.List;
import java.util.OptionalDouble;

/**
 * The verdict and the a-priori error bound of decoded rows, against the vectors faiss was given.
 *
 * <ul>
 *   <li>float32 storage: no error of its own.
 *   <li>SQ: per component, {@code |x̂ - x| <= maxAbsError + maxRelError * |x|} (see
 *       {@link ScalarQuantizerDecoder#maxAbsError()}): half a quantization step of the widest trained range for the
 *       8/6/4-bit types, for originals inside the trained range (encoding clamps the rest); fp16 / bf16 rounding for
 *       those types (2^-25 + 2^-11 |x|, 2^-134 + 2^-8 |x|), whose stored values decode exactly; 1 for 8bit_direct
 *       (exact for integer inputs). Residual codes add the float rounding of adding the centroid back.
 *   <li>PQ (plain, IVF, fast scan): no a-priori bound; the error depends on how far each sub-vector was from its
 *       nearest trained centroid, which the file does not record.
 *   <li>a chain that is not all {@link Fidelity#EXACT}: the per-component form no longer holds (an orthonormal
 *       inverse spreads an error over every component, preserving only its L2 norm), so only the text remains,
 *       naming what each transform does.
 * </ul>
 * A transform that is {@link Fidelity#NOT_INVERTIBLE} makes the rows unreadable, with its reason.
 */
final class DecodeErrors {

    private DecodeErrors() {
    }

    static Recovery verdict(CodedRows rows, ScalarQuantizerDecoder sq, List<InverseTransform> inverses) {
        boolean lossy = storageLossy(rows, sq);
        boolean exactChain = true;
        StringBuilder text = new StringBuilder(storageText(rows, sq));
        for (InverseTransform t : inverses) {
            if (t.fidelity() == Fidelity.NOT_INVERTIBLE) {
                return new Recovery.None(t.reason());
            }
            lossy |= t.fidelity() == Fidelity.LOSSY;
            if (t.fidelity() != Fidelity.EXACT) {
                exactChain = false;
                text.append("; then ").append(t.reason());
            }
        }
        Recovery.ErrorBound storage = storageBound(rows, sq);
        Recovery.ErrorBound bound = exactChain ? new Recovery.ErrorBound(storage.absolute(), storage.relative(),
                text.toString()) : Recovery.ErrorBound.none(text.toString());
        return new Recovery.Decoded(rows.codec(), lossy, bound);
    }

    private static boolean storageLossy(CodedRows rows, ScalarQuantizerDecoder sq) {
        return switch (rows.storage()) {
            case FLOAT -> false;
            case SQ -> !sq.exact();
            case PQ, PQ_FAST_SCAN -> true;
        };
    }

    private static Recovery.ErrorBound storageBound(CodedRows rows, ScalarQuantizerDecoder sq) {
        return switch (rows.storage()) {
            case FLOAT -> new Recovery.ErrorBound(OptionalDouble.of(0), 0, "");
            case SQ -> new Recovery.ErrorBound(OptionalDouble.of(sq.maxAbsError()), sq.maxRelError(), "");
            case PQ, PQ_FAST_SCAN -> Recovery.ErrorBound.none("");
        };
    }

    private static String storageText(CodedRows rows, ScalarQuantizerDecoder sq) {
        String residual = rows.centroids() == null ? "" : ", plus the rounding of adding the coarse centroid back";
        return switch (rows.storage()) {
            case FLOAT -> "float32 rows, read exactly";
            case SQ -> sqText(sq) + residual;
            case PQ, PQ_FAST_SCAN -> "no a-priori bound: each sub-vector was replaced by the nearest of "
                    + (1 << rows.pq().nbits()) + " trained centroids, and how far it was is not recorded"
                    + residual;
        };
    }

    private static String sqText(ScalarQuantizerDecoder sq) {
        String name = ScalarQuantizerDecoder.qtypeName(sq.qtype());
        if (sq.qtype() == 5 || sq.qtype() == 8) {
            return name + " stores whole numbers: exact for integer inputs in its range, else each component was"
                    + " truncated by less than 1";
        }
        if (sq.exact()) {
            return String.format("%s values decode exactly; against the originals |x̂ - x| <= %.3g + %.3g |x| per"
                    + " component (rounding when they were encoded)", name, sq.maxAbsError(), sq.maxRelError());
        }
        return String.format("%s: |x̂ - x| <= %.3g per component for originals inside the trained range (half a"
                + " quantization step); values outside it were clamped to it", name, sq.maxAbsError());
    }
}
