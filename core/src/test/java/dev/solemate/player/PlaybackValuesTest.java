package dev.solemate.player;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.solemate.routine.StepMark;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The player's values: options are checked where they are made; progress reads as a person expects. */
class PlaybackValuesTest {

    private static final StepMark STEP = new StepMark(0, "warm-up", Duration.ZERO, Duration.ofMinutes(2));

    @Test
    void defaultsPlayAtNormalSpeedWithProgressEverySecond() {
        assertThat(PlaybackOptions.defaults()).isEqualTo(new PlaybackOptions(1.0, Duration.ofSeconds(1)));
    }

    @Test
    void rejectsASpeedOrTickIntervalOutOfRange() {
        assertThatThrownBy(() -> PlaybackOptions.defaults().withSpeed(0))
                .hasMessage("speed 0.0 is out of range (expected 0.01 to 1000)");
        assertThatThrownBy(() -> PlaybackOptions.defaults().withSpeed(1001))
                .hasMessage("speed 1001.0 is out of range (expected 0.01 to 1000)");
        assertThatThrownBy(() -> PlaybackOptions.defaults().withSpeed(Double.NaN))
                .hasMessage("speed NaN is out of range (expected 0.01 to 1000)");
        assertThatThrownBy(() -> PlaybackOptions.defaults().withTickInterval(Duration.ZERO))
                .hasMessage("tickInterval PT0S (expected > 0)");
    }

    @Test
    void progressSaysWhatIsLeftAndHowFarAlong() {
        Progress progress = new Progress(Duration.ofSeconds(30), Duration.ofMinutes(2), STEP, 4);
        assertThat(progress.remaining()).isEqualTo(Duration.ofSeconds(90));
        assertThat(progress.fraction()).isEqualTo(0.25);

        Progress past = new Progress(Duration.ofMinutes(3), Duration.ofMinutes(2), STEP, 4);
        assertThat(past.remaining()).isEqualTo(Duration.ZERO);
        assertThat(past.fraction()).isEqualTo(1.0);
        assertThat(new Progress(Duration.ZERO, Duration.ZERO, STEP, 1).fraction()).isEqualTo(1.0);
    }
}
