package io.milvusdm.distance;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The vector-API kernel computes what the plain-Java one does, to float rounding, at every width and offset. */
class DistanceKernelTest {

    private final DistanceKernel scalar = new ScalarDistanceKernel();
    private final DistanceKernel lanes = new VectorApiDistanceKernel();

    @Test
    void the_tests_run_the_vector_api_kernel() {
        // the build starts test JVMs with --add-modules jdk.incubator.vector, as bin/milvusdm starts the similarity
        // and to-faiss commands
        assertThat(DistanceKernel.get()).isInstanceOf(VectorApiDistanceKernel.class);
    }

    @Test
    void single_and_grouped_scores_agree_with_plain_java() {
        Random random = new Random(42);
        for (int dim : new int[] {1, 3, 7, 8, 15, 16, 17, 31, 33, 64, 100, 128, 130, 512, 771}) {
            int rows = 5;
            float[] data = random(random, rows * dim + 3);
            float[][] queries = new float[DistanceKernel.QUERIES][];
            for (int q = 0; q < queries.length; q++) {
                queries[q] = random(random, dim);
            }
            float[] got = new float[DistanceKernel.QUERIES];
            float[] want = new float[DistanceKernel.QUERIES];
            for (int row = 0; row < rows; row++) {
                int offset = 3 + row * dim - (row == 0 ? 3 : 0);
                for (int count = 1; count <= DistanceKernel.QUERIES; count++) {
                    lanes.dots(queries, 0, count, data, offset, dim, got);
                    scalar.dots(queries, 0, count, data, offset, dim, want);
                    for (int j = 0; j < count; j++) {
                        assertThat(got[j]).as("dot dim %d row %d query %d", dim, row, j)
                                .isCloseTo(want[j], within(1e-4f * (1 + Math.abs(want[j]))));
                        assertThat(lanes.dot(queries[j], 0, data, offset, dim)).isEqualTo(got[j]);
                    }
                    lanes.squaredDistances(queries, 0, count, data, offset, dim, got);
                    scalar.squaredDistances(queries, 0, count, data, offset, dim, want);
                    for (int j = 0; j < count; j++) {
                        assertThat(got[j]).as("l2 dim %d row %d query %d", dim, row, j)
                                .isCloseTo(want[j], within(1e-4f * (1 + Math.abs(want[j]))));
                        assertThat(lanes.squaredDistance(queries[j], 0, data, offset, dim)).isEqualTo(got[j]);
                    }
                }
            }
        }
    }

    private static float[] random(Random random, int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
