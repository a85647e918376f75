package dev.solemate.time;

/**
 * The source of time and the scheduler for everything in Solemate that waits: the player, the
 * governor's gradual rises, the simulator's heater and watchdog. Production code uses
 * {@link SystemTimeline}; tests use {@link VirtualTimeline} and advance time by hand, with no sleeping.
 *
 * <p>Times are nanoseconds on a monotonic scale whose origin is unspecified, like {@link System#nanoTime()}.
 */
public interface Timeline {

    /** Now, in monotonic nanoseconds. */
    long nanoTime();

    /**
     * Runs {@code task} once at the absolute time {@code atNanos} (or as soon as possible if that
     * has passed). Scheduling at absolute times is what keeps a long sequence free of drift.
     * Tasks run one at a time, in time order, on the timeline's thread: they must not block.
     */
    Cancellable scheduleAt(long atNanos, Runnable task);

    /** Runs {@code task} on the timeline's thread as soon as possible, after tasks already due. */
    default Cancellable execute(Runnable task) {
        return scheduleAt(nanoTime(), task);
    }

    /** A scheduled task that can be cancelled. */
    interface Cancellable {
        /** Cancels the task if it has not started; returns false if it already ran or was cancelled. */
        boolean cancel();
    }
}
