package io.milvusdm.similarity.embed;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One ONNX graph in an ONNX Runtime session, with the file it came from so that every error can name it. The
 * session is thread-safe (ONNX Runtime allows concurrent {@code run} calls).
 */
final class OnnxGraph implements AutoCloseable {

    private final String source;
    private final OrtSession session;

    private OnnxGraph(String source, OrtSession session) {
        this.source = source;
        this.session = session;
    }

    static OnnxGraph open(Path file, EmbeddingOptions options) {
        if (!Files.isRegularFile(file)) {
            throw new EmbeddingException("ONNX model file " + file + " does not exist or is not a file");
        }
        try (OrtSession.SessionOptions sessionOptions = sessionOptions(options)) {
            return new OnnxGraph(file.toString(), environment().createSession(file.toString(), sessionOptions));
        } catch (OrtException e) {
            throw new EmbeddingException("ONNX Runtime cannot load " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens a graph shipped as a class-path resource. It goes through a temporary file rather than a byte array, so
     * a 90 MB model never sits on the Java heap (the CLI may run with a small one).
     */
    static OnnxGraph open(InputStream model, String source, EmbeddingOptions options) {
        Path file = null;
        try {
            file = Files.createTempFile("milvusdm-model", ".onnx");
            Files.copy(model, file, StandardCopyOption.REPLACE_EXISTING);
            try (OrtSession.SessionOptions sessionOptions = sessionOptions(options)) {
                return new OnnxGraph(source, environment().createSession(file.toString(), sessionOptions));
            }
        } catch (IOException e) {
            throw new EmbeddingException("cannot copy " + source + " to a temporary file: " + e.getMessage(), e);
        } catch (OrtException e) {
            throw new EmbeddingException("ONNX Runtime cannot load " + source + ": " + e.getMessage(), e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    file.toFile().deleteOnExit();
                }
            }
        }
    }

    static OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment();
    }

    private static OrtSession.SessionOptions sessionOptions(EmbeddingOptions options) throws OrtException {
        OrtSession.SessionOptions sessionOptions = new OrtSession.SessionOptions();
        if (options.intraOpThreads() > 0) {
            sessionOptions.setIntraOpNumThreads(options.intraOpThreads());
        }
        return sessionOptions;
    }

    String source() {
        return source;
    }

    boolean hasInput(String name) {
        return inputs().containsKey(name);
    }

    /** The graph input called {@code name}; an error listing the inputs the graph has when there is none. */
    TensorInfo input(String name) {
        return tensor(inputs(), name, "input");
    }

    TensorInfo output(String name) {
        return tensor(outputs(), name, "output");
    }

    /** Runs the graph on {@code inputs} and hands the one output wanted to {@code reader} before freeing it. */
    <T> T run(Map<String, OnnxTensor> inputs, String output, OutputReader<T> reader) {
        try (OrtSession.Result result = session.run(inputs, Set.of(output))) {
            OnnxValue value = result.get(output).orElseThrow(
                    () -> new EmbeddingException(source + " produced no output '" + output + "'"));
            if (!(value instanceof OnnxTensor tensor)) {
                throw new EmbeddingException(source + " output '" + output + "' is not a tensor: " + value.getInfo());
            }
            return reader.read(tensor);
        } catch (OrtException e) {
            throw new EmbeddingException("ONNX Runtime failed running " + source + ": " + e.getMessage(), e);
        }
    }

    /** Reads an output tensor while it is still alive. */
    interface OutputReader<T> {
        T read(OnnxTensor tensor) throws OrtException;
    }

    private Map<String, NodeInfo> inputs() {
        try {
            return session.getInputInfo();
        } catch (OrtException e) {
            throw new EmbeddingException("cannot read the inputs of " + source + ": " + e.getMessage(), e);
        }
    }

    private Map<String, NodeInfo> outputs() {
        try {
            return session.getOutputInfo();
        } catch (OrtException e) {
            throw new EmbeddingException("cannot read the outputs of " + source + ": " + e.getMessage(), e);
        }
    }

    private TensorInfo tensor(Map<String, NodeInfo> nodes, String name, String kind) {
        NodeInfo node = nodes.get(name);
        if (node == null) {
            throw new EmbeddingException(source + " has no " + kind + " '" + name + "'; its " + kind + "s are "
                    + describe(nodes));
        }
        if (!(node.getInfo() instanceof TensorInfo info)) {
            throw new EmbeddingException(source + " " + kind + " '" + name + "' is not a tensor: " + node.getInfo());
        }
        return info;
    }

    private static String describe(Map<String, NodeInfo> nodes) {
        return nodes.values().stream().map(OnnxGraph::describe).collect(Collectors.joining(", "));
    }

    private static String describe(NodeInfo node) {
        if (node.getInfo() instanceof TensorInfo info) {
            return node.getName() + " " + info.type + shape(info.getShape());
        }
        return node.getName();
    }

    /** A shape as ONNX prints it, -1 for a dimension the graph leaves open. */
    static String shape(long[] shape) {
        return Arrays.toString(shape);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new EmbeddingException("cannot close the ONNX Runtime session of " + source, e);
        }
    }
}
