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
     * into approximate vectors.
     *
     * @param codec what has to be decoded, e.g. {@code "SQ QT_8bit"} or {@code "PCAm>PQ 6x8"}
     * @param expectedMaxError the largest expected per-component error, when the codec knows it
     */
    record Decoded(String codec, OptionalDouble expectedMaxError) implements Recovery {
        public Decoded {
            Objects.requireNonNull(codec, "codec");
            Objects.requireNonNull(expectedMaxError, "expectedMaxError");
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
