package io.milvusdm.distance;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The blocked nearest-centroid search of both kernels against a brute-force scan: the same centroid (the lowest
 * of equals, as faiss's top-1 keeps) and the same distance, at sizes that leave partial row blocks, partial
 * panels and several centroid groups.
 */
class NearestCentroidsTest {

    private static final DistanceKernel[] KERNELS = {new ScalarDistanceKernel(), new VectorApiDistanceKernel()};

    /** {dimension, centroids, rows}: odd rows and counts, one lane vector, more centroids than one group holds. */
    private static final int[][] SHAPES = {{1, 1, 1}, {3, 5, 7}, {16, 64, 4}, {17, 65, 70}, {24, 32, 129},
        {128, 700, 67}, {130, 63, 9}};

    @ParameterizedTest(name = "inner product {0}")
    @ValueSource(booleans = {false, true})
    void small_integer_vectors_with_many_ties_find_the_exact_nearest_and_the_lowest_of_equals(boolean ip) {
        // values in -2..2: every product and sum is exact in float, and equal distances are common
        Random random = new Random(7);
        for (int[] shape : SHAPES) {
            int d = shape[0];
            float[] centroids = integers(random, shape[1] * d);
            System.arraycopy(centroids, 0, centroids, (shape[1] - 1) * d, d); // the last centroid repeats the first
            float[] x = integers(random, (shape[2] + 3) * d);
            for (DistanceKernel kernel : KERNELS) {
                NearestCentroids search = NearestCentroids.of(kernel, centroids, d, ip);
                int[] nearest = new int[shape[2]];
                float[] distances = new float[shape[2]];
                search.search(x, 3, shape[2], nearest, distances);
                for (int i = 0; i < shape[2]; i++) {
                    long[] want = exactNearest(x, 3 + i, centroids, d, ip);
                    assertThat(nearest[i]).as("%s d=%d centroids=%d row %d", kernel.describe(), d, shape[1], i)
                            .isEqualTo((int) want[0]);
                    assertThat(distances[i]).as("distance").isEqualTo((float) want[1]);
                }
            }
        }
    }

    @ParameterizedTest(name = "inner product {0}")
    @ValueSource(booleans = {false, true})
    void gaussian_vectors_match_a_plain_scan_in_the_same_arithmetic_bit_for_bit_in_both_kernels(boolean ip) {
        Random random = new Random(11);
        for (int[] shape : SHAPES) {
            int d = shape[0];
            float[] centroids = gaussians(random, shape[1] * d);
            float[] x = gaussians(random, shape[2] * d);
            int[][] found = new int[KERNELS.length][shape[2]];
            float[][] distances = new float[KERNELS.length][shape[2]];
            for (int k = 0; k < KERNELS.length; k++) {
                NearestCentroids.of(KERNELS[k], centroids, d, ip).search(x, 0, shape[2], found[k], distances[k]);
            }
            for (int i = 0; i < shape[2]; i++) {
                int want = scan(x, i, centroids, d, ip);
                for (int k = 0; k < KERNELS.length; k++) {
                    assertThat(found[k][i]).as("%s d=%d row %d", KERNELS[k].describe(), d, i).isEqualTo(want);
                }
                assertThat(Float.floatToRawIntBits(distances[1][i])).as("both kernels' distance, row %d", i)
                        .isEqualTo(Float.floatToRawIntBits(distances[0][i]));
            }
        }
    }

    @Test
    void the_tests_run_the_vector_kernel_in_wide_lanes() {
        // the build starts test JVMs with --add-modules jdk.incubator.vector; the scalar kernel is instantiated above
        assertThat(DistanceKernel.get()).isInstanceOf(VectorApiDistanceKernel.class);
        assertThat(NearestCentroids.byL2(new float[8], 2).count()).isEqualTo(4);
    }

    @Test
    void rows_outside_the_array_and_ragged_centroids_are_refused() {
        NearestCentroids search = NearestCentroids.byL2(new float[6], 3);
        assertThatThrownBy(() -> search.search(new float[9], 2, 2, new int[2], new float[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rows 2 to 4 of dimension 3 are not within 9 floats");
        assertThatThrownBy(() -> NearestCentroids.byInnerProduct(new float[7], 3))
                .hasMessage("7 centroid floats are not whole rows of 3");
    }

    /** {nearest centroid, its distance} in exact integer arithmetic: the lowest index of equals. */
    private static long[] exactNearest(float[] x, int row, float[] centroids, int d, boolean ip) {
        long best = 0;
        long bestDistance = 0;
        for (int j = 0; j < centroids.length / d; j++) {
            long distance = 0;
            for (int t = 0; t < d; t++) {
                long a = (long) x[row * d + t];
                long c = (long) centroids[j * d + t];
                distance += ip ? a * c : (a - c) * (a - c);
            }
            if (j == 0 || (ip ? distance > bestDistance : distance < bestDistance)) {
                best = j;
                bestDistance = distance;
            }
        }
        return new long[] {best, bestDistance};
    }

    /** The documented arithmetic, one pair at a time: dot products and norms as fma chains in dimension order. */
    private static int scan(float[] x, int row, float[] centroids, int d, boolean ip) {
        int best = 0;
        float bestScore = Float.POSITIVE_INFINITY;
        for (int j = 0; j < centroids.length / d; j++) {
            float dot = 0;
            float norm = 0;
            for (int t = 0; t < d; t++) {
                dot = Math.fma(x[row * d + t], centroids[j * d + t], dot);
                norm = Math.fma(centroids[j * d + t], centroids[j * d + t], norm);
            }
            float score = (ip ? 0 : norm) - 2 * dot;
            if (score < bestScore) {
                best = j;
                bestScore = score;
            }
        }
        return best;
    }

    private static float[] integers(Random random, int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = random.nextInt(5) - 2;
        }
        return values;
    }

    private static float[] gaussians(Random random, int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
