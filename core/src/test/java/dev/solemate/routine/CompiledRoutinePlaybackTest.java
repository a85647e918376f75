package dev.solemate.routine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.device.DeviceProfiles;
import dev.solemate.driver.DeviceCommand;
import dev.solemate.player.Playback;
import dev.solemate.player.PlaybackEnding;
import dev.solemate.player.PlaybackEvent;
import dev.solemate.player.PlaybackOptions;
import dev.solemate.player.PlaybackResult;
import dev.solemate.player.RoutinePlayer;
import dev.solemate.sim.ExecutedCommand;
import dev.solemate.testing.VirtualRig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compiled sequence is what the device really does: every built-in routine, compiled for a
 * massager's limits and played in real time (on a virtual clock) through the safety governor,
 * reaches the simulated device command for command, at the compiled times, without the governor
 * holding back a single rise.
 */
@Timeout(60)
class CompiledRoutinePlaybackTest {

    static Stream<Arguments> routinesAndProfiles() {
        List<Arguments> all = new ArrayList<>();
        for (String routine : Routines.builtIn().keySet()) {
            for (String profile : DeviceProfiles.builtIn().keySet()) {
                all.add(Arguments.of(routine, profile));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("routinesAndProfiles")
    void deviceReceivesExactlyTheCompiledZoneCommandsWithNoGovernorIntervention(String routineName, String profileId) {
        try (VirtualRig rig = VirtualRig.open("profile=" + profileId)) {
            CompiledRoutine compiled = RoutineCompiler.compile(Routines.builtIn(routineName), rig.massager.profile(),
                    rig.massager.limits());
            List<PlaybackEvent> events = new CopyOnWriteArrayList<>();
            long start = rig.now();
            Playback playback = RoutinePlayer.start(rig.massager, compiled, PlaybackOptions.defaults(), events::add);
            rig.advance(compiled.duration().plus(Duration.ofSeconds(1)));
            PlaybackResult result = rig.awaitEnd(playback);

            assertThat(result.ending()).as(result.reason()).isEqualTo(PlaybackEnding.COMPLETED);
            assertThat(events).filteredOn(e -> e instanceof PlaybackEvent.Warning)
                    .extracting(e -> ((PlaybackEvent.Warning) e).message())
                    .as("warnings while playing").noneMatch(m -> m.contains("rise"));
            List<String> expected = compiled.commands().stream()
                    .filter(c -> c instanceof TimedCommand.SetZone)
                    .map(c -> (TimedCommand.SetZone) c)
                    .map(c -> c.at().toMillis() + " " + c.zone().id() + " " + c.technique().id() + " " + c.level())
                    .toList();
            List<String> actual = rig.device.executed().stream()
                    .filter(e -> e.origin() == ExecutedCommand.Origin.HOST && e.command() instanceof DeviceCommand.SetZone)
                    .map(e -> {
                        DeviceCommand.SetZone z = (DeviceCommand.SetZone) e.command();
                        return (e.atNanos() - start) / 1_000_000 + " " + z.zone().id() + " " + z.technique().id() + " "
                                + z.level();
                    })
                    .toList();
            assertThat(actual).containsExactlyElementsOf(expected);
        }
    }
}
