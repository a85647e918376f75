package dev.solemate.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The virtual clock moves only when told, and runs each task at exactly its time. */
class VirtualTimelineTest {

    private final VirtualTimeline timeline = new VirtualTimeline(1_000);
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @Test
    void runsTasksInTimeOrderAndSetsTheClockToEachTasksTime() {
        timeline.scheduleAt(3_000, () -> ran.add("c@" + timeline.nanoTime()));
        timeline.scheduleAt(2_000, () -> ran.add("b@" + timeline.nanoTime()));
        timeline.scheduleAt(2_000, () -> ran.add("b2@" + timeline.nanoTime()));
        timeline.scheduleAt(5_000, () -> ran.add("late"));

        timeline.advance(Duration.ofNanos(3_000));

        assertThat(ran).containsExactly("b@2000", "b2@2000", "c@3000");
        assertThat(timeline.nanoTime()).isEqualTo(4_000);
        assertThat(timeline.pending()).isEqualTo(1);
    }

    @Test
    void aTaskScheduledInThePastRunsAtTheNextAdvanceWithoutMovingTheClockBack() {
        timeline.scheduleAt(0, () -> ran.add("past@" + timeline.nanoTime()));
        assertThat(ran).as("nothing runs until time is moved").isEmpty();
        timeline.runDue();
        assertThat(ran).containsExactly("past@1000");
    }

    @Test
    void tasksScheduledByTasksRunInTheSameAdvanceWhenTheyFallDue() {
        timeline.scheduleAt(2_000, () -> {
            ran.add("first");
            timeline.scheduleAt(timeline.nanoTime() + 500, () -> ran.add("second@" + timeline.nanoTime()));
            timeline.execute(() -> ran.add("now@" + timeline.nanoTime()));
        });
        timeline.advanceTo(10_000);
        assertThat(ran).containsExactly("first", "now@2000", "second@2500");
    }

    @Test
    void aCancelledTaskNeverRuns() {
        Timeline.Cancellable task = timeline.scheduleAt(2_000, () -> ran.add("cancelled"));
        assertThat(task.cancel()).isTrue();
        assertThat(task.cancel()).isFalse();
        timeline.advance(Duration.ofSeconds(1));
        assertThat(ran).isEmpty();
    }
}
