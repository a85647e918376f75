package dev.solemate.mqtt.config;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How the bridge retries a device that did not open at start (unplugged, or its network serial
 * bridge not up yet): the first retry after {@code initial}, each next wait doubled up to {@code max},
 * and each wait cut by a random amount up to half, so devices (and bridges) do not retry in step.
 *
 * @param initial the wait before the first retry
 * @param max     the longest wait between two attempts
 */
public record DeviceRetryPolicy(Duration initial, Duration max) {

    public static final Duration DEFAULT_INITIAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX = Duration.ofSeconds(60);
    private static final Duration SHORTEST = Duration.ofMillis(10);
    private static final Duration LONGEST = Duration.ofHours(1);

    public DeviceRetryPolicy {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.compareTo(SHORTEST) < 0 || initial.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("bridge.device_retry.initial " + initial.toMillis()
                    + " ms is out of range (expected 10 ms to 1 h)");
        }
        if (max.compareTo(initial) < 0 || max.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("bridge.device_retry.max " + max.toMillis()
                    + " ms is out of range (expected bridge.device_retry.initial, " + initial.toMillis()
                    + " ms, to 1 h)");
        }
    }

    /** 1 s doubling up to 60 s. */
    public static DeviceRetryPolicy defaults() {
        return new DeviceRetryPolicy(DEFAULT_INITIAL, DEFAULT_MAX);
    }

    /** The un-jittered wait after {@code failures} failed attempts (1 for the first): initial * 2^(failures-1), capped. */
    public Duration backoff(int failures) {
        long nanos = initial.toNanos();
        for (int i = 1; i < failures && nanos < max.toNanos(); i++) {
            nanos *= 2;
        }
        return Duration.ofNanos(Math.min(nanos, max.toNanos()));
    }

    /** The wait after {@code failures} failed attempts, jittered into [backoff / 2, backoff]. */
    public Duration delay(int failures, RandomGenerator random) {
        long full = backoff(failures).toNanos();
        return Duration.ofNanos(full - random.nextLong(full / 2 + 1));
    }
}
