package io.milvusdm.similarity;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IdFiltersTest {

    @Test
    void ids_with_quotes_and_brackets_stay_inside_their_literals() {
        assertThat(IdFilters.in("pk", List.of("a\"] or pk != \"", "b\\", "c'd")))
                .containsExactly("pk in [\"a\\\"] or pk != \\\"\", \"b\\\\\", \"c'd\"]");
    }

    @Test
    void many_ids_are_cut_into_batches_that_keep_every_id_once() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            ids.add("id" + i);
        }
        List<String> filters = IdFilters.in("sample_id", ids);
        assertThat(filters).hasSize(3);
        assertThat(filters.get(0)).startsWith("sample_id in [\"id0\", ").endsWith("\"id999\"]");
        assertThat(filters.get(2)).startsWith("sample_id in [\"id2000\"").endsWith("\"id2499\"]");
        assertThat(IdFilters.in("pk", List.of())).isEmpty();
    }

    @Test
    void long_ids_are_batched_by_length_too() {
        String big = "x".repeat(20_000);
        List<String> filters = IdFilters.in("pk", List.of(big + 1, big + 2, big + 3, big + 4));
        assertThat(filters).hasSize(2);
        assertThat(filters).allSatisfy(f -> assertThat(f.length()).isLessThanOrEqualTo(IdFilters.MAX_CHARS));
    }
}
