package io.milvusdm.pipeline;

/**
 * How a sink keeps the rows of splits that an interrupted run started but did not commit from appearing twice
 * when a resumed run writes those splits again ({@link Sink#resolveInterrupted}).
 *
 * @param resolution what the sink found and did
 * @param strayRows with {@link Resolution#CANNOT_TELL_APART}: rows the interrupted run wrote for those splits,
 *     which stay in the target and will appear twice; else 0
 */
public record InterruptedWrites(Resolution resolution, long strayRows) {

    /** The default: the splits are written again with {@link WriteKind#UPSERT}, which replaces rows by key. */
    public static final InterruptedWrites REWRITE_BY_KEY = new InterruptedWrites(Resolution.REWRITE_BY_KEY, 0);

    public InterruptedWrites {
        if (strayRows < 0 || strayRows > 0 && resolution != Resolution.CANNOT_TELL_APART) {
            throw new IllegalArgumentException(resolution + " with " + strayRows + " stray rows");
        }
    }

    public enum Resolution {
        /** Rows are replaced by their keys: the splits are written again with upsert. */
        REWRITE_BY_KEY,
        /** The target's count shows that none of their rows landed: the splits are written again with insert. */
        NOTHING_LANDED,
        /**
         * The target holds nothing but this job's rows: the runner records a restart, has the sink remove them all
         * ({@link Sink#clearTarget}), and the job starts over from its first split.
         */
        CLEAR_TARGET,
        /**
         * Rows landed, have no key to replace them by (the target generates keys) and cannot be removed alone: they
         * stay, and the splits are written again with insert.
         */
        CANNOT_TELL_APART
    }
}
