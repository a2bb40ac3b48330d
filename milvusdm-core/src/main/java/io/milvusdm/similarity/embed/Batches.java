package io.milvusdm.similarity.embed;

import java.io.IOException;
import java.util.List;

/** Runs a model over a list one batch at a time, so no more than one batch of tensors is ever alive. */
final class Batches {

    private Batches() {
    }

    interface Pass<T> {
        float[][] embed(List<T> batch) throws IOException;
    }

    static <T> float[][] embed(List<T> inputs, int batchSize, Pass<T> pass) throws IOException {
        float[][] out = new float[inputs.size()][];
        for (int from = 0; from < inputs.size(); from += batchSize) {
            int to = Math.min(inputs.size(), from + batchSize);
            float[][] vectors = pass.embed(inputs.subList(from, to));
            System.arraycopy(vectors, 0, out, from, vectors.length);
        }
        return out;
    }
}
