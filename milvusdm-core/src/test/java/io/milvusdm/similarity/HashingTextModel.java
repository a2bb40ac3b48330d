package io.milvusdm.similarity;

import io.milvusdm.similarity.embed.EmbeddingModel;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A deterministic stand-in text model for tests: each lower-cased word adds 1 to the dimension its hash picks, so
 * texts sharing words are similar and texts sharing none are orthogonal.
 */
final class HashingTextModel implements EmbeddingModel {

    private final int dim;

    HashingTextModel(int dim) {
        this.dim = dim;
    }

    @Override
    public String name() {
        return "hashing-" + dim;
    }

    @Override
    public int dimension() {
        return dim;
    }

    @Override
    public boolean supportsText() {
        return true;
    }

    @Override
    public boolean supportsImages() {
        return false;
    }

    @Override
    public float[][] embedTexts(List<String> texts) {
        float[][] out = new float[texts.size()][dim];
        for (int i = 0; i < texts.size(); i++) {
            for (String word : texts.get(i).toLowerCase(Locale.ROOT).split("\\W+")) {
                if (!word.isEmpty()) {
                    out[i][Math.floorMod(word.hashCode(), dim)] += 1;
                }
            }
        }
        return out;
    }

    @Override
    public float[][] embedImages(List<Path> images) {
        throw new UnsupportedOperationException(name() + " does not embed images");
    }
}
