package io.milvusdm.similarity.embed;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * An image file to the float tensor a CLIP image encoder takes, as CLIP's own preprocessing does
 * ({@code torchvision}: {@code Resize(resize, BICUBIC)}, {@code CenterCrop(size)}, {@code ToTensor()},
 * {@code Normalize(mean, std)}), in {@code [3, size, size]} channel-first order:
 * <ol>
 *   <li>decode with javax.imageio (PNG, JPEG, BMP, GIF) and take RGB: grey is copied to the three channels, alpha is
 *       dropped, a palette is looked up (Pillow's {@code convert("RGB")});</li>
 *   <li>resize so the shorter side is {@code resize} pixels and the longer {@code floor(resize * long / short)},
 *       with Pillow's antialiased bicubic filter ({@link BicubicResize});</li>
 *   <li>cut the centre {@code size x size} square, its corner at {@code round((side - size) / 2)} (half to even);</li>
 *   <li>scale to 0..1 ({@code /255}) and normalise each channel: {@code (x - mean[c]) / std[c]}, in float32.</li>
 * </ol>
 */
final class ImagePreprocessor {

    private final int resize;
    private final int size;
    private final float[] mean;
    private final float[] std;

    ImagePreprocessor(int resize, int size, float[] mean, float[] std) {
        if (resize < size) {
            throw new IllegalArgumentException("resize (" + resize + ") must be at least the crop size (" + size + ")");
        }
        this.resize = resize;
        this.size = size;
        this.mean = mean.clone();
        this.std = std.clone();
    }

    int size() {
        return size;
    }

    /** Writes the image's {@code 3 * size * size} floats into {@code out} at {@code offset}. */
    void pixels(Path file, float[] out, int offset) throws IOException {
        BufferedImage image = decode(file);
        pixels(rgb(image), image.getWidth(), image.getHeight(), out, offset);
    }

    void pixels(int[] rgb, int width, int height, float[] out, int offset) {
        int shortSide = Math.min(width, height);
        int longSide = Math.max(width, height);
        int newShort = resize;
        int newLong = (int) ((double) resize * longSide / shortSide);
        int newWidth = width <= height ? newShort : newLong;
        int newHeight = width <= height ? newLong : newShort;
        int[] resized = BicubicResize.resize(rgb, width, height, newWidth, newHeight);
        int top = (int) Math.rint((newHeight - size) / 2.0);
        int left = (int) Math.rint((newWidth - size) / 2.0);
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int pixel = resized[(top + y) * newWidth + left + x];
                int at = offset + y * size + x;
                out[at] = (((pixel >> 16) & 0xFF) / 255f - mean[0]) / std[0];
                out[at + plane] = (((pixel >> 8) & 0xFF) / 255f - mean[1]) / std[1];
                out[at + 2 * plane] = ((pixel & 0xFF) / 255f - mean[2]) / std[2];
            }
        }
    }

    static BufferedImage decode(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "image file does not exist or is not a file");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot decode image " + file + ": " + e.getMessage(), e);
        }
        if (image == null) {
            throw new IOException("cannot decode image " + file + ": not a format javax.imageio reads (PNG, JPEG, BMP,"
                    + " GIF, WBMP)");
        }
        return image;
    }

    /** Bands R, G, B (and alpha, not premultiplied) of 8 bits in sRGB: the raster holds the pixels as they are. */
    private static boolean isPlain8BitRgb(ColorModel model, Raster raster) {
        if (!(model instanceof ComponentColorModel) || !model.getColorSpace().isCS_sRGB()
                || model.isAlphaPremultiplied() || raster.getNumBands() < 3) {
            return false;
        }
        for (int size : raster.getSampleModel().getSampleSize()) {
            if (size != 8) {
                return false;
            }
        }
        return true;
    }

    /**
     * The image as 0xRRGGBB pixels. Grey is read from the raster, as Pillow copies it: getRGB would pass it through
     * Java's linear grey colour space and brighten it. 16-bit samples keep their high byte.
     */
    static int[] rgb(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        Raster raster = image.getRaster();
        ColorModel model = image.getColorModel();
        boolean grey = model.getNumColorComponents() == 1 && !(model instanceof IndexColorModel);
        int[] rgb = new int[width * height];
        if (grey) {
            int shift = Math.max(0, raster.getSampleModel().getSampleSize(0) - 8);
            int[] row = new int[width];
            for (int y = 0; y < height; y++) {
                raster.getSamples(0, y, width, 1, 0, row);
                for (int x = 0; x < width; x++) {
                    int v = row[x] >> shift;
                    rgb[y * width + x] = v << 16 | v << 8 | v;
                }
            }
            return rgb;
        }
        if (isPlain8BitRgb(model, raster)) {
            // the common case (PNG and JPEG decode to it); getRGB converts pixel by pixel, several times slower
            int bands = raster.getNumBands();
            int[] row = new int[width * bands];
            for (int y = 0; y < height; y++) {
                raster.getPixels(0, y, width, 1, row);
                for (int x = 0, i = 0; x < width; x++, i += bands) {
                    rgb[y * width + x] = row[i] << 16 | row[i + 1] << 8 | row[i + 2];
                }
            }
            return rgb;
        }
        image.getRGB(0, 0, width, height, rgb, 0, width);
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] &= 0xFFFFFF;
        }
        return rgb;
    }
}
