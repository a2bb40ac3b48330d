package io.milvusdm.milvus;

import java.util.Locale;

/** What a job does when its target collection or partition already exists. */
public enum WriteMode {
    /** Leave the existing target untouched and report the skip. */
    SKIP,
    /** Insert into the existing target. */
    APPEND,
    /** Drop the existing target and recreate it, once the source's pre-scan has passed. */
    OVERWRITE,
    /** Insert or replace by primary key, so a re-run does not duplicate rows. */
    UPSERT;

    /** Parses a job file's mode, in any case; {@code null} for an unknown name. */
    public static WriteMode parse(String name) {
        if (name == null) {
            return null;
        }
        for (WriteMode mode : values()) {
            if (mode.name().equalsIgnoreCase(name.trim())) {
                return mode;
            }
        }
        return null;
    }

    public String jobName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
