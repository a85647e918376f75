package dev.solemate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.solemate.device.DeviceProfiles;
import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceCommand;
import dev.solemate.player.Playback;
import dev.solemate.player.PlaybackEnding;
import dev.solemate.player.PlaybackOptions;
import dev.solemate.player.PlaybackResult;
import dev.solemate.player.RoutinePlayer;
import dev.solemate.routine.CompiledRoutine;
import dev.solemate.testing.CompiledRoutineBuilder;
import dev.solemate.testing.VirtualRig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the JVM shutdown hook does to open massagers, and to a routine playing on one. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class JvmExitTest {

    @Test
    void aPlayingRoutineSendsNothingAfterTheExitStop() {
        CompiledRoutine routine = CompiledRoutineBuilder.routine("busy", DeviceProfiles.builtIn("shiatsu-4zone"))
                .step("one", Duration.ofSeconds(60))
                .zone(Duration.ZERO, Zone.ARCH, Technique.KNEAD, 5)
                .zone(Duration.ofSeconds(20), Zone.HEEL, Technique.KNEAD, 1)
                .zone(Duration.ofSeconds(40), Zone.TOES, Technique.KNEAD, 1)
                .build();
        VirtualRig rig = VirtualRig.open("");
        Playback playback = RoutinePlayer.start(rig.massager, routine, PlaybackOptions.defaults(), e -> { });
        rig.advance(Duration.ofMillis(2_500));
        long exitAt = rig.now();

        Massagers.stopOnExit(List.of(rig.massager));
        rig.advance(Duration.ofSeconds(60));
        PlaybackResult result = rig.awaitEnd(playback);

        assertThat(rig.device.executed()).filteredOn(e -> e.atNanos() >= exitAt).isNotEmpty()
                .as("only stops (the hook's, then the close's) after the exit began")
                .allMatch(e -> e.command().equals(new DeviceCommand.StopAll()) && e.atNanos() == exitAt);
        assertThat(rig.device.isAtZero()).isTrue();
        assertThat(result.ending()).isEqualTo(PlaybackEnding.TERMINATED);
        assertThat(result.reason()).isEqualTo("the JVM is shutting down");
        assertThat(rig.massager.state().connection()).isEqualTo(ConnectionState.CLOSED);
    }

    @Test
    void afterTheExitStopOnlyStopIsAccepted() {
        try (VirtualRig rig = VirtualRig.open("")) {
            rig.await(rig.massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.of(20)));
            rig.massager.haltForExit();

            assertThat(rig.device.isAtZero()).isTrue();
            assertThatThrownBy(() -> rig.massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.of(20)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("device shiatsu-4zone was stopped for good and takes no more commands: the JVM is shutting down");
            assertThatThrownBy(() -> rig.massager.setHeat(38)).isInstanceOf(IllegalStateException.class);
            assertThat(rig.await(rig.massager.stop())).isNull();
        }
    }
}
