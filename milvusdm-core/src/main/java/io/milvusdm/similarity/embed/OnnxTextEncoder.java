package io.milvusdm.similarity.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Texts to vectors through a HuggingFace tokenizer and an ONNX text graph: tokenize (truncating to the spec's
 * length), pad the batch, run the graph, pool. Vectors come back unnormalised; the model decides.
 */
final class OnnxTextEncoder implements AutoCloseable {

    private final OnnxGraph graph;
    private final HuggingFaceTokenizer tokenizer;
    private final TextEncoderSpec spec;
    private final OnnxJavaType idType;
    private final int dimension;

    /**
     * The encoder of {@code graph} with the tokenizer read from {@code tokenizerJson}; on failure both are closed
     * and the error names {@code tokenizerSource} or the graph's file.
     */
    static OnnxTextEncoder open(OnnxGraph graph, InputStream tokenizerJson, String tokenizerSource,
                                TextEncoderSpec spec) {
        HuggingFaceTokenizer tokenizer = null;
        try {
            tokenizer = tokenizer(tokenizerJson, spec.maxLength(), tokenizerSource);
            return new OnnxTextEncoder(graph, tokenizer, spec);
        } catch (RuntimeException e) {
            if (tokenizer != null) {
                tokenizer.close();
            }
            graph.close();
            throw e;
        }
    }

    private OnnxTextEncoder(OnnxGraph graph, HuggingFaceTokenizer tokenizer, TextEncoderSpec spec) {
        this.graph = graph;
        this.tokenizer = tokenizer;
        this.spec = spec;
        TensorInfo ids = graph.input(spec.inputIds());
        idType = ids.type;
        if (idType != OnnxJavaType.INT64 && idType != OnnxJavaType.INT32) {
            throw new EmbeddingException(graph.source() + " input '" + spec.inputIds() + "' is " + idType
                    + "; token ids must be int64 or int32");
        }
        checkIdsShape(spec.inputIds(), ids);
        if (spec.attentionMask() != null) {
            checkIdsShape(spec.attentionMask(), graph.input(spec.attentionMask()));
        }
        if (spec.tokenTypeIds() != null) {
            checkIdsShape(spec.tokenTypeIds(), graph.input(spec.tokenTypeIds()));
        }
        long[] out = graph.output(spec.output()).getShape();
        int wantRank = spec.pooling() == Pooling.NONE ? 2 : 3;
        if (out.length != wantRank) {
            throw new EmbeddingException(graph.source() + " output '" + spec.output() + "' has shape "
                    + OnnxGraph.shape(out) + "; pooling " + spec.pooling().name().toLowerCase(Locale.ROOT) + " needs rank "
                    + wantRank + (wantRank == 2 ? " [batch, dim]" : " [batch, tokens, dim]"));
        }
        dimension = (int) out[out.length - 1];
    }

