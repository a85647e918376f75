package dev.solemate.player;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.device.DeviceProfile;
import dev.solemate.device.DeviceProfiles;
import dev.solemate.device.Intensity;
import dev.solemate.driver.DeviceCommand;
import dev.solemate.routine.CompiledRoutine;
import dev.solemate.routine.Routine;
import dev.solemate.routine.RoutineCompiler;
import dev.solemate.routine.Routines;
import dev.solemate.sim.ExecutedCommand;
import dev.solemate.testing.VirtualRig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every built-in routine, compiled for every built-in profile, plays to the end and leaves the device at zero. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BuiltInRoutinesPlaybackTest {

    static Stream<Arguments> routinesAndProfiles() {
        List<Arguments> all = new ArrayList<>();
        for (String routine : Routines.builtIn().keySet()) {
            for (String profile : DeviceProfiles.builtIn().keySet()) {
                all.add(Arguments.of(routine, profile));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} on {1} at speed 60")
    @MethodSource("routinesAndProfiles")
    void playsToTheEndAtDemoSpeedAndEndsAtZero(String routineName, String profileId) {
        DeviceProfile profile = DeviceProfiles.builtIn(profileId);
        CompiledRoutine compiled = RoutineCompiler.compile(Routines.builtIn(routineName), profile);
        try (VirtualRig rig = VirtualRig.open("profile=" + profileId)) {
            long start = rig.now();
            Playback playback = RoutinePlayer.start(rig.massager, compiled,
                    PlaybackOptions.defaults().withSpeed(60), event -> { });
            long end = start + compiled.duration().toNanos() / 60;
            rig.timeline.advanceTo(end);
            PlaybackResult result = rig.awaitEnd(playback);

            assertThat(result.ending()).as(result.reason()).isEqualTo(PlaybackEnding.COMPLETED);
            assertThat(rig.device.isAtZero()).isTrue();
            assertThat(rig.device.executed()).last().isEqualTo(
                    new ExecutedCommand(end, new DeviceCommand.StopAll(), ExecutedCommand.Origin.HOST));
        }
    }

    @Test
    void bedtimePlaysInRealTimeUnderAComfortCapWithoutTouchingTheSessionLimit() {
        Routine bedtime = Routines.builtIn("bedtime");
        DeviceProfile profile = DeviceProfiles.builtIn("shiatsu-4zone");
        CompiledRoutine compiled = RoutineCompiler.compile(bedtime, profile, Intensity.of(60));
        try (VirtualRig rig = VirtualRig.open("profile=shiatsu-4zone")) {
            List<PlaybackEvent> events = new ArrayList<>();
            Playback playback = RoutinePlayer.start(rig.massager, compiled, PlaybackOptions.defaults(), events::add);
            rig.advance(compiled.duration().plus(Duration.ofSeconds(1)));
            PlaybackResult result = rig.awaitEnd(playback);

            assertThat(result.ending()).as(result.reason()).isEqualTo(PlaybackEnding.COMPLETED);
            assertThat(events).filteredOn(e -> e instanceof PlaybackEvent.StepStarted).hasSize(compiled.steps().size());
            int capLevel = profile.capLevel(Intensity.of(60));
            assertThat(rig.device.executed()).allMatch(e -> !(e.command() instanceof DeviceCommand.SetZone z)
                    || z.level() <= capLevel, "no zone above the comfort cap");
            assertThat(rig.device.executed()).allMatch(e -> !(e.command() instanceof DeviceCommand.SetHeat h)
                    || h.celsius() <= 40, "no heat above 40 °C");
        }
    }
}
