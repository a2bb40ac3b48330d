package io.milvusdm.pipeline;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Test-only crash points. A process started with {@code -Dmilvusdm.test.halt=POINT:N} halts, as {@code kill -9}
 * would (no shutdown hook runs, no buffer is flushed, no ledger entry is written), the N-th time it reaches POINT,
 * so that an integration test can stop a real run at an exact place and check that running it again ends with the
 * exact rows. It is not a user option and is left out of the user documentation on purpose: without the property
 * every call is a read of a constant.
 *
 * <p>Points:
 * <ul>
 *   <li>{@value #TARGET_PREPARED}: the sink prepared the target (created, dropped or checked it) and the ledger
 *       does not record its baseline yet;</li>
 *   <li>{@value #SPLIT_WRITTEN}: every batch of a split was acknowledged by the sink, and the ledger does not
 *       record the split as committed yet (so the target holds at least one whole split the ledger does not
 *       know of, and parts of the others in flight);</li>
 *   <li>{@value #TARGET_CLEARED}: a resumed run cleared the target to start over (the ledger records the restart)
 *       and the ledger does not record the target cleared yet;</li>
 *   <li>{@value #FLUSHED}: a Milvus target was flushed at the end of a job, before the index wait and the count.</li>
 * </ul>
 */
public final class CrashPoints {

    public static final String PROPERTY = "milvusdm.test.halt";
    public static final String TARGET_PREPARED = "target-prepared";
    public static final String SPLIT_WRITTEN = "split-written";
    public static final String TARGET_CLEARED = "target-cleared";
    public static final String FLUSHED = "flushed";
    /** The exit status of a halted process: that of a process killed by SIGKILL. */
    public static final int STATUS = 137;

    private static final String POINT;
    private static final long AT;
    private static final AtomicLong REACHED = new AtomicLong();

    static {
        String value = System.getProperty(PROPERTY, "");
        int colon = value.lastIndexOf(':');
        String point = null;
        long at = -1;
        if (colon > 0) {
            try {
                at = Long.parseLong(value.substring(colon + 1));
                point = value.substring(0, colon);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(PROPERTY + " must be POINT:N, found '" + value + "'", e);
            }
        } else if (!value.isEmpty()) {
            throw new IllegalArgumentException(PROPERTY + " must be POINT:N, found '" + value + "'");
        }
        POINT = point;
        AT = at;
    }

    private CrashPoints() {
    }

    /** Halts the process when this is the N-th time {@code point} is reached and the property names it. */
    public static void reached(String point) {
        if (POINT != null && POINT.equals(point) && REACHED.incrementAndGet() == AT) {
            System.err.println("milvusdm: halting at test crash point " + point + ":" + AT + " (" + PROPERTY + ")");
            System.err.flush();
            Runtime.getRuntime().halt(STATUS);
        }
    }
}
