package io.milvusdm.similarity;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MilvusSearchParamsTest {

    @Test
    void hnsw_searches_with_the_default_ef_unless_more_hits_are_asked() {
        assertThat(MilvusBackend.withEf(Map.of(), "HNSW", 10)).containsExactly(Map.entry("ef", 128L));
        assertThat(MilvusBackend.withEf(Map.of(), "HNSW", 500)).containsExactly(Map.entry("ef", 500L));
    }

    @Test
    void a_given_ef_replaces_the_default_and_is_raised_to_the_hits_asked() {
        assertThat(MilvusBackend.withEf(Map.of("ef", 16), "hnsw", 10)).containsEntry("ef", 16L);
        assertThat(MilvusBackend.withEf(Map.of("ef", 16), "HNSW", 64)).containsEntry("ef", 64L);
        assertThat(MilvusBackend.withEf(Map.of("ef", 2048.0, "radius", 0.5), "HNSW", 10))
                .containsEntry("ef", 2048L).containsEntry("radius", 0.5);
        assertThatThrownBy(() -> MilvusBackend.withEf(Map.of("ef", "many"), "HNSW", 10))
                .hasMessageContaining("ef must be a whole number, found 'many'");
    }

    @Test
    void other_index_types_get_the_parameters_as_given() {
        assertThat(MilvusBackend.withEf(Map.of(), "FLAT", 10)).isEmpty();
        assertThat(MilvusBackend.withEf(Map.of("nprobe", 32), "IVF_FLAT", 10)).containsExactly(Map.entry("nprobe", 32));
        assertThat(MilvusBackend.withEf(Map.of(), null, 10)).isEmpty();
    }

    @Test
    void described_build_parameters_are_read_as_numbers() {
        assertThat(MilvusBackend.buildParams(Map.of("M", "8", "efConstruction", "64", "metric_type", "COSINE",
                "index_type", "HNSW"))).containsOnly(Map.entry("M", 8L), Map.entry("efConstruction", 64L));
        assertThat(MilvusBackend.buildParams(Map.of())).isEmpty();
    }
}
