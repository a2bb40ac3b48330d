package io.milvusdm.similarity.embed;

/**
 * Pillow's bicubic resize of 8-bit RGB ({@code Image.resize(size, Image.BICUBIC)}), reproduced to the bit: CLIP's
 * preprocessing resizes with Pillow, and a model sees the pixels it was trained on only if ours are the same. As in
 * Pillow's {@code Resample.c}: a separable convolution, horizontal pass then vertical, the cubic kernel (a = -0.5)
 * widened by the scale when shrinking (antialiasing), weights in fixed point with 22 fractional bits, and each pass
 * rounded and clipped to 0..255.
 */
final class BicubicResize {

    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final double SUPPORT = 2.0;

    private BicubicResize() {
    }

    /**
     * @param rgb {@code width * height} pixels, row by row, each {@code 0xRRGGBB}
     * @return {@code outWidth * outHeight} pixels in the same layout
     */
    static int[] resize(int[] rgb, int width, int height, int outWidth, int outHeight) {
        int[] horizontal = width == outWidth ? rgb : pass(rgb, width, height, outWidth, true);
        return height == outHeight ? horizontal : pass(horizontal, outWidth, height, outHeight, false);
    }

    /** One pass along rows ({@code alongRows}) or columns, from {@code inSize} to {@code outSize} pixels. */
    private static int[] pass(int[] in, int width, int height, int outSize, boolean alongRows) {
        int inSize = alongRows ? width : height;
        Kernel kernel = Kernel.of(inSize, outSize);
        int outWidth = alongRows ? outSize : width;
        int outHeight = alongRows ? height : outSize;
        int[] out = new int[outWidth * outHeight];
        for (int y = 0; y < outHeight; y++) {
            for (int x = 0; x < outWidth; x++) {
                int o = alongRows ? x : y;
                int first = kernel.first[o];
                int count = kernel.count[o];
                int base = o * kernel.size;
                int r = 1 << (PRECISION_BITS - 1);
                int g = r;
                int b = r;
                for (int i = 0; i < count; i++) {
                    int pixel = alongRows ? in[y * width + first + i] : in[(first + i) * width + x];
                    int weight = kernel.weights[base + i];
                    r += ((pixel >> 16) & 0xFF) * weight;
                    g += ((pixel >> 8) & 0xFF) * weight;
                    b += (pixel & 0xFF) * weight;
                }
                out[y * outWidth + x] = clip8(r) << 16 | clip8(g) << 8 | clip8(b);
            }
        }
        return out;
    }

    private static int clip8(int sum) {
        return Math.min(255, Math.max(0, sum >> PRECISION_BITS));
    }

    private static double cubic(double x) {
        double a = -0.5;
        x = Math.abs(x);
        if (x < 1.0) {
            return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        }
        if (x < 2.0) {
            return (((x - 5) * x + 8) * x - 4) * a;
        }
        return 0.0;
    }

    /** For each output pixel: the first input pixel it reads, how many, and their fixed-point weights. */
    private record Kernel(int[] first, int[] count, int[] weights, int size) {

        static Kernel of(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = SUPPORT * filterScale;
            int size = (int) Math.ceil(support) * 2 + 1;
            int[] first = new int[outSize];
            int[] count = new int[outSize];
            int[] weights = new int[outSize * size];
            double[] k = new double[size];
            double reciprocal = 1.0 / filterScale; // Pillow multiplies by it; dividing can differ in the last bit
            for (int o = 0; o < outSize; o++) {
                double center = (o + 0.5) * scale;
                int min = Math.max(0, (int) (center - support + 0.5));
                int max = Math.min(inSize, (int) (center + support + 0.5)) - min;
                double total = 0.0;
                for (int i = 0; i < max; i++) {
                    k[i] = cubic((i + min - center + 0.5) * reciprocal);
                    total += k[i];
                }
                for (int i = 0; i < max; i++) {
                    double w = total != 0.0 ? k[i] / total : k[i];
                    weights[o * size + i] = (int) (w < 0 ? -0.5 + w * (1 << PRECISION_BITS)
                            : 0.5 + w * (1 << PRECISION_BITS));
                }
                first[o] = min;
                count[o] = max;
            }
            return new Kernel(first, count, weights, size);
        }
    }
}
