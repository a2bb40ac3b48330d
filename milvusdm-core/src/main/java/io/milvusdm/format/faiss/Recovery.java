package io.milvusdm.format.faiss;

import java.util.Objects;
import java.util.OptionalDouble;

/** Whether, and how well, the vectors of a Faiss file can be recovered. */
public sealed interface Recovery permits Recovery.Exact, Recovery.Decoded, Recovery.None {

    /** The file stores the vectors themselves (float32 rows or packed bits): they are read bit for bit. */
    record Exact() implements Recovery {
    }

    /**
     * The file stores codes (scalar or product quantized, or transformed vectors) that a decoder turns back
     * into vectors.
     *
     * @param codec what is decoded, storage last, e.g. {@code "SQ QT_8bit"} or {@code "Pcam>PQ 6x8"}
     * @param lossy whether the decoded vectors may differ from the originals by more than float rounding; a lossy
     *     file is read only when the job allows it. SQ fp16 / bf16 / 8bit_direct(_signed) decode to exactly the
     *     stored values and orthonormal transforms invert within rounding: those are not lossy
     * @param expectedError the a-priori bound on the per-component error against the original vectors
     */
    record Decoded(String codec, boolean lossy, ErrorBound expectedError) implements Recovery {
        public Decoded {
            Objects.requireNonNull(codec, "codec");
            Objects.requireNonNull(expectedError, "expectedError");
        }
    }

    /**
     * A bound on {@code |decoded[i] - original[i]|} for every component i: {@code absolute + relative * |original[i]|}.
     * When {@code absolute} is empty the codec has no a-priori bound (PQ: the error depends on how well the trained
     * centroids fit the data) and only {@code text} says what to expect.
     *
     * @param absolute the absolute part, or empty when there is no bound
     * @param relative the part proportional to the component's magnitude (0 for range quantizers)
     * @param text the bound as a sentence for {@code inspect} and the migration summary
     */
    record ErrorBound(OptionalDouble absolute, double relative, String text) {
        public ErrorBound {
            Objects.requireNonNull(absolute, "absolute");
            Objects.requireNonNull(text, "text");
        }

        /** No a-priori bound, for the reason given. */
        public static ErrorBound none(String why) {
            return new ErrorBound(OptionalDouble.empty(), 0, why);
        }

        /** Zero error: the decoded floats are the original ones. */
        public boolean isZero() {
            return absolute.isPresent() && absolute.getAsDouble() == 0 && relative == 0;
        }
    }

    /**
     * The vectors cannot be recovered from this file.
     *
     * @param reason why, in a sentence for the user
     */
    record None(String reason) implements Recovery {
        public None {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
