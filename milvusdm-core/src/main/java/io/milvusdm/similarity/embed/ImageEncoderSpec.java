package io.milvusdm.similarity.embed;

import java.util.Objects;

/**
 * What an image encoder graph takes and gives, and the preprocessing in front of it ({@link ImagePreprocessor}).
 *
 * @param input the pixels input, {@code [batch, 3, size, size]} float32
 * @param output the output to read, {@code [batch, dim]}
 * @param resize the shorter side after resizing
 * @param size the side of the centre crop the graph sees
 * @param mean per-channel (R, G, B) mean subtracted after scaling to 0..1
 * @param std per-channel standard deviation divided by
 */
public record ImageEncoderSpec(String input, String output, int resize, int size, float[] mean, float[] std) {

    /** OpenAI CLIP's normalisation. */
    public static final float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    public static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};

    public ImageEncoderSpec {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        if (size < 1 || resize < size) {
            throw new IllegalArgumentException("need 1 <= size <= resize, got size " + size + ", resize " + resize);
        }
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 values (R, G, B), got " + mean.length + " and "
                    + std.length);
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std values must be positive, got " + s);
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }
}
