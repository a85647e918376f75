package dev.solemate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The progress bar's line fits the terminal whatever its width, so a redraw never wraps. */
class ProgressBarLineTest {

    private static final Duration TOTAL = Duration.ofSeconds(870);

    @Test
    void aWideTerminalGetsTheFullBar() {
        assertThat(TerminalProgressBar.line(0.5, Duration.ofSeconds(435), TOTAL, "step 4/10 heel: knead", 120))
                .isEqualTo("[###############...............]  50%  07:15 / 14:30  step 4/10 heel: knead");
    }

    @Test
    void aSixtyColumnTerminalGetsAShorterBar() {
        assertThat(TerminalProgressBar.line(0.5, Duration.ofSeconds(435), TOTAL, "step 4/10 heel: knead", 60))
                .isEqualTo("[#######.......]  50%  07:15 / 14:30  step 4/10 heel: knead");
    }

    @Test
    void aFiftyColumnTerminalShowsTheNumbersAndTheStepWithoutABar() {
        assertThat(TerminalProgressBar.line(0.5, Duration.ofSeconds(435), TOTAL, "step 4/10 heel: knead", 50))
                .isEqualTo(" 50%  07:15 / 14:30  step 4/10 heel: knead");
    }

    @Test
    void aNarrowTerminalDropsTheBarThenShortensTheStep() {
        assertThat(TerminalProgressBar.line(0.5, Duration.ofSeconds(435), TOTAL, "step 4/10 heel: knead", 41))
                .isEqualTo(" 50%  07:15 / 14:30  step 4/10 heel: knead".substring(0, 39) + "…");
    }

    @Property
    void neverReachesTheLastColumn(@ForAll @IntRange(min = 1, max = 300) int columns,
            @ForAll @DoubleRange(min = 0, max = 1) double fraction) {
        String line = TerminalProgressBar.line(fraction, TOTAL.multipliedBy(Math.round(fraction * 100)).dividedBy(100),
                TOTAL, "step 10/10 cool-down (paused)", columns);
        assertThat(line.length()).isLessThanOrEqualTo(Math.max(1, columns - 1));
    }
}
