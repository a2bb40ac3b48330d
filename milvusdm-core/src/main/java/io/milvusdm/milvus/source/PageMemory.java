package io.milvusdm.milvus.source;

import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * The decoded pages all readers of one source hold at once, bounded in bytes. A reader takes its page's share
 * ({@link #take}) before it sends the page query and gives it back ({@link Lease#close}) once the page is cut into
 * batches, so that the memory pages take does not grow with the number of readers; a page larger than the whole
 * budget takes all of it, and is read alone.
 *
 * <p>The float arrays pages are decoded into ({@link Lease#floats}) are kept for the next pages, up to the
 * budget: a page is a humongous object to G1, and allocating one per page (protobuf's growing lists allocated
 * three times the page) made the heap grow to several times what was live.
 *
 * <p>Thread-safe.
 */
final class PageMemory {

    /** Permits are KiB, so that a budget of up to 2 TiB fits an int. */
    private static final int UNIT = 1024;

    private final long budgetBytes;
    private final int units;
    private final Semaphore permits;
    /** Arrays no lease holds, smallest first. */
    private final LinkedList<float[]> spare = new LinkedList<>();
    private long spareBytes;

    PageMemory(long budgetBytes) {
        if (budgetBytes <= 0) {
            throw new IllegalArgumentException("the page budget must be positive, got " + budgetBytes);
        }
        this.budgetBytes = budgetBytes;
        this.units = (int) Math.min(Integer.MAX_VALUE, Math.max(1, budgetBytes / UNIT));
        this.permits = new Semaphore(units, true);
    }

    /**
     * Waits until {@code bytes} (at most the whole budget) are free and takes them.
     *
     * @throws InterruptedIOException when the thread is interrupted while it waits
     */
    Lease take(long bytes) throws InterruptedIOException {
        int wanted = (int) Math.max(1, Math.min(units, (bytes + UNIT - 1) / UNIT));
        try {
            permits.acquire(wanted);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for memory for a page of " + bytes + " bytes");
        }
        return new Lease(wanted);
    }

    /** Bytes the spare arrays hold: for tests. */
    synchronized long spareBytes() {
        return spareBytes;
    }

    /** Free permits: for tests. */
    int freeUnits() {
        return permits.availablePermits();
    }

    private synchronized float[] takeSpare(int length) {
        for (Iterator<float[]> it = spare.iterator(); it.hasNext(); ) {
            float[] array = it.next();
            if (array.length >= length) {
                it.remove();
                spareBytes -= 4L * array.length;
                return array;
            }
        }
        return null;
    }

    /** Keeps {@code array}, the smallest arrays going first when they hold more than the budget. */
    private synchronized void giveSpare(float[] array) {
        if (4L * array.length > budgetBytes) {
            return;
        }
        int at = 0;
        while (at < spare.size() && spare.get(at).length < array.length) {
            at++;
        }
        spare.add(at, array);
        spareBytes += 4L * array.length;
        while (spareBytes > budgetBytes) {
            spareBytes -= 4L * spare.removeFirst().length;
        }
    }

    /** One page's share of the budget, and the arrays it was decoded into. Not thread-safe. */
    final class Lease implements AutoCloseable, QueryPageDecoder.FloatArrays {

        private final int held;
        private final List<float[]> arrays = new ArrayList<>(1);
        /** Arrays of an answer that was asked again: this lease's to give first. */
        private final List<float[]> unused = new ArrayList<>(0);
        private boolean closed;

        private Lease(int held) {
            this.held = held;
        }

        /**
         * An array of at least {@code length} floats, for this lease's page: one of an earlier attempt at the same
         * page, one kept from an earlier page, or new.
         */
        @Override
        public float[] floats(int length) {
            float[] array = null;
            for (Iterator<float[]> it = unused.iterator(); array == null && it.hasNext(); ) {
                float[] candidate = it.next();
                if (candidate.length >= length) {
                    it.remove();
                    array = candidate;
                }
            }
            if (array == null) {
                array = takeSpare(length);
            }
            if (array == null) {
                array = new float[length];
            }
            arrays.add(array);
            return array;
        }

        @Override
        public void answerStarts() {
            unused.addAll(arrays);
            arrays.clear();
        }

        /** Gives the share and the arrays back: nothing may read the page's arrays afterwards. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            arrays.forEach(PageMemory.this::giveSpare);
            unused.forEach(PageMemory.this::giveSpare);
            arrays.clear();
            unused.clear();
            permits.release(held);
        }
    }
}
