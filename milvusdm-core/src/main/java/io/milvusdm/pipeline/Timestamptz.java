package io.milvusdm.pipeline;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * TIMESTAMPTZ values: one instant each, held as microseconds since 1970-01-01T00:00:00Z (the resolution Milvus
 * stores), and as the ISO 8601 text with a UTC offset that Milvus returns and inserts take.
 */
public final class Timestamptz {

    private Timestamptz() {
    }

    /**
     * Microseconds since the epoch of ISO 8601 text with an offset ({@code 2024-05-06T07:08:09.123+08:00},
     * {@code ...Z}).
     *
     * @throws IllegalArgumentException for text without an offset or finer than microseconds
     */
    public static long micros(String iso) {
        Instant instant;
        try {
            instant = OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + iso + "' is not an ISO 8601 timestamp with a UTC offset", e);
        }
        if (instant.getNano() % 1_000 != 0) {
            throw new IllegalArgumentException("'" + iso + "' is finer than the microseconds Milvus stores");
        }
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    /** Microseconds since the epoch as ISO 8601 UTC text with every non-zero digit: {@code 2024-05-06T01:38:09.123456Z}. */
    public static String isoUtc(long micros) {
        Instant instant = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1_000L);
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
