package dev.solemate.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real clock: never early, and a failing task does not stop later ones. (Lateness is measured in benchmarks.) */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SystemTimelineTest {

    @Test
    void neverRunsATaskBeforeItsTime() throws InterruptedException {
        try (SystemTimeline timeline = new SystemTimeline("test-timeline")) {
            CountDownLatch done = new CountDownLatch(1);
            AtomicLong ranAt = new AtomicLong();
            long at = timeline.nanoTime() + 20_000_000;
            timeline.scheduleAt(at, () -> {
                ranAt.set(timeline.nanoTime());
                done.countDown();
            });
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(ranAt.get()).isGreaterThanOrEqualTo(at);
        }
    }

    @Test
    void aTaskThatThrowsDoesNotStopTheTimeline() throws InterruptedException {
        try (SystemTimeline timeline = new SystemTimeline("test-timeline")) {
            CountDownLatch done = new CountDownLatch(1);
            timeline.execute(() -> {
                throw new IllegalStateException("a broken task (expected in this test)");
            });
            timeline.scheduleAt(timeline.nanoTime() + 1_000_000, done::countDown);
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aCancelledTaskNeverRuns() throws InterruptedException {
        try (SystemTimeline timeline = new SystemTimeline("test-timeline")) {
            CountDownLatch cancelled = new CountDownLatch(1);
            CountDownLatch later = new CountDownLatch(1);
            // Far enough ahead that a loaded machine still cancels it before it is due; the later task
            // runs after that time, so a cancelled task that ran anyway would have run by then.
            Timeline.Cancellable task = timeline.scheduleAt(timeline.nanoTime() + 500_000_000, cancelled::countDown);
            assertThat(task.cancel()).isTrue();
            timeline.scheduleAt(timeline.nanoTime() + 600_000_000, later::countDown);
            assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(cancelled.getCount()).isEqualTo(1);
        }
    }
}
