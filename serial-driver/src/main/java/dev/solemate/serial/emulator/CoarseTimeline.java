package dev.solemate.serial.emulator;

import dev.solemate.time.Timeline;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The emulator's clock: a plain scheduled executor, to the millisecond. The board's 10 ms tick does
 * not need {@link dev.solemate.time.SystemTimeline}'s sub-millisecond precision, which it buys by
 * spinning before every task; on a small machine that spinning would steal time from the host
 * being measured against the emulator.
 */
final class CoarseTimeline implements Timeline, AutoCloseable {

    private final ScheduledThreadPoolExecutor executor;

    CoarseTimeline(String threadName) {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Cancellable scheduleAt(long atNanos, Runnable task) {
        ScheduledFuture<?> f = executor.schedule(task, Math.max(0, atNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
