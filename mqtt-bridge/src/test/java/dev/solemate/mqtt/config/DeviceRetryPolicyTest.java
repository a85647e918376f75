package dev.solemate.mqtt.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The retry backoff of devices that did not open at start: doubling, capped, jittered by at most half. */
class DeviceRetryPolicyTest {

    private final DeviceRetryPolicy policy = DeviceRetryPolicy.defaults();

    @Test
    void backoffStartsAtOneSecondAndDoublesUpToAMinute() {
        assertThat(java.util.stream.IntStream.rangeClosed(1, 9).mapToObj(policy::backoff).map(Duration::toSeconds))
                .containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
        assertThat(policy.backoff(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(60));
    }

    @Property(tries = 200)
    void jitteredDelayStaysBetweenHalfTheBackoffAndTheBackoff(@ForAll @IntRange(min = 1, max = 40) int failures,
                                                              @ForAll long seed) {
        Duration full = policy.backoff(failures);
        Duration delay = policy.delay(failures, new Random(seed));
        assertThat(delay).isBetween(full.dividedBy(2), full);
    }
}
