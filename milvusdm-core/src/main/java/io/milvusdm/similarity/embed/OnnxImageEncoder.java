package io.milvusdm.similarity.embed;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Image files to vectors: {@link ImagePreprocessor}, then an ONNX image graph. Vectors come back unnormalised. */
final class OnnxImageEncoder implements AutoCloseable {

    private final OnnxGraph graph;
    private final ImageEncoderSpec spec;
    private final ImagePreprocessor preprocessor;
    private final int dimension;

    OnnxImageEncoder(OnnxGraph graph, ImageEncoderSpec spec) {
        this.graph = graph;
        this.spec = spec;
        this.preprocessor = new ImagePreprocessor(spec.resize(), spec.size(), spec.mean(), spec.std());
        TensorInfo input = graph.input(spec.input());
        long[] shape = input.getShape();
        long[] want = {-1, 3, spec.size(), spec.size()};
        boolean fits = input.type == OnnxJavaType.FLOAT && shape.length == 4;
        for (int i = 1; fits && i < 4; i++) {
            fits = shape[i] < 0 || shape[i] == want[i];
        }
        if (!fits) {
            throw new EmbeddingException(graph.source() + " input '" + spec.input() + "' is " + input.type
                    + OnnxGraph.shape(shape) + "; the configuration feeds FLOAT" + OnnxGraph.shape(want)
                    + " (batch, RGB, size, size)");
        }
        long[] out = graph.output(spec.output()).getShape();
        if (out.length != 2) {
            throw new EmbeddingException(graph.source() + " output '" + spec.output() + "' has shape "
                    + OnnxGraph.shape(out) + "; an image embedding output must be [batch, dim]");
        }
        dimension = (int) out[1];
    }

    /** The vector length the graph declares, or -1 when its output leaves it open. */
    int dimension() {
        return dimension;
    }

    /** One forward pass over all {@code images}. */
    float[][] embed(List<Path> images) throws IOException {
        int plane = 3 * spec.size() * spec.size();
        float[] pixels = new float[images.size() * plane];
        for (int i = 0; i < images.size(); i++) {
            preprocessor.pixels(images.get(i), pixels, i * plane);
        }
        return embedPixels(pixels, images.size());
    }

    /** One forward pass over already preprocessed pixels, {@code rows * 3 * size * size} floats. */
    float[][] embedPixels(float[] pixels, int rows) {
        long[] shape = {rows, 3, spec.size(), spec.size()};
        try (OnnxTensor tensor = OnnxTensor.createTensor(OnnxGraph.environment(), FloatBuffer.wrap(pixels), shape)) {
            return graph.run(Map.of(spec.input(), tensor), spec.output(), output -> read(output, rows));
        } catch (OrtException e) {
            throw new EmbeddingException("cannot build the input tensor of " + graph.source() + ": "
                    + e.getMessage(), e);
        }
    }

    ImagePreprocessor preprocessor() {
        return preprocessor;
    }

    private float[][] read(OnnxTensor output, int rows) throws OrtException {
        long[] shape = output.getInfo().getShape();
        if (shape.length != 2 || shape[0] != rows) {
            throw new EmbeddingException(graph.source() + " output '" + spec.output() + "' has shape "
                    + OnnxGraph.shape(shape) + ", expected [" + rows + ", dim]");
        }
        FloatBuffer values = output.getFloatBuffer();
        float[][] out = new float[rows][(int) shape[1]];
        for (int r = 0; r < rows; r++) {
            values.get(r * out[r].length, out[r]);
        }
        return out;
    }

    @Override
    public void close() {
        graph.close();
    }
}
