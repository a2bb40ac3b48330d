package io.milvusdm.similarity.embed;

import java.util.Locale;

/** How a text encoder's output becomes one vector per text. */
public enum Pooling {
    /** The output is already one vector per text, shape {@code [batch, dim]} (CLIP's {@code text_embeds}). */
    NONE,
    /**
     * The output is one vector per token, {@code [batch, tokens, dim]}; the text's vector is the mean of its real
     * tokens' vectors, padding left out (sentence-transformers' mean pooling).
     */
    MEAN,
    /** The output is one vector per token; the text's vector is the first token's ({@code [CLS]}). */
    CLS;

    static Pooling parse(String value, String where) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new EmbeddingException(where + ": pooling must be none, mean or cls, got '" + value + "'");
        }
    }
}
