package dev.solemate.routine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Durations as people write them, and back. */
class HumanDurationTest {

    @ParameterizedTest(name = "\"{0}\" is {1} ms")
    @CsvSource({
        "90s, 90000", "2m, 120000", "1m30s, 90000", "1h, 3600000", "1h2m3s, 3723000", "500ms, 500",
        "1.5s, 1500", "2m 30s, 150000", "1M30S, 90000", "1m500ms, 60500", "90, 90000", "2.5, 2500",
    })
    void parsesTheFriendlyForms(String text, long millis) {
        assertThat(HumanDuration.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "{0} ms is \"{1}\"")
    @CsvSource({"90000, 1m30s", "120000, 2m", "500, 500ms", "1500, 1.5s", "3723000, 1h2m3s", "7200000, 2h", "0, 0s"})
    void formatsTheShortestFormThatReadsBack(long millis, String text) {
        assertThat(HumanDuration.format(Duration.ofMillis(millis))).isEqualTo(text);
        assertThat(HumanDuration.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void rejectsWhatItCannotRead() {
        assertThatThrownBy(() -> HumanDuration.parse("5 minutes")).hasMessageContaining("is not understood");
        assertThatThrownBy(() -> HumanDuration.parse("s")).hasMessageContaining("is not understood");
        assertThatThrownBy(() -> HumanDuration.parse("")).hasMessageContaining("is not understood");
        assertThatThrownBy(() -> HumanDuration.ofSeconds(0.0001)).hasMessageContaining("finer than a millisecond");
        assertThatThrownBy(() -> HumanDuration.ofSeconds(Double.NaN)).hasMessageContaining("not a usable number");
    }

    @Test
    void clockFormIsHoursMinutesSecondsMillis() {
        assertThat(HumanDuration.clock(Duration.ofMillis(3_723_045))).isEqualTo("01:02:03.045");
    }
}
