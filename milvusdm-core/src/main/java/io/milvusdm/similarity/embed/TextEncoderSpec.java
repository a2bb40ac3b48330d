package io.milvusdm.similarity.embed;

import java.util.Objects;

/**
 * What a text encoder graph takes and gives, and how texts are cut to fit it.
 *
 * @param inputIds the token-ids input, {@code [batch, tokens]} int64 or int32
 * @param attentionMask the attention-mask input (1 for a real token, 0 for padding), or null when the graph has none
 * @param tokenTypeIds the token-type input (all 0 for one sentence), or null when the graph has none
 * @param output the output to read
 * @param pooling how the output becomes one vector per text
 * @param maxLength texts are truncated to this many tokens, special tokens included
 * @param padToMaxLength pad every text to {@code maxLength} (graphs with a fixed sequence length, such as CLIP's 77);
 *                       otherwise a batch is padded to its longest text
 * @param padId the token id that fills padding
 */
public record TextEncoderSpec(String inputIds, String attentionMask, String tokenTypeIds, String output,
                              Pooling pooling, int maxLength, boolean padToMaxLength, long padId) {

    public TextEncoderSpec {
        Objects.requireNonNull(inputIds, "inputIds");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(pooling, "pooling");
        if (maxLength < 1) {
            throw new IllegalArgumentException("max length must be at least 1, got " + maxLength);
        }
    }
}