    /**
     * Reads a tokenizer.json; texts are truncated to {@code maxLength} tokens and not padded (this class pads).
     * Whatever padding or truncation the file itself sets is overridden.
     */
    private static HuggingFaceTokenizer tokenizer(InputStream json, int maxLength, String source) {
        configureDjl();
        try {
            return HuggingFaceTokenizer.newInstance(json, Map.of(
                    "padding", "false",
                    "truncation", "true",
                    "maxLength", Integer.toString(maxLength),
                    "addSpecialTokens", "true"));
        } catch (IOException | RuntimeException e) {
            throw new EmbeddingException("cannot read tokenizer " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Keeps DJL off the network. Its first tokenizer "calls home": it asks the EC2 metadata address
     * (169.254.169.254) for an instance id and reports usage to DJL's telemetry bucket; OPT_OUT_TRACKING and
     * offline mode turn that off (milvusdm sends nothing anywhere but the servers the user names). DJL also picks a
     * CUDA build of its library when it sees a GPU and downloads it, since the jar carries CPU builds only;
     * tokenizing needs no GPU, so unless the user chose a flavour the jar's CPU library is used. Environment
     * variables of the same names, which DJL reads first, still win.
     */
    private static void configureDjl() {
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("ai.djl.offline", "true");
        if (System.getenv("RUST_FLAVOR") == null && System.getProperty("RUST_FLAVOR") == null) {
            System.setProperty("RUST_FLAVOR", "cpu");
        }
    }

    private void checkIdsShape(String name, TensorInfo info) {
        long[] shape = info.getShape();
        if (shape.length != 2) {
            throw new EmbeddingException(graph.source() + " input '" + name + "' has shape " + OnnxGraph.shape(shape)
                    + "; token inputs must be [batch, tokens]");
        }
        if (shape[1] > 0 && (!spec.padToMaxLength() || shape[1] != spec.maxLength())) {
            throw new EmbeddingException(graph.source() + " input '" + name + "' has a fixed length of " + shape[1]
                    + " tokens; set max_length to " + shape[1] + " and pad_to_max_length to true");
        }
    }

    /** The vector length the graph declares, or -1 when its output leaves it open. */
    int dimension() {
        return dimension;
    }

    /** One forward pass over all {@code texts}. */
    float[][] embed(List<String> texts) {
        Encoding[] encodings = tokenizer.batchEncode(texts);
        int rows = texts.size();
        int length = paddedLength(encodings);
        long[] ids = new long[rows * length];
        long[] mask = new long[rows * length];
        Arrays.fill(ids, spec.padId());
        for (int r = 0; r < rows; r++) {
            long[] tokenIds = encodings[r].getIds();
            System.arraycopy(tokenIds, 0, ids, r * length, tokenIds.length);
            Arrays.fill(mask, r * length, r * length + tokenIds.length, 1L);
        }
        long[] shape = {rows, length};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(spec.inputIds(), tensor(ids, shape));
            if (spec.attentionMask() != null) {
                inputs.put(spec.attentionMask(), tensor(mask, shape));
            }
            if (spec.tokenTypeIds() != null) {
                inputs.put(spec.tokenTypeIds(), tensor(new long[rows * length], shape));
            }
            return graph.run(inputs, spec.output(), output -> pool(output, mask, rows, length));
        } catch (OrtException e) {
            throw new EmbeddingException("cannot build the input tensors of " + graph.source() + ": "
                    + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private int paddedLength(Encoding[] encodings) {
        int length = spec.padToMaxLength() ? spec.maxLength() : 1;
        for (Encoding encoding : encodings) {
            length = Math.max(length, encoding.getIds().length);
        }
        return length;
    }

    private OnnxTensor tensor(long[] values, long[] shape) throws OrtException {
        if (idType == OnnxJavaType.INT32) {
            int[] narrow = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                narrow[i] = Math.toIntExact(values[i]);
            }
            return OnnxTensor.createTensor(OnnxGraph.environment(), IntBuffer.wrap(narrow), shape);
        }
        return OnnxTensor.createTensor(OnnxGraph.environment(), LongBuffer.wrap(values), shape);
    }

    private float[][] pool(OnnxTensor output, long[] mask, int rows, int length) throws OrtException {
        long[] shape = output.getInfo().getShape();
        FloatBuffer values = output.getFloatBuffer();
        if (spec.pooling() == Pooling.NONE) {
            expectShape(shape, new long[] {rows, -1});
            return rowsOf(values, rows, (int) shape[1], 1, 0);
        }
        expectShape(shape, new long[] {rows, length, -1});
        int dim = (int) shape[2];
        if (spec.pooling() == Pooling.CLS) {
            return rowsOf(values, rows, dim, length, 0);
        }
        float[][] pooled = new float[rows][dim];
        for (int r = 0; r < rows; r++) {
            double[] sum = new double[dim];
            long tokens = 0;
            for (int t = 0; t < length; t++) {
                if (mask[r * length + t] == 0) {
                    continue;
                }
                tokens++;
                int base = (r * length + t) * dim;
                for (int d = 0; d < dim; d++) {
                    sum[d] += values.get(base + d);
                }
            }
            // sentence-transformers clamps the token count at 1e-9 so an empty text gives zeros, not NaNs.
            double count = Math.max(tokens, 1e-9);
            for (int d = 0; d < dim; d++) {
                pooled[r][d] = (float) (sum[d] / count);
            }
        }
        return pooled;
    }

    /** Row {@code r} is the {@code dim} floats at {@code (r * stride + offset) * dim}. */
    private static float[][] rowsOf(FloatBuffer values, int rows, int dim, int stride, int offset) {
        float[][] out = new float[rows][dim];
        for (int r = 0; r < rows; r++) {
            values.get((r * stride + offset) * dim, out[r]);
        }
        return out;
    }

    private void expectShape(long[] shape, long[] want) {
        boolean ok = shape.length == want.length;
        for (int i = 0; ok && i < want.length; i++) {
            ok = want[i] < 0 || shape[i] == want[i];
        }
        if (!ok) {
            throw new EmbeddingException(graph.source() + " output '" + spec.output() + "' has shape "
                    + OnnxGraph.shape(shape) + ", expected " + OnnxGraph.shape(want) + " (-1: any)");
        }
    }

    @Override
    public void close() {
        tokenizer.close();
        graph.close();
    }
}
