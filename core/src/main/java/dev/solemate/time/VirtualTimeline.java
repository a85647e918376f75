package dev.solemate.time;

import java.time.Duration;
import java.util.PriorityQueue;

/**
 * A timeline that only moves when a test says so. {@link #advance(Duration)} runs every task due
 * in the interval, in time order, on the calling thread, and sets the clock to each task's time
 * before it runs, so code under test sees exactly the times it asked for.
 *
 * <p>Thread-safe: drivers may schedule from their own threads; tasks still run only inside
 * {@code advance} and {@code runDue}.
 */
public final class VirtualTimeline implements Timeline {

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long now;
    private long sequence;

    public VirtualTimeline() {
        this(0);
    }

    public VirtualTimeline(long startNanos) {
        this.now = startNanos;
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized Cancellable scheduleAt(long atNanos, Runnable task) {
        Task t = new Task(Math.max(atNanos, now), sequence++, task);
        queue.add(t);
        return () -> {
            synchronized (VirtualTimeline.this) {
                return queue.remove(t);
            }
        };
    }

    /** Moves time forward by {@code step}, running every task that falls due on the way. */
    public void advance(Duration step) {
        long target;
        synchronized (this) {
            target = now + step.toNanos();
        }
        advanceTo(target);
    }

    /** Moves time forward to {@code targetNanos}, running every task that falls due on the way. */
    public void advanceTo(long targetNanos) {
        while (true) {
            Task next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.at > targetNanos) {
                    now = Math.max(now, targetNanos);
                    return;
                }
                queue.poll();
                now = next.at;
            }
            next.task.run();
        }
    }

    /** Runs the tasks due now (scheduled for the current time) without moving the clock. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    /** How many tasks wait to run. */
    public synchronized int pending() {
        return queue.size();
    }

    private record Task(long at, long seq, Runnable task) implements Comparable<Task> {
        @Override
        public int compareTo(Task o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
