package io.milvusdm.format.faiss;

import io.milvusdm.format.BinaryInput;
import io.milvusdm.format.FormatException;
import io.milvusdm.format.UnsupportedFormatException;
import io.milvusdm.format.faiss.codec.InverseTransform;
import io.milvusdm.format.faiss.codec.PqFastScanUnpacker;
import io.milvusdm.format.faiss.codec.ProductQuantizerDecoder;
import io.milvusdm.format.faiss.codec.ScalarQuantizerDecoder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The loaded decoder of a {@link CodedRows}: the SQ or PQ decoder (with the fast-scan unpacker) built from the
 * parameters in the file, and the inverses of the pre-transform chain, last transform first. Immutable and shared
 * by every reader of a source; the per-reader buffers are in {@link CodedRowReader}.
 *
 * <p>It also settles the verdict ({@link #recovery()}): a transform with no inverse makes the file unreadable
 * ({@link Recovery.None}, with the transform's reason); otherwise the vectors are {@link Recovery.Decoded}, lossy
 * when the storage quantizes (SQ range types, PQ) or a transform loses information (a PCA that reduces the
 * dimension, L2 normalisation, a remap that drops dimensions). SQ fp16 / bf16 / 8bit_direct(_signed) decode to the
 * stored values themselves, and orthonormal transforms and centering invert within float rounding: neither is
 * lossy. See {@link DecodeErrors} for the bound.
 */
final class FaissDecoder {

    private final CodedRows rows;
    private final ScalarQuantizerDecoder sq;
    private final ProductQuantizerDecoder pq;
    private final PqFastScanUnpacker unpacker;
    /** In the order they are applied when decoding: the last transform of the chain first. */
    private final List<InverseTransform> inverses;
    private final Recovery recovery;

    private FaissDecoder(CodedRows rows, ScalarQuantizerDecoder sq, ProductQuantizerDecoder pq,
                         List<InverseTransform> inverses) {
        this.rows = rows;
        this.sq = sq;
        this.pq = pq;
        this.unpacker = rows.storage() == CodedRows.Storage.PQ_FAST_SCAN
                ? new PqFastScanUnpacker(rows.pq().m(), rows.bbs()) : null;
        this.inverses = List.copyOf(inverses);
        this.recovery = DecodeErrors.verdict(rows, sq, this.inverses);
    }

    /** Reads the parameters of {@code rows} from the index file and builds the decoders. */
    static FaissDecoder load(CodedRows rows, BinaryInput in) throws IOException {
        ScalarQuantizerDecoder sq = null;
        ProductQuantizerDecoder pq = null;
        long at = 0;
        try {
            if (rows.storage() == CodedRows.Storage.SQ) {
                at = rows.sq().trained().offset();
                sq = new ScalarQuantizerDecoder(rows.sq().qtype(), rows.innerD(), floats(in, rows.sq().trained()));
            } else if (rows.pq() != null) {
                at = rows.pq().centroids().offset();
                pq = new ProductQuantizerDecoder(rows.innerD(), rows.pq().m(), rows.pq().nbits(),
                        floats(in, rows.pq().centroids()));
            }
            return new FaissDecoder(rows, sq, pq, InverseTransforms.load(rows.chain(), in));
        } catch (IllegalArgumentException e) {
            throw unsupportedOrCorrupt(e, in.file(), at);
        }
    }

    private static FormatException unsupportedOrCorrupt(IllegalArgumentException e, Path file, long at) {
        String message = "cannot decode the codes: " + e.getMessage();
        return e.getMessage() != null && e.getMessage().contains("not supported")
                ? new UnsupportedFormatException(message, file, at) : new FormatException(message, file, at, e);
    }

    /** The float32 values of a section, which must fit one Java array. */
    static float[] floats(BinaryInput in, Section section) throws IOException {
        if (section.length() / Float.BYTES > Integer.MAX_VALUE - 8) {
            throw in.error(section.length() + " bytes of parameters do not fit in memory", section.offset());
        }
        float[] values = new float[(int) (section.length() / Float.BYTES)];
        in.readFloats(section.offset(), values, 0, values.length);
        return values;
    }

    CodedRows rows() {
        return rows;
    }

    /** Decoded or none. */
    Recovery recovery() {
        return recovery;
    }

    /** The fast-scan unpacker, or {@code null}. */
    PqFastScanUnpacker unpacker() {
        return unpacker;
    }

    List<InverseTransform> inverses() {
        return inverses;
    }

    /** The widest vector along the chain: what a reader's float buffers hold per row. */
    int maxWidth() {
        int width = rows.innerD();
        for (InverseTransform t : inverses) {
            width = Math.max(width, Math.max(t.dIn(), t.dOut()));
        }
        return width;
    }

    /** Decodes {@code n} plain codes (SQ, or PQ: fast-scan codes unpacked first) into {@code n * innerD} floats. */
    void decodeCodes(byte[] codes, int codeOffset, int n, float[] out, int outOffset) {
        if (sq != null) {
            sq.decode(codes, codeOffset, n, out, outOffset);
        } else {
            pq.decode(codes, codeOffset, n, out, outOffset);
        }
    }
}
