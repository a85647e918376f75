package dev.solemate.time;

import java.util.Objects;

/**
 * The real clock run {@code speed} times faster: one real second is {@code speed} seconds here.
 * For demonstrating a routine on the simulator ({@code sim:}) at, say, 60 times its speed, with
 * everything that waits following the routine's clock together: the player, the safety
 * governor's gradual rise and session limit, and the simulated device's latency, watchdog and
 * heater. A simulator is not a foot, so its rises may be as fast as the routine's; a real device
 * must keep real-time limits and is never opened on a scaled timeline (docs/safety.md).
 *
 * <p>Tasks run on the thread of the timeline it scales (by default {@link SystemTimeline#shared()}),
 * so everything said there about ordering and not blocking holds here too. Thread-safe.
 */
public final class ScaledTimeline implements Timeline {

    /** The fastest speed accepted, as for playback. */
    public static final double MAX_SPEED = 1000;

    private final Timeline real;
    private final double speed;
    private final long realOrigin;

    /** The shared real clock, {@code speed} times faster. */
    public ScaledTimeline(double speed) {
        this(SystemTimeline.shared(), speed);
    }

    /**
     * {@code real}, {@code speed} times faster.
     *
     * @throws IllegalArgumentException when speed is not in (0, {@value #MAX_SPEED}]
     */
    public ScaledTimeline(Timeline real, double speed) {
        this.real = Objects.requireNonNull(real, "real");
        if (!(speed > 0 && speed <= MAX_SPEED)) {
            throw new IllegalArgumentException("speed " + speed + " is out of range (expected more than 0, at most "
                    + (long) MAX_SPEED + ")");
        }
        this.speed = speed;
        this.realOrigin = real.nanoTime();
    }

    /** How many times faster than the real clock this one runs. */
    public double speed() {
        return speed;
    }

    @Override
    public long nanoTime() {
        return Math.round((real.nanoTime() - realOrigin) * speed);
    }

    @Override
    public Cancellable scheduleAt(long atNanos, Runnable task) {
        return real.scheduleAt(realOrigin + (long) Math.ceil(atNanos / speed), task);
    }
}
