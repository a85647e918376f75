package dev.solemate.player;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.routine.CompiledRoutine;
import dev.solemate.safety.SafetyLimits;
import dev.solemate.testing.CompiledRoutineBuilder;
import dev.solemate.testing.VirtualRig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a playback tells its listener, and when: steps, ticks, pause and resume, warnings, Finished. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PlaybackEventsTest {

    private final List<PlaybackEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();

    private static CompiledRoutine threeSteps(VirtualRig rig) {
        return CompiledRoutineBuilder.routine("three", rig.massager.profile())
                .step("warm-up", Duration.ofSeconds(20))
                .step("arch", Duration.ofSeconds(30))
                .step("cool-down", Duration.ofSeconds(10))
                .zone(Duration.ZERO, Zone.ARCH, Technique.KNEAD, 1)
                .zone(Duration.ofSeconds(20), Zone.ARCH, Technique.ROLL, 2)
                .zone(Duration.ofSeconds(50), Zone.ARCH, Technique.ROLL, 1)
                .zone(Duration.ofSeconds(60), Zone.ARCH, Technique.ROLL, 0)
                .build();
    }

    @Test
    void reportsEachStepAtItsBoundaryAndATickEveryIntervalThenFinished() {
        try (VirtualRig rig = VirtualRig.open("")) {
            Playback playback = RoutinePlayer.start(rig.massager, threeSteps(rig),
                    PlaybackOptions.defaults().withTickInterval(Duration.ofSeconds(15)), events::add);
            rig.advance(Duration.ofSeconds(60));
            PlaybackResult result = rig.awaitEnd(playback);

            List<String> seen = new ArrayList<>();
            for (PlaybackEvent e : events) {
                if (e instanceof PlaybackEvent.StepStarted s) {
                    seen.add("step " + s.progress().step().name() + " at " + s.progress().elapsed().toSeconds());
                } else if (e instanceof PlaybackEvent.Tick t) {
                    seen.add("tick at " + t.progress().elapsed().toSeconds() + ", " + t.progress().remaining().toSeconds() + " left");
                } else if (e instanceof PlaybackEvent.Finished f) {
                    seen.add("finished " + f.result().ending().id());
                }
            }
            assertThat(seen).containsExactly(
                    "step warm-up at 0",
                    "tick at 15, 45 left",
                    "step arch at 20",
                    "tick at 30, 30 left",
                    "tick at 45, 15 left",
                    "step cool-down at 50",
                    "finished completed");
            assertThat(result.ending()).isEqualTo(PlaybackEnding.COMPLETED);
        }
    }

    @Test
    void progressEventsCarryTheStepCountAndFraction() {
        try (VirtualRig rig = VirtualRig.open("")) {
            RoutinePlayer.start(rig.massager, threeSteps(rig),
                    PlaybackOptions.defaults().withTickInterval(Duration.ofSeconds(30)), events::add);
            rig.advance(Duration.ofSeconds(30));
            rig.await(() -> events.stream().anyMatch(e -> e instanceof PlaybackEvent.Tick), "a tick");

            PlaybackEvent.Tick tick = (PlaybackEvent.Tick) events.stream()
                    .filter(e -> e instanceof PlaybackEvent.Tick).findFirst().orElseThrow();
            assertThat(tick.progress().stepCount()).isEqualTo(3);
            assertThat(tick.progress().step().index()).isEqualTo(1);
            assertThat(tick.progress().fraction()).isEqualTo(0.5);
        }
    }

    @Test
    void listenerIsCalledOnTheTimelineThreadWhichIsTheTestThreadOnAVirtualClock() {
        try (VirtualRig rig = VirtualRig.open("")) {
            Playback playback = RoutinePlayer.start(rig.massager, threeSteps(rig), PlaybackOptions.defaults(), e -> {
                events.add(e);
                threads.add(Thread.currentThread().getName());
            });
            rig.advance(Duration.ofSeconds(60));
            rig.awaitEnd(playback);

            assertThat(threads).isNotEmpty().containsOnly(Thread.currentThread().getName());
        }
    }

    @Test
    void pauseStopsTheDeviceAndFreezesProgressAndResumeRestoresTheStepGradually() {
        try (VirtualRig rig = VirtualRig.open("")) {
            Playback playback = RoutinePlayer.start(rig.massager, threeSteps(rig), PlaybackOptions.defaults(), events::add);
            rig.advance(Duration.ofSeconds(25));
            assertThat(rig.device.zone(Zone.ARCH).level()).isEqualTo(2);

            playback.pause();
            playback.pause();
            rig.advance(Duration.ofMinutes(5));
            assertThat(rig.device.isAtZero()).isTrue();
            assertThat(playback.isPaused()).isTrue();
            assertThat(playback.progress().elapsed()).isEqualTo(Duration.ofSeconds(25));
            assertThat(playback.progress().step().name()).isEqualTo("arch");

            playback.resume();
            rig.timeline.runDue();
            assertThat(rig.device.zone(Zone.ARCH).level()).as("first level at once").isEqualTo(1);
            rig.advance(Duration.ofSeconds(1));
            assertThat(rig.device.zone(Zone.ARCH).level()).as("then one level a second").isEqualTo(2);
            assertThat(rig.device.zone(Zone.ARCH).technique()).isEqualTo(Technique.ROLL);
            assertThat(playback.progress().elapsed()).isEqualTo(Duration.ofSeconds(26));

            rig.advance(Duration.ofSeconds(34));
            PlaybackResult result = rig.awaitEnd(playback);
            assertThat(result.ending()).isEqualTo(PlaybackEnding.COMPLETED);
            assertThat(events).filteredOn(e -> e instanceof PlaybackEvent.Paused).hasSize(1);
            assertThat(events).filteredOn(e -> e instanceof PlaybackEvent.Resumed).hasSize(1);
            PlaybackEvent.Paused paused = (PlaybackEvent.Paused) events.stream()
                    .filter(e -> e instanceof PlaybackEvent.Paused).findFirst().orElseThrow();
            assertThat(paused.progress().elapsed()).isEqualTo(Duration.ofSeconds(25));
        }
    }

    @Test
    void stopWhilePausedEndsStopped() {
        try (VirtualRig rig = VirtualRig.open("")) {
            Playback playback = RoutinePlayer.start(rig.massager, threeSteps(rig), PlaybackOptions.defaults(), events::add);
            rig.advance(Duration.ofSeconds(25));
            playback.pause();
            PlaybackResult result = rig.await(playback.stop());

            assertThat(result.ending()).isEqualTo(PlaybackEnding.STOPPED);
            assertThat(result.played()).isEqualTo(Duration.ofSeconds(25));
            playback.resume();
            rig.advance(Duration.ofMinutes(2));
            assertThat(rig.device.isAtZero()).as("resume after the end does nothing").isTrue();
            assertThat(playback.isPaused()).isFalse();
        }
    }

    @Test
    void safetyWarningsAreReportedOnceEach() {
        SafetyLimits capped = SafetyLimits.defaults().withComfortCap(Intensity.of(40));
        try (VirtualRig rig = VirtualRig.open("", capped)) {
            CompiledRoutine strong = CompiledRoutineBuilder.routine("strong", rig.massager.profile())
                    .step("one", Duration.ofSeconds(10))
                    .zone(Duration.ZERO, Zone.ARCH, Technique.KNEAD, 1)
                    .zone(Duration.ofSeconds(5), Zone.ARCH, Technique.KNEAD, 4)
                    .build();
            Playback playback = RoutinePlayer.start(rig.massager, strong, PlaybackOptions.defaults(), events::add);
            rig.advance(Duration.ofSeconds(5));
            // The warning reaches the player from the massager's event thread.
            rig.await(() -> events.stream().anyMatch(e -> e instanceof PlaybackEvent.Warning), "the warning");
            rig.advance(Duration.ofSeconds(5));
            rig.awaitEnd(playback);

            assertThat(rig.device.executed()).allMatch(e -> !(e.command() instanceof dev.solemate.driver.DeviceCommand.SetZone z)
                    || z.level() <= 2, "never above the cap's level 2 of 5");
            assertThat(events).filteredOn(e -> e instanceof PlaybackEvent.Warning)
                    .extracting(e -> ((PlaybackEvent.Warning) e).message())
                    .containsExactly("comfort-cap: arch: 80 % reduced to 40 % (comfort cap 40 %)");
        }
    }

    @Test
    void aClosedMassagerIsRejectedBeforeAnythingRuns() {
        VirtualRig rig = VirtualRig.open("");
        rig.massager.close();
        assertThatThrownBy(() -> RoutinePlayer.start(rig.massager, threeSteps(rig), PlaybackOptions.defaults(), events::add))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("massager " + rig.massager.uri() + " is closed; open it again to play 'three'");
    }

    @Test
    void aRoutineWithoutStepsIsRejectedBeforeAnythingRuns() {
        try (VirtualRig rig = VirtualRig.open("")) {
            CompiledRoutine empty = CompiledRoutineBuilder.routine("empty", rig.massager.profile()).build();
            assertThatThrownBy(() -> RoutinePlayer.start(rig.massager, empty, PlaybackOptions.defaults(), events::add))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("routine 'empty' has no steps (expected at least one)");
        }
    }
}
