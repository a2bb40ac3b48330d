package io.milvusdm.similarity.embed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * A CLIP-style model from a directory the user supplies: an image encoder and a text encoder, ONNX graphs that map
 * into one vector space, so a text prompt can query an image index. {@link ClipModelConfig} says which files and
 * tensors; vectors are L2-normalised unless the config turns that off.
 */
public final class ClipModel implements EmbeddingModel {

    private final ClipModelConfig config;
    private final OnnxImageEncoder image;
    private final OnnxTextEncoder text;
    private final int dimension;
    private final int batchSize;

    private ClipModel(ClipModelConfig config, OnnxImageEncoder image, OnnxTextEncoder text, int dimension,
                      int batchSize) {
        this.config = config;
        this.image = image;
        this.text = text;
        this.dimension = dimension;
        this.batchSize = batchSize;
    }

    /** Opens the model whose {@code model.json} is in {@code dir} (or is {@code dir}). */
    public static ClipModel open(Path dir, EmbeddingOptions options) throws IOException {
        ClipModelConfig config = ClipModelConfig.read(dir);
        OnnxImageEncoder image = null;
        OnnxTextEncoder text = null;
        try {
            if (config.image() != null) {
                image = new OnnxImageEncoder(OnnxGraph.open(config.image().onnx(), options), config.image().spec());
            }
            if (config.text() != null) {
                text = openText(config.text(), options);
            }
            return new ClipModel(config, image, text, dimension(config, image, text), options.batchSize());
        } catch (IOException | RuntimeException e) {
            if (image != null) {
                image.close();
            }
            if (text != null) {
                text.close();
            }
            throw e;
        }
    }

    private static OnnxTextEncoder openText(ClipModelConfig.TextEncoder spec, EmbeddingOptions options)
            throws IOException {
        Path tokenizerFile = spec.tokenizer();
        if (!Files.isRegularFile(tokenizerFile)) {
            throw new NoSuchFileException(tokenizerFile.toString(), null, "tokenizer file does not exist");
        }
        OnnxGraph graph = OnnxGraph.open(spec.onnx(), options);
        try (InputStream json = Files.newInputStream(tokenizerFile)) {
            return OnnxTextEncoder.open(graph, json, tokenizerFile.toString(), spec.spec());
        } catch (IOException e) {
            graph.close();
            throw e;
        }
    }

    /** Both encoders must map into one space: their declared output lengths must agree. */
    private static int dimension(ClipModelConfig config, OnnxImageEncoder image, OnnxTextEncoder text) {
        int imageDim = image == null ? -1 : image.dimension();
        int textDim = text == null ? -1 : text.dimension();
        if (imageDim > 0 && textDim > 0 && imageDim != textDim) {
            throw new EmbeddingException(config.file() + ": the image encoder " + config.image().onnx() + " gives "
                    + imageDim + "-d vectors but the text encoder " + config.text().onnx() + " gives " + textDim
                    + "-d; they must map into one space");
        }
        int dim = Math.max(imageDim, textDim);
        if (dim < 1) {
            throw new EmbeddingException(config.file() + ": neither encoder declares its output length (the last"
                    + " dimension of its output is dynamic); export the graphs with a fixed embedding size");
        }
        return dim;
    }

    public ClipModelConfig config() {
        return config;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public boolean supportsText() {
        return text != null;
    }

    @Override
    public boolean supportsImages() {
        return image != null;
    }

    @Override
    public float[][] embedTexts(List<String> texts) {
        if (text == null) {
            throw new UnsupportedOperationException(name() + " (" + config.file() + ") has no text encoder");
        }
        try {
            return finish(Batches.embed(texts, batchSize, text::embed));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // text batches read no file
        }
    }

    @Override
    public float[][] embedImages(List<Path> images) throws IOException {
        if (image == null) {
            throw new UnsupportedOperationException(name() + " (" + config.file() + ") has no image encoder");
        }
        return finish(Batches.embed(images, batchSize, image::embed));
    }

    /** Embeds pixels already preprocessed as documented, for tests that compare with a reference's preprocessing. */
    float[][] embedPixels(float[] pixels, int rows) {
        return finish(image.embedPixels(pixels, rows));
    }

    ImagePreprocessor preprocessor() {
        return image.preprocessor();
    }

    private float[][] finish(float[][] vectors) {
        for (float[] v : vectors) {
            if (v.length != dimension) {
                throw new EmbeddingException(name() + " returned a " + v.length + "-d vector; expected " + dimension);
            }
            if (config.normalize()) {
                Vectors.l2Normalize(v);
            }
        }
        return vectors;
    }

    @Override
    public void close() {
        if (image != null) {
            image.close();
        }
        if (text != null) {
            text.close();
        }
    }
}
