package dev.solemate.player;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.DeviceDisconnectedException;
import dev.solemate.device.DeviceProfiles;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceCommand;
import dev.solemate.routine.CompiledRoutine;
import dev.solemate.safety.SafetyLimit;
import dev.solemate.safety.SafetyLimitException;
import dev.solemate.safety.SafetyLimits;
import dev.solemate.sim.ExecutedCommand;
import dev.solemate.testing.CompiledRoutineBuilder;
import dev.solemate.testing.VirtualRig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Whatever ends a playback, the device is left at zero and completion() completes normally, Finished last. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PlaybackEndingsTest {

    private final List<PlaybackEvent> events = new CopyOnWriteArrayList<>();

    /** Every zone rises from 0 to the top level in one command, so the governor ramps them over 4 s. */
    private static CompiledRoutine steepRamp() {
        return CompiledRoutineBuilder.routine("steep", DeviceProfiles.builtIn("shiatsu-4zone"))
                .step("all up", Duration.ofSeconds(30))
                .step("all down", Duration.ofSeconds(30))
                .heat(Duration.ZERO, 38)
                .zone(Duration.ZERO, Zone.TOES, Technique.KNEAD, 5)
                .zone(Duration.ZERO, Zone.BALL, Technique.ROLL, 5)
                .zone(Duration.ZERO, Zone.ARCH, Technique.KNEAD, 5)
                .zone(Duration.ZERO, Zone.HEEL, Technique.PRESS, 5)
                .zone(Duration.ofSeconds(30), Zone.TOES, Technique.KNEAD, 1)
                .zone(Duration.ofSeconds(30), Zone.BALL, Technique.ROLL, 1)
                .zone(Duration.ofSeconds(30), Zone.ARCH, Technique.KNEAD, 1)
                .zone(Duration.ofSeconds(30), Zone.HEEL, Technique.PRESS, 1)
                .zone(Duration.ofSeconds(60), Zone.TOES, Technique.KNEAD, 0)
                .zone(Duration.ofSeconds(60), Zone.BALL, Technique.ROLL, 0)
                .zone(Duration.ofSeconds(60), Zone.ARCH, Technique.KNEAD, 0)
                .zone(Duration.ofSeconds(60), Zone.HEEL, Technique.PRESS, 0)
                .heatOff(Duration.ofSeconds(60))
                .build();
    }

    @Test
    void completingLeavesTheDeviceAtZeroAndReportsFinishedLast() {
        try (VirtualRig rig = VirtualRig.open("")) {
            Playback playback = RoutinePlayer.start(rig.massager, steepRamp(), PlaybackOptions.defaults(), events::add);
            rig.advance(Duration.ofSeconds(61));
            PlaybackResult result = rig.awaitEnd(playback);

            assertThat(result.ending()).isEqualTo(PlaybackEnding.COMPLETED);
            assertThat(result.played()).isEqualTo(Duration.ofSeconds(60));
            assertThat(result.reason()).isEqualTo("completed");
            assertThat(result.error()).isEmpty();
            assertThat(playback.isDone()).isTrue();
            assertThatEndedAtZero(rig, result);
        }
    }

    @Test
    void stopDuringRampLeavesEveryZoneAtZero() {
        try (VirtualRig rig = VirtualRig.open("")) {
            Playback playback = RoutinePlayer.start(rig.massager, steepRamp(), PlaybackOptions.defaults(), events::add);
            rig.advance(Duration.ofMillis(2_500));
            assertThat(rig.device.zone(Zone.ARCH).level()).as("mid-ramp").isEqualTo(3);

            long stoppedAt = rig.now();
            PlaybackResult result = rig.await(playback.stop());
            rig.advance(Duration.ofSeconds(120));

            assertThat(result.ending()).isEqualTo(PlaybackEnding.STOPPED);
            assertThat(result.reason()).isEqualTo("stopped by user");
            assertThat(result.played()).isEqualTo(Duration.ofMillis(2_500));
            assertThatEndedAtZero(rig, result);
            assertThat(rig.device.executed()).filteredOn(e -> e.atNanos() > stoppedAt)
                    .as("nothing runs after the stop, not even the governor's pending rises").isEmpty();
        }
    }

    @Test
    void stopIsImmediateEvenWithCommandsStillInTransit() {
        try (VirtualRig rig = VirtualRig.open("latency=50ms")) {
            Playback playback = RoutinePlayer.start(rig.massager, steepRamp(), PlaybackOptions.defaults(), events::add);
            rig.advance(Duration.ofMillis(10));
            assertThat(rig.device.executed()).as("still in transit").isEmpty();

            PlaybackResult result = rig.await(playback.stop());
            rig.advance(Duration.ofSeconds(5));

            assertThat(result.ending()).isEqualTo(PlaybackEnding.STOPPED);
            assertThat(rig.device.executed()).extracting(ExecutedCommand::command)
                    .containsExactly(new DeviceCommand.StopAll());
            assertThatEndedAtZero(rig, result);
        }
    }

    @Test
    void aListenerThatThrowsEndsFailedAtZero() {
        RuntimeException boom = new IllegalStateException("progress bar broke");
        try (VirtualRig rig = VirtualRig.open("")) {
            Playback playback = RoutinePlayer.start(rig.massager, steepRamp(), PlaybackOptions.defaults(), event -> {
                events.add(event);
                if (event instanceof PlaybackEvent.Tick t && t.progress().elapsed().equals(Duration.ofSeconds(3))) {
                    throw boom;
                }
            });
            rig.advance(Duration.ofSeconds(3));
            PlaybackResult result = rig.awaitEnd(playback);

            assertThat(result.ending()).isEqualTo(PlaybackEnding.FAILED);
            assertThat(result.reason()).contains("listener").contains("progress bar broke");
            assertThat(result.error()).containsSame(boom);
            assertThat(result.played()).isEqualTo(Duration.ofSeconds(3));
            assertThatEndedAtZero(rig, result);
        }
    }

    @Test
    void aCommandTheDeviceRefusesEndsFailedAtZero() {
        try (VirtualRig rig = VirtualRig.open("")) {
            Playback playback = RoutinePlayer.start(rig.massager, steepRamp(), PlaybackOptions.defaults(), events::add);
            rig.advance(Duration.ofSeconds(10));
            rig.device.failNextCommands(1, "roller motor jammed");
            rig.advance(Duration.ofSeconds(20));
            PlaybackResult result = rig.awaitEnd(playback);

            assertThat(result.ending()).isEqualTo(PlaybackEnding.FAILED);
            assertThat(result.reason()).startsWith("device error on toes knead level 1 at 30.000 s")
                    .contains("roller motor jammed");
            assertThatEndedAtZero(rig, result);
        }
    }

    @Test
    void aFaultTheDeviceReportsEndsFailedAtZero() {
        try (VirtualRig rig = VirtualRig.open("")) {
            Playback playback = RoutinePlayer.start(rig.massager, steepRamp(), PlaybackOptions.defaults(), events::add);
            rig.advance(Duration.ofSeconds(10));
            rig.device.fault("E42", "heel roller blocked");
            PlaybackResult result = rig.awaitEnd(playback);

            assertThat(result.ending()).isEqualTo(PlaybackEnding.FAILED);
            assertThat(result.reason()).isEqualTo("device fault E42: heel roller blocked");
            assertThatEndedAtZero(rig, result);
        }
    }

    @Test
    void theDevicesOverTemperatureCutOffEndsFailedAtZero() {
        try (VirtualRig rig = VirtualRig.open("")) {
            CompiledRoutine warm = CompiledRoutineBuilder.routine("warm", rig.massager.profile())
                    .step("warm", Duration.ofMinutes(10))
                    .heat(Duration.ZERO, 38)
                    .zone(Duration.ZERO, Zone.ARCH, Technique.KNEAD, 1)
                    .build();
            Playback playback = RoutinePlayer.start(rig.massager, warm, PlaybackOptions.defaults(), events::add);
            rig.advance(Duration.ofSeconds(1));
            rig.device.heaterRunaway();
            rig.advance(Duration.ofMinutes(4));
            PlaybackResult result = rig.awaitEnd(playback);

            assertThat(result.ending()).isEqualTo(PlaybackEnding.FAILED);
            assertThat(result.reason()).startsWith("device fault over-temperature: the device cut its heater at 4");
            assertThatEndedAtZero(rig, result);
        }
    }

    @Test
    void thePowerButtonOnTheDeviceEndsItStopped() {
        try (VirtualRig rig = VirtualRig.open("")) {
            Playback playback = RoutinePlayer.start(rig.massager, steepRamp(), PlaybackOptions.defaults(), events::add);
            rig.advance(Duration.ofSeconds(10));
            rig.device.pressButton("mode");
            rig.device.pressButton("power");
            PlaybackResult result = rig.awaitEnd(playback);

            assertThat(result.ending()).isEqualTo(PlaybackEnding.STOPPED);
            assertThat(result.reason()).isEqualTo("stopped with the device's power button");
            assertThatEndedAtZero(rig, result);
        }
    }

    @Test
    void anAcknowledgementThatNeverComesEndsFailedAtZero() {
        try (VirtualRig rig = VirtualRig.open("timeout=500ms")) {
            Playback playback = RoutinePlayer.start(rig.massager, steepRamp(), PlaybackOptions.defaults(), events::add);
            rig.advance(Duration.ofSeconds(10));
            rig.device.dropAcks(true);
            rig.advance(Duration.ofMillis(20_600));
            PlaybackResult result = rig.awaitEnd(playback);

            assertThat(result.ending()).isEqualTo(PlaybackEnding.FAILED);
            assertThat(result.reason()).contains("did not acknowledge").contains("within 500 ms");
            assertThatEndedAtZero(rig, result);
        }
    }

    @Test
    void aLostLinkEndsFailedAndTheWatchdogBringsTheDeviceToZero() {
        try (VirtualRig rig = VirtualRig.open("watchdog=2s")) {
            Playback playback = RoutinePlayer.start(rig.massager, steepRamp(), PlaybackOptions.defaults(), events::add);
            rig.advance(Duration.ofSeconds(10));
            rig.device.disconnect("USB cable pulled");
            PlaybackResult result = rig.awaitEnd(playback);

            assertThat(result.ending()).isEqualTo(PlaybackEnding.FAILED);
            assertThat(result.reason()).isEqualTo("device disconnected: USB cable pulled");
            assertThat(result.error()).containsInstanceOf(DeviceDisconnectedException.class);
            assertThat(lastEvent()).isEqualTo(new PlaybackEvent.Finished(result));

            rig.advance(Duration.ofSeconds(2));
            assertThat(rig.device.isAtZero()).as("the device's watchdog stopped it").isTrue();
            assertThat(rig.device.executed()).last().extracting(ExecutedCommand::origin)
                    .isEqualTo(ExecutedCommand.Origin.WATCHDOG);
            rig.device.reconnect();
            rig.advance(Duration.ofSeconds(60));
            assertThat(rig.device.isAtZero()).as("nothing resumes after reconnecting").isTrue();
        }
    }

    @Test
    void theSessionLimitEndsItAtZero() {
        SafetyLimits oneMinute = SafetyLimits.defaults().withMaxSession(Duration.ofMinutes(1));
        try (VirtualRig rig = VirtualRig.open("", oneMinute)) {
            CompiledRoutine twoMinutes = CompiledRoutineBuilder.routine("long", rig.massager.profile())
                    .step("one", Duration.ofMinutes(2))
                    .zone(Duration.ZERO, Zone.ARCH, Technique.KNEAD, 1)
                    .zone(Duration.ofSeconds(90), Zone.HEEL, Technique.KNEAD, 1)
                    .build();
            Playback playback = RoutinePlayer.start(rig.massager, twoMinutes, PlaybackOptions.defaults(), events::add);
            rig.advance(Duration.ofMinutes(1));
            PlaybackResult result = rig.awaitEnd(playback);

            assertThat(result.ending()).isEqualTo(PlaybackEnding.FAILED);
            assertThat(result.reason()).startsWith("session limit: ").contains("1 min");
            assertThat(result.error()).containsInstanceOf(SafetyLimitException.class);
            assertThat(((SafetyLimitException) result.error().get()).limit()).isEqualTo(SafetyLimit.SESSION_LIMIT);
            assertThat(result.played()).isEqualTo(Duration.ofMinutes(1));
            rig.advance(Duration.ofMinutes(2));
            assertThatEndedAtZero(rig, result);
        }
    }

    @Test
    void aZoneTheDeviceLacksEndsFailedWithAClearReason() {
        try (VirtualRig rig = VirtualRig.open("profile=budget-2zone")) {
            CompiledRoutine wrong = CompiledRoutineBuilder.routine("wrong", rig.massager.profile())
                    .step("one", Duration.ofSeconds(30))
                    .zone(Duration.ZERO, Zone.BALL, Technique.ROLL, 1)
                    .zone(Duration.ofSeconds(5), Zone.ARCH, Technique.KNEAD, 1)
                    .build();
            Playback playback = RoutinePlayer.start(rig.massager, wrong, PlaybackOptions.defaults(), events::add);
            rig.advance(Duration.ofSeconds(5));
            PlaybackResult result = rig.awaitEnd(playback);

            assertThat(result.ending()).isEqualTo(PlaybackEnding.FAILED);
            assertThat(result.reason()).isEqualTo("the device cannot play this routine (arch knead level 1 at 5.000 s): "
                    + "device budget-2zone has no zone arch (it has: ball, heel)");
            assertThatEndedAtZero(rig, result);
        }
    }

    @Test
    void closingTheMassagerEndsItStopped() {
        VirtualRig rig = VirtualRig.open("");
        Playback playback = RoutinePlayer.start(rig.massager, steepRamp(), PlaybackOptions.defaults(), events::add);
        rig.advance(Duration.ofSeconds(10));
        rig.massager.close();
        rig.advance(Duration.ofSeconds(20));
        PlaybackResult result = rig.awaitEnd(playback);

        assertThat(result.ending()).isEqualTo(PlaybackEnding.STOPPED);
        assertThat(rig.device.isAtZero()).isTrue();
        assertThat(rig.device.executed()).filteredOn(e -> e.atNanos() > rig.now() - Duration.ofSeconds(20).toNanos())
                .isEmpty();
    }

    private void assertThatEndedAtZero(VirtualRig rig, PlaybackResult result) {
        assertThat(rig.device.isAtZero()).as("device at zero: %s", rig.device.executed()).isTrue();
        // The state follows the device's reports, which reach it on the massager's event thread: a
        // report made just before the stop may be applied after the ending, then the stop's own one.
        rig.await(() -> rig.massager.state().isAtZero(), "the massager's state at zero");
        assertThat(events).filteredOn(e -> e instanceof PlaybackEvent.Finished).hasSize(1);
        assertThat(lastEvent()).isEqualTo(new PlaybackEvent.Finished(result));
    }

    private PlaybackEvent lastEvent() {
        return events.get(events.size() - 1);
    }
}
