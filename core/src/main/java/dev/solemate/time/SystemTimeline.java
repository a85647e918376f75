package dev.solemate.time;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real clock: one daemon thread that runs tasks at their absolute times. Each task is
 * scheduled for slightly before its time and then parks in short slices until the exact nanosecond,
 * which keeps the scheduling error near 0.1 ms on an idle machine instead of the executor's
 * millisecond granularity.
 */
public final class SystemTimeline implements Timeline, AutoCloseable {

    /** How early the executor wakes a task before it parks to the exact time. */
    private static final long EARLY_WAKE_NANOS = 1_000_000;
    private static final Logger LOG = LoggerFactory.getLogger(SystemTimeline.class);
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final SystemTimeline SHARED = new SystemTimeline("solemate-timeline");

    private final ScheduledThreadPoolExecutor executor;

    public SystemTimeline(String threadName) {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName + "-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            t.setPriority(Thread.MAX_PRIORITY);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** A process-wide timeline on one daemon thread; never close it. */
    public static SystemTimeline shared() {
        return SHARED;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Cancellable scheduleAt(long atNanos, Runnable task) {
        long delay = atNanos - System.nanoTime() - EARLY_WAKE_NANOS;
        ScheduledFuture<?> future = executor.schedule(() -> {
            long remaining;
            while ((remaining = atNanos - System.nanoTime()) > 0) {
                LockSupport.parkNanos(Math.min(remaining, 50_000));
            }
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                // The executor would keep the exception in a future nobody reads: say it instead.
                LOG.error("a task on the timeline failed", e);
            }
        }, Math.max(0, delay), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        if (this != SHARED) {
            executor.shutdownNow();
        }
    }
}
