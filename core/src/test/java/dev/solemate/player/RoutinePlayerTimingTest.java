package dev.solemate.player;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.driver.DeviceCommand;
import dev.solemate.routine.CompiledRoutine;
import dev.solemate.routine.TimedCommand;
import dev.solemate.sim.ExecutedCommand;
import dev.solemate.testing.VirtualRig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The player is drift-free: every command reaches the device at exactly start + at / speed. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RoutinePlayerTimingTest {

    private final CompiledRoutine routine = TenMinuteRoutine.build();

    @ParameterizedTest(name = "speed {0}")
    @ValueSource(doubles = {1, 60})
    void everyCommandRunsAtExactlyStartPlusAtOverSpeed(double speed) {
        try (VirtualRig rig = VirtualRig.open("profile=shiatsu-4zone")) {
            long start = rig.now();
            Playback playback = RoutinePlayer.start(rig.massager, routine,
                    PlaybackOptions.defaults().withSpeed(speed), event -> { });
            rig.advance(Duration.ofNanos(Math.round(routine.duration().toNanos() / speed)));
            PlaybackResult result = rig.awaitEnd(playback);

            assertThat(result.ending()).isEqualTo(PlaybackEnding.COMPLETED);
            List<Timed> expected = new ArrayList<>();
            for (TimedCommand c : routine.commands()) {
                expected.add(new Timed(start + Math.round(c.at().toNanos() / speed), deviceCommand(c)));
            }
            expected.add(new Timed(start + Math.round(routine.duration().toNanos() / speed), new DeviceCommand.StopAll()));
            assertThat(hostCommands(rig)).containsExactlyElementsOf(expected);
            assertThat(rig.device.isAtZero()).isTrue();
        }
    }

    @Test
    void pauseShiftsEveryLaterCommandByExactlyThePause() {
        try (VirtualRig rig = VirtualRig.open("profile=shiatsu-4zone")) {
            long start = rig.now();
            Playback playback = RoutinePlayer.start(rig.massager, routine, PlaybackOptions.defaults(), event -> { });
            rig.advance(Duration.ofMillis(130_000));
            playback.pause();
            assertThat(rig.device.isAtZero()).as("paused device at zero").isTrue();
            assertThat(playback.isPaused()).isTrue();
            long pausedAt = rig.now();
            rig.advance(Duration.ofSeconds(45));
            assertThat(hostCommands(rig)).allMatch(t -> t.at <= pausedAt, "nothing runs while paused");
            assertThat(playback.progress().elapsed()).isEqualTo(Duration.ofSeconds(130));

            playback.resume();
            long shift = Duration.ofSeconds(45).toNanos();
            rig.advance(routine.duration());
            PlaybackResult result = rig.awaitEnd(playback);

            assertThat(result.ending()).isEqualTo(PlaybackEnding.COMPLETED);
            List<Timed> executed = hostCommands(rig);
            for (TimedCommand c : routine.commands()) {
                if (c.at().compareTo(Duration.ofSeconds(135)) > 0) {
                    assertThat(executed).as("%s after resume", c)
                            .contains(new Timed(start + c.at().toNanos() + shift, deviceCommand(c)));
                }
            }
            assertThat(executed.get(executed.size() - 1))
                    .isEqualTo(new Timed(start + routine.duration().toNanos() + shift, new DeviceCommand.StopAll()));
        }
    }

    static List<Timed> hostCommands(VirtualRig rig) {
        List<Timed> out = new ArrayList<>();
        for (ExecutedCommand e : rig.device.executed()) {
            if (e.origin() == ExecutedCommand.Origin.HOST) {
                out.add(new Timed(e.atNanos(), e.command()));
            }
        }
        return out;
    }

    static DeviceCommand deviceCommand(TimedCommand c) {
        if (c instanceof TimedCommand.SetZone z) {
            return new DeviceCommand.SetZone(z.zone(), z.technique(), z.level());
        } else if (c instanceof TimedCommand.SetHeat h) {
            return new DeviceCommand.SetHeat(h.celsius());
        }
        return new DeviceCommand.HeatOff();
    }

    record Timed(long at, DeviceCommand command) {
    }
}
