package io.milvusdm.milvus.source;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageMemoryTest {

    @Test
    void a_page_waits_until_the_pages_before_it_give_their_share_back() throws Exception {
        PageMemory memory = new PageMemory(64 << 10);
        PageMemory.Lease first = memory.take(40 << 10);
        PageMemory.Lease second = memory.take(24 << 10);

        CompletableFuture<PageMemory.Lease> third = CompletableFuture.supplyAsync(() -> {
            try {
                return memory.take(30 << 10);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThatThrownBy(() -> third.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        second.close();
        assertThatThrownBy(() -> third.get(200, TimeUnit.MILLISECONDS)).as("24 KiB free, 30 wanted")
                .isInstanceOf(TimeoutException.class);
        first.close();
        third.get(5, TimeUnit.SECONDS).close();
        assertThat(memory.freeUnits()).isEqualTo(64);
    }

    @Test
    void a_page_larger_than_the_budget_takes_all_of_it() throws Exception {
        PageMemory memory = new PageMemory(8 << 10);
        try (PageMemory.Lease lease = memory.take(1L << 40)) {
            assertThat(memory.freeUnits()).isZero();
        }
        assertThat(memory.freeUnits()).isEqualTo(8);
    }

    @Test
    void arrays_are_kept_for_later_pages_within_the_budget() throws Exception {
        PageMemory memory = new PageMemory(4 * 1000);
        float[] first;
        try (PageMemory.Lease lease = memory.take(4000)) {
            first = lease.floats(600);
        }
        assertThat(memory.spareBytes()).isEqualTo(2400);
        try (PageMemory.Lease lease = memory.take(4000)) {
            assertThat(lease.floats(500)).isSameAs(first);
            assertThat(lease.floats(500)).isNotSameAs(first).hasSize(500);
        }
        assertThat(memory.spareBytes()).as("600 and 500 floats are more than 4000 bytes: the smaller one went")
                .isEqualTo(2400);
        try (PageMemory.Lease lease = memory.take(4000)) {
            assertThat(lease.floats(2000)).hasSize(2000);
        }
        assertThat(memory.spareBytes()).as("larger than the budget: not kept").isEqualTo(2400);
    }

    @Test
    void an_answer_asked_again_is_decoded_into_the_arrays_of_the_attempt_before() throws Exception {
        PageMemory memory = new PageMemory(1 << 20);
        try (PageMemory.Lease lease = memory.take(4000)) {
            lease.answerStarts();
            float[] vectors = lease.floats(600);
            float[] other = lease.floats(100);
            lease.answerStarts(); // the first attempt failed, e.g. a transient status after the answer was decoded
            assertThat(lease.floats(600)).isSameAs(vectors);
            assertThat(lease.floats(50)).isSameAs(other);
            assertThat(lease.floats(50)).isNotSameAs(other);
        }
        assertThat(memory.spareBytes()).as("every array given back once").isEqualTo(4L * (600 + 100 + 50));
    }
}
