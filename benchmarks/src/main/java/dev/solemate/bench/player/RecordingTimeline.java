package dev.solemate.bench.player;

import dev.solemate.time.Timeline;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps a timeline and records, for every task it runs, how late it started (actual minus
 * requested time), and the first time requested after {@link #markNextSchedule()}: that is the
 * player's origin, since its first wake-up is scheduled at routine time 0.
 */
final class RecordingTimeline implements Timeline {

    private final Timeline delegate;
    private final long[] lateness;
    private final AtomicLong recorded = new AtomicLong();
    private volatile boolean marking;
    private volatile long marked = Long.MIN_VALUE;

    RecordingTimeline(Timeline delegate, int capacity) {
        this.delegate = delegate;
        this.lateness = new long[capacity];
    }

    void markNextSchedule() {
        marked = Long.MIN_VALUE;
        marking = true;
    }

    long marked() {
        return marked;
    }

    long[] lateness() {
        int n = (int) Math.min(recorded.get(), lateness.length);
        long[] out = new long[n];
        System.arraycopy(lateness, 0, out, 0, n);
        return out;
    }

    @Override
    public long nanoTime() {
        return delegate.nanoTime();
    }

    @Override
    public Cancellable scheduleAt(long atNanos, Runnable task) {
        if (marking) {
            marking = false;
            marked = atNanos;
        }
        return delegate.scheduleAt(atNanos, () -> {
            long late = delegate.nanoTime() - atNanos;
            long i = recorded.getAndIncrement();
            if (i < lateness.length) {
                lateness[(int) i] = late;
            }
            task.run();
        });
    }
}
