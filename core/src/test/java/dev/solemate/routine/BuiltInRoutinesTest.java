package dev.solemate.routine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.solemate.device.DeviceProfile;
import dev.solemate.device.DeviceProfiles;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The built-in routines load, have the promised lengths, and compile on every built-in profile. */
@Timeout(30)
class BuiltInRoutinesTest {

    @Test
    void builtInsAreListedInIndexOrder() {
        assertThat(Routines.builtIn().keySet())
                .containsExactly("bedtime", "quick-unwind", "plantar-relief", "circulation");
    }

    @Test
    void bedtimeLastsAboutFifteenMinutesButNeverMore() {
        Duration bedtime = Routines.builtIn("bedtime").duration();
        assertThat(bedtime).isBetween(Duration.ofMinutes(14), Duration.ofMinutes(15));
    }

    @Test
    void everyBuiltInHasItsAdvertisedLengthAndADescription() {
        assertThat(Routines.builtIn("quick-unwind").duration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(Routines.builtIn("plantar-relief").duration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(Routines.builtIn("circulation").duration()).isEqualTo(Duration.ofMinutes(10));
        Routines.builtIn().values().forEach(r -> assertThat(r.description()).hasSizeGreaterThan(60));
    }

    @Test
    void unknownBuiltInListsTheKnownNames() {
        assertThatThrownBy(() -> Routines.builtIn("bedtme"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown routine 'bedtme' (expected one of: bedtime, quick-unwind, plantar-relief,"
                        + " circulation, or a .json file); did you mean 'bedtime'?");
    }

    @Test
    void everyBuiltInCompilesOnEveryProfileAndEndsAtZero() {
        for (Routine routine : Routines.builtIn().values()) {
            for (DeviceProfile profile : DeviceProfiles.builtIn().values()) {
                CompiledRoutine compiled = RoutineCompiler.compile(routine, profile);
                assertThat(compiled.commands()).isNotEmpty();
                assertThat(CompiledRoutines.finalLevels(compiled).values()).as("%s on %s", routine.name(), profile.id())
                        .containsOnly(0);
                assertThat(CompiledRoutines.finalHeat(compiled)).isZero();
            }
        }
    }
}
