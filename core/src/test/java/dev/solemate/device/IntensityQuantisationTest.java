package dev.solemate.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The golden table: how a 0-100 % request maps to device levels on 3-, 5- and 20-step devices.
 * Any non-zero request moves the motor at least one step; zero is stop; 100 % is the top level.
 */
class IntensityQuantisationTest {

    @ParameterizedTest(name = "{0} % -> level {1} of 3, {2} of 5, {3} of 20")
    @CsvSource({
        // percent, 3 steps, 5 steps, 20 steps
        "0,     0, 0,  0",
        "0.1,   1, 1,  1",
        "1,     1, 1,  1",
        "5,     1, 1,  1",
        "5.1,   1, 1,  2",
        "10,    1, 1,  2",
        "20,    1, 1,  4",
        "20.5,  1, 2,  5",
        "25,    1, 2,  5",
        "33.3,  1, 2,  7",
        "33.34, 2, 2,  7",
        "40,    2, 2,  8",
        "50,    2, 3, 10",
        "60,    2, 3, 12",
        "66.7,  3, 4, 14",
        "75,    3, 4, 15",
        "80,    3, 4, 16",
        "90,    3, 5, 18",
        "99,    3, 5, 20",
        "100,   3, 5, 20",
    })
    void goldenTable(double percent, int of3, int of5, int of20) {
        Intensity intensity = Intensity.of(percent);
        assertThat(intensity.toLevel(3)).isEqualTo(of3);
        assertThat(intensity.toLevel(5)).isEqualTo(of5);
        assertThat(intensity.toLevel(20)).isEqualTo(of20);
    }

    @Test
    void everyLevelRoundTripsThroughItsPercentage() {
        for (int steps : new int[] {1, 3, 5, 7, 15, 20, 100}) {
            for (int level = 0; level <= steps; level++) {
                assertThat(Intensity.ofLevel(level, steps).toLevel(steps)).as("level %d of %d", level, steps)
                        .isEqualTo(level);
            }
        }
    }

    @Test
    void outOfRangeIntensityNamesTheValueAndTheRange() {
        assertThatThrownBy(() -> Intensity.of(140))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("intensity 140 % is out of range (expected 0 to 100)");
        assertThatThrownBy(() -> Intensity.of(-1)).hasMessageContaining("-1 % is out of range");
        assertThatThrownBy(() -> Intensity.of(Double.NaN)).hasMessageContaining("out of range");
    }
}
