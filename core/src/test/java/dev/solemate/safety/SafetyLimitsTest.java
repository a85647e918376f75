package dev.solemate.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.solemate.device.Intensity;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Safety limits are checked where they are made; nothing can raise heat above 43 °C or a session above 30 min. */
class SafetyLimitsTest {

    private final SafetyLimits defaults = SafetyLimits.defaults();

    @Test
    void defaultsAreFortyDegreesFifteenMinutesTwentyPercentPerSecondAndNoCap() {
        assertThat(defaults).isEqualTo(new SafetyLimits(Intensity.FULL, 40, Duration.ofMinutes(15), 20,
                Duration.ofMinutes(10)));
    }

    @Test
    void rejectsEachOutOfRangeValueNamingItAndTheAllowedRange() {
        assertThatThrownBy(() -> defaults.withComfortCap(Intensity.ZERO))
                .hasMessage("comfortCap 0 % would allow nothing (expected 1 to 100 %)");
        assertThatThrownBy(() -> defaults.withHeatLimit(19))
                .hasMessage("heatLimitCelsius 19 is out of range (expected 20 to 43 °C)");
        assertThatThrownBy(() -> defaults.withHeatLimit(60))
                .hasMessage("heatLimitCelsius 60 is out of range (expected 20 to 43 °C)");
        assertThatThrownBy(() -> defaults.withMaxSession(Duration.ofSeconds(30)))
                .hasMessage("maxSession 30 s is out of range (expected 1 to 30 minutes)");
        assertThatThrownBy(() -> defaults.withRiseRate(0.5))
                .hasMessage("riseRatePercentPerSecond 0.5 is out of range (expected 1 to 100)");
        assertThatThrownBy(() -> defaults.withRiseRate(Double.NaN))
                .hasMessage("riseRatePercentPerSecond NaN is out of range (expected 1 to 100)");
        assertThatThrownBy(() -> new SafetyLimits(Intensity.FULL, 40, Duration.ofMinutes(15), 20, Duration.ofSeconds(59)))
                .hasMessage("restBeforeNewSession 59 s is too short (expected at least 1 minute)");
    }

    @Test
    void theCeilingsAreTheStandardsAndTheMakersAdvice() {
        assertThat(SafetyLimits.ABSOLUTE_HEAT_CEILING_CELSIUS).isEqualTo(43);
        assertThat(SafetyLimits.ABSOLUTE_MAX_SESSION).isEqualTo(Duration.ofMinutes(30));
        assertThat(defaults.withHeatLimit(43).heatLimitCelsius()).isEqualTo(43);
        assertThat(defaults.withMaxSession(Duration.ofMinutes(30)).maxSession()).isEqualTo(Duration.ofMinutes(30));
    }
}
