package io.milvusdm.milvus;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently a transient failure is retried: at most {@code maxAttempts} calls, waiting an
 * exponentially growing, jittered delay in between ({@code initialBackoff * 2^n}, capped at {@code maxBackoff},
 * then drawn uniformly from its upper half so that parallel workers do not retry in lockstep).
 *
 * @param maxAttempts calls in all, the first included; 1 disables retries
 * @param initialBackoff the delay before the second call
 * @param maxBackoff the longest delay between two calls
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** Six calls over roughly 10 to 20 seconds: enough for a proxy restart or a rate-limit window. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(8));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff, got " + initialBackoff
                    + " and " + maxBackoff);
        }
    }

    /** The delay after failed call number {@code attempt} (1-based). */
    public Duration delayAfter(int attempt) {
        long base = initialBackoff.toMillis();
        long capped = maxBackoff.toMillis();
        long delay = attempt >= 31 ? capped : Math.min(capped, base << (attempt - 1));
        long half = delay / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(delay - half + 1));
    }
}
