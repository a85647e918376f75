package dev.solemate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.solemate.device.DeviceProfiles;
import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceCommand;
import dev.solemate.driver.DeviceInfo;
import dev.solemate.player.Playback;
import dev.solemate.player.PlaybackEnding;
import dev.solemate.player.PlaybackOptions;
import dev.solemate.player.PlaybackResult;
import dev.solemate.player.RoutinePlayer;
import dev.solemate.routine.CompiledRoutine;
import dev.solemate.safety.SafetyLimit;
import dev.solemate.safety.SafetyLimits;
import dev.solemate.safety.SafetyWarning;
import dev.solemate.sim.ExecutedCommand;
import dev.solemate.testing.CompiledRoutineBuilder;
import dev.solemate.testing.VirtualRig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A stop wins by construction: it ends the routine, cancels what was issued before it, and
 * nothing issued before it reaches the device afterwards; a reconnect means zero.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StopWinsTest {

    /** Arch at level 3 from the start, the heel joining at 20 s and the toes at 40 s. */
    private static CompiledRoutine oneMinute(String name) {
        return CompiledRoutineBuilder.routine(name, DeviceProfiles.builtIn("shiatsu-4zone"))
                .step("one", Duration.ofSeconds(60))
                .zone(Duration.ZERO, Zone.ARCH, Technique.KNEAD, 3)
                .zone(Duration.ofSeconds(20), Zone.HEEL, Technique.KNEAD, 2)
                .zone(Duration.ofSeconds(40), Zone.TOES, Technique.KNEAD, 2)
                .build();
    }

    private static List<ExecutedCommand> nonZeroAfter(VirtualRig rig, long at) {
        return rig.device.executed().stream().filter(e -> e.atNanos() >= at)
                .filter(e -> e.command() instanceof DeviceCommand.SetZone z ? z.level() > 0
                        : e.command() instanceof DeviceCommand.SetHeat)
                .toList();
    }

    @Test
    void massagerStopEndsRunningRoutine() {
        try (VirtualRig rig = VirtualRig.open("latency=5ms")) {
            Playback playback = RoutinePlayer.start(rig.massager, oneMinute("busy"), PlaybackOptions.defaults(), e -> { });
            rig.advance(Duration.ofSeconds(10));
            assertThat(rig.device.zone(Zone.ARCH).level()).isPositive();

            rig.await(rig.massager.stop());
            long stoppedAt = rig.now();
            rig.advance(Duration.ofSeconds(60));

            PlaybackResult result = rig.awaitEnd(playback);
            assertThat(result.ending()).isEqualTo(PlaybackEnding.STOPPED);
            assertThat(result.reason()).isEqualTo("stopped");
            assertThat(nonZeroAfter(rig, stoppedAt)).as("nothing raised the device after the stop").isEmpty();
            assertThat(rig.device.isAtZero()).isTrue();
            assertThat(rig.massager.playback()).isEmpty();
        }
    }

    @Test
    void aStopCancelsEveryCommandIssuedBeforeItThatTheDeviceHadNotConfirmed() {
        try (VirtualRig rig = VirtualRig.open("latency=30ms")) {
            CompletableFuture<CommandResult> raise = rig.massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.of(20));
            CompletableFuture<CommandResult> heatOff = rig.massager.heatOff();
            rig.advance(Duration.ofMillis(10));

            rig.await(rig.massager.stop("stopped by the test"));
            rig.advance(Duration.ofMillis(100));
            rig.await(raise::isDone, "the cancellation");

            assertThatThrownBy(raise::join).hasCauseInstanceOf(CommandCancelledException.class)
                    .hasMessageContaining("arch knead 20 % was cancelled by stop #1 (stopped by the test)");
            assertThat(rig.await(heatOff)).as("a stop does what a request to go to zero asked").isNull();
            assertThat(rig.device.isAtZero()).isTrue();
            assertThat(rig.massager.stops()).isEqualTo(1);
        }
    }

    @Test
    void startingARoutineWhileAnotherPlaysEndsTheOldOneFirst() {
        try (VirtualRig rig = VirtualRig.open("")) {
            Playback first = rig.massager.play(oneMinute("first"), PlaybackOptions.defaults(), e -> { });
            rig.advance(Duration.ofSeconds(25));
            Playback second = rig.massager.play(oneMinute("second"), PlaybackOptions.defaults(), e -> { });

            PlaybackResult ended = rig.awaitEnd(first);
            assertThat(ended.ending()).isEqualTo(PlaybackEnding.STOPPED);
            assertThat(ended.reason()).isEqualTo("replaced by second");
            assertThat(rig.massager.playback()).containsSame(second);
            assertThat(rig.device.zone(Zone.HEEL).level()).as("the old routine's heel stopped with it").isZero();

            rig.advance(Duration.ofSeconds(61));
            assertThat(rig.awaitEnd(second).ending()).isEqualTo(PlaybackEnding.COMPLETED);
            assertThat(rig.massager.playback()).isEmpty();
        }
    }

    @Test
    void reconnectKeepsTheSessionClockUntilTheDeviceConfirmsZero() {
        try (VirtualRig rig = VirtualRig.open("watchdog=0ms")) {
            rig.await(rig.massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.of(20)));
            rig.advance(Duration.ofMinutes(1));
            rig.device.disconnect("broker link lost");
            rig.await(() -> rig.massager.state().connection() == ConnectionState.DISCONNECTED, "disconnected");
            rig.advance(Duration.ofMinutes(2));
            assertThat(rig.device.zone(Zone.ARCH).level()).as("no watchdog: the unit runs on").isEqualTo(1);

            rig.device.reconnect();
            rig.await(() -> rig.massager.state().connection() == ConnectionState.CONNECTED, "reconnected");
            assertThat(rig.device.isAtZero()).as("the core stopped the device before anything else").isTrue();
            assertThat(rig.device.executed()).last()
                    .isEqualTo(new ExecutedCommand(rig.now(), new DeviceCommand.StopAll(), ExecutedCommand.Origin.HOST));
            rig.await(() -> rig.massager.state().sessionUsed().compareTo(Duration.ofMinutes(3)) >= 0,
                    "the disconnected minutes counted");

            rig.advance(Duration.ofMinutes(5));
            assertThat(rig.massager.state().sessionUsed()).as("the clock stopped once the stop was confirmed")
                    .isEqualTo(Duration.ofMinutes(3));
        }
    }

    @Test
    void reconnectWithAnotherSerialNumberReplacesTheProfile() {
        try (VirtualRig rig = VirtualRig.open("")) {
            List<MassagerEvent> events = new CopyOnWriteArrayList<>();
            rig.massager.addListener(events::add);
            DeviceInfo before = rig.massager.info();
            Playback playback = rig.massager.play(oneMinute("busy"), PlaybackOptions.defaults(), e -> { });
            rig.advance(Duration.ofSeconds(5));

            rig.device.disconnect("unplugged");
            DeviceInfo other = new DeviceInfo(DeviceProfiles.builtIn("budget-2zone"), "sim-2.0", "SIM-OTHER");
            rig.device.reconnectAs(other);
            rig.await(() -> events.contains(new MassagerEvent.Reconnected()), "the reconnect");

            assertThat(events).containsSubsequence(new MassagerEvent.DeviceReplaced(before, other),
                    new MassagerEvent.Reconnected());
            assertThat(rig.massager.info()).isEqualTo(other);
            assertThat(rig.massager.profile().id()).isEqualTo("budget-2zone");
            assertThat(rig.massager.state().zones().keySet()).isEqualTo(other.profile().zones().keySet());
            assertThat(rig.awaitEnd(playback).ending()).isEqualTo(PlaybackEnding.FAILED);

            // Levels are computed on the new unit's scale.
            Zone zone = other.profile().zones().keySet().iterator().next();
            Technique technique = other.profile().techniques(zone).iterator().next();
            rig.advance(Duration.ofSeconds(10));
            CommandResult result = rig.await(rig.massager.setZone(zone, technique, Intensity.of(100)));
            assertThat(result.targetLevel()).isEqualTo(other.profile().intensitySteps());
        }
    }

    @Test
    void aHeatLimitBelowTheDevicesLowestSetPointKeepsTheHeaterOff() {
        int lowest = DeviceProfiles.builtIn("shiatsu-4zone").heat().orElseThrow().minCelsius();
        SafetyLimits limits = SafetyLimits.defaults().withHeatLimit(lowest - 1);
        try (VirtualRig rig = VirtualRig.open("", limits)) {
            List<SafetyWarning> warnings = new CopyOnWriteArrayList<>();
            rig.massager.addListener(e -> {
                if (e instanceof MassagerEvent.SafetyEvent s) {
                    warnings.add(s.warning());
                }
            });
            CommandResult result = rig.await(rig.massager.setHeat(lowest + 2));

            assertThat(result.appliedLevel()).isZero();
            assertThat(result.warnings()).extracting(SafetyWarning::limit).containsExactly(SafetyLimit.HEAT_LIMIT);
            assertThat(result.warnings().get(0).message()).isEqualTo("heat limit " + (lowest - 1)
                    + " °C is below the lowest setting of shiatsu-4zone (" + lowest + " °C); the heater stays off");
            assertThat(rig.device.heatTarget()).isEmpty();
            assertThat(rig.device.executed()).noneMatch(e -> e.command() instanceof DeviceCommand.SetHeat);
            assertThat(rig.massager.state().heatTarget()).isEmpty();
        }
    }
}
