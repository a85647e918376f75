package dev.solemate.player;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.Massager;
import dev.solemate.MassagerOptions;
import dev.solemate.Massagers;
import dev.solemate.device.DeviceProfiles;
import dev.solemate.driver.DeviceCommand;
import dev.solemate.routine.CompiledRoutine;
import dev.solemate.routine.RoutineCompiler;
import dev.solemate.routine.Routines;
import dev.solemate.sim.ExecutedCommand;
import dev.solemate.sim.SimulatedDevice;
import dev.solemate.time.SystemTimeline;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/**
 * On the real clock, with the player, the massager's event thread and the caller racing each
 * other: pause, resume and stop at random moments never leave the device running. Only outcomes
 * are asserted, never timing.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RealClockPlaybackTest {

    private static final CompiledRoutine BEDTIME = RoutineCompiler.compile(Routines.builtIn("bedtime"),
            DeviceProfiles.builtIn("shiatsu-4zone"));

    @RepeatedTest(10)
    void pauseResumeAndStopFromAnotherThreadAlwaysEndAtZero() throws Exception {
        Random random = new Random();
        String name = "real-clock-" + System.nanoTime();
        MassagerOptions options = MassagerOptions.defaults().withTimeline(SystemTimeline.shared());
        try (Massager massager = Massagers.open("sim:?latency=1ms&name=" + name, options)) {
            SimulatedDevice device = SimulatedDevice.named(name);
            Set<String> threads = ConcurrentHashMap.newKeySet();
            Playback playback = RoutinePlayer.start(massager, BEDTIME, PlaybackOptions.defaults().withSpeed(500),
                    e -> threads.add(Thread.currentThread().getName()));
            for (int i = 0; i < 6; i++) {
                LockSupport.parkNanos(random.nextInt(40_000_000));
                if (random.nextBoolean()) {
                    playback.pause();
                } else {
                    playback.resume();
                }
            }
            LockSupport.parkNanos(random.nextInt(20_000_000));
            PlaybackResult result = playback.stop().get(10, TimeUnit.SECONDS);

            assertThat(result.ending()).isIn(PlaybackEnding.STOPPED, PlaybackEnding.COMPLETED);
            assertThat(device.isAtZero()).isTrue();
            List<ExecutedCommand> executed = device.executed();
            int lastStop = -1;
            for (int i = 0; i < executed.size(); i++) {
                if (executed.get(i).command() instanceof DeviceCommand.StopAll) {
                    lastStop = i;
                }
            }
            assertThat(lastStop).isGreaterThanOrEqualTo(0);
            assertThat(executed.subList(lastStop + 1, executed.size())).as("nothing after the final stop").isEmpty();
            assertThat(threads).as("the listener runs on the real clock's timeline thread")
                    .isNotEmpty().allMatch(t -> t.startsWith("solemate-timeline-"));
        }
    }
}
