package dev.solemate;

import dev.solemate.device.Zone;
import dev.solemate.player.Playback;
import dev.solemate.player.PlaybackEnding;
import dev.solemate.player.PlaybackEvent;
import dev.solemate.player.PlaybackListener;
import dev.solemate.player.PlaybackOptions;
import dev.solemate.player.PlaybackResult;
import dev.solemate.player.Progress;
import dev.solemate.routine.CompiledRoutine;
import dev.solemate.routine.StepMark;
import dev.solemate.routine.TimedCommand;
import dev.solemate.safety.SafetyLimit;
import dev.solemate.safety.SafetyLimitException;
import dev.solemate.safety.SafetyWarning;
import dev.solemate.time.Timeline;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The player's one implementation of {@link Playback}, owned by its {@link Massager}.
 *
 * <p>Routine time maps to timeline time as {@code origin + t / speed}; a pause moves {@code origin}
 * forward by exactly the time spent paused. Only one wake-up is scheduled at a time: the next
 * moment something is due (a command, a step boundary, a tick or the end). Its state is guarded by
 * the massager's ordering point ({@link Massager#sequence}), the lock every intent and every stop
 * of that massager takes: a stop from another thread therefore either runs before a wake-up (which
 * then finds the playback ended) or after it, never in the middle, and no step of an ended
 * playback can reach the device. Every ending goes through the massager ({@link Massager#stopLocked}),
 * which stops the device and forgets the playback in the same step. Listener calls happen only on
 * the timeline thread, outside the lock, in the order the events were raised.
 */
final class ScheduledPlayback implements Playback {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledPlayback.class);
    /** How long, on the timeline, the ending waits for the device to confirm the stop. */
    private static final long STOP_CONFIRM_NANOS = 2_000_000_000L;
    private static final int MAX_REMEMBERED_WARNINGS = 512;
    private static final String POWER_BUTTON = "power";

    private final Massager massager;
    private final CompiledRoutine routine;
    private final PlaybackListener listener;
    private final Timeline timeline;
    private final double speed;
    private final long durationNanos;
    private final long tickNanos;
    private final List<TimedCommand> commands;
    private final List<StepMark> steps;
    private final MassagerListener massagerListener = this::onMassagerEvent;
    private final CompletableFuture<PlaybackResult> completion = new CompletableFuture<>();
    private final ConcurrentLinkedQueue<PlaybackEvent> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile boolean listenerBroken;

    /** The massager's ordering point. */
    private final Object lock;
    // Guarded by lock.
    private long origin;
    private long pausedAt = -1;
    private int nextCommand;
    private int nextStep;
    private long nextTick;
    private int epoch;
    private Timeline.Cancellable wake;
    private PlaybackResult result;
    private final Set<SafetyWarning> reported = Collections.newSetFromMap(new IdentityHashMap<>());

    ScheduledPlayback(Massager massager, CompiledRoutine routine, PlaybackOptions options, PlaybackListener listener) {
        this.massager = massager;
        this.lock = massager.sequence;
        this.routine = routine;
        this.listener = listener;
        this.timeline = massager.timeline();
        this.speed = options.speed();
        this.durationNanos = routine.duration().toNanos();
        this.tickNanos = options.tickInterval().toNanos();
        this.commands = routine.commands();
        this.steps = routine.steps();
    }

    /** Starts playing; called by the massager with its ordering point held. */
    void begin() {
        massager.addListener(massagerListener);
        synchronized (lock) {
            origin = timeline.nanoTime();
            nextTick = tickNanos;
            scheduleNextWake();
        }
    }

    // ---- Playback ------------------------------------------------------------------------------

    @Override
    public CompiledRoutine routine() {
        return routine;
    }

    @Override
    public Progress progress() {
        synchronized (lock) {
            long elapsed = result != null ? result.played().toNanos() : elapsedNow();
            return progressAt(elapsed);
        }
    }

    @Override
    public boolean isDone() {
        synchronized (lock) {
            return result != null;
        }
    }

    @Override
    public boolean isPaused() {
        synchronized (lock) {
            return result == null && pausedAt >= 0;
        }
    }

    @Override
    public void pause() {
        synchronized (lock) {
            if (result != null || pausedAt >= 0) {
                return;
            }
            pausedAt = timeline.nanoTime();
            epoch++;
            cancelWake();
            massager.zeroLocked("paused " + routine.name());
            post(new PlaybackEvent.Paused(progressAt(elapsedNow())));
        }
    }

    @Override
    public void resume() {
        synchronized (lock) {
            if (result != null || pausedAt < 0) {
                return;
            }
            long elapsed = elapsedNow();
            origin += timeline.nanoTime() - pausedAt;
            pausedAt = -1;
            post(new PlaybackEvent.Resumed(progressAt(elapsed)));
            if (reapplyCurrentSettings()) {
                scheduleNextWake();
            }
        }
    }

    @Override
    public CompletableFuture<PlaybackResult> stop() {
        end(PlaybackEnding.STOPPED, "stopped by user", null);
        return completion;
    }

    @Override
    public CompletableFuture<PlaybackResult> completion() {
        return completion;
    }

    @Override
    public String toString() {
        return "Playback[" + routine.name() + " on " + massager + "]";
    }

    // ---- playing -------------------------------------------------------------------------------

    private void scheduleNextWake() {
        long next = durationNanos;
        if (nextCommand < commands.size()) {
            next = Math.min(next, commands.get(nextCommand).at().toNanos());
        }
        if (nextStep < steps.size()) {
            next = Math.min(next, steps.get(nextStep).start().toNanos());
        }
        next = Math.min(next, nextTick);
        long due = next;
        int wakeEpoch = epoch;
        wake = timeline.scheduleAt(origin + toTimeline(due), () -> guarded(() -> onWake(due, wakeEpoch)));
    }

    /**
     * Everything due at routine time {@code at}: step boundaries, then commands, then a tick; or the
     * end. Listeners are called only after the ordering point is released (the drain at the end):
     * a listener that takes a lock of its own, while another thread holds that lock and waits for
     * the ordering point, would otherwise deadlock.
     */
    private void onWake(long at, int wakeEpoch) {
        boolean finished = false;
        synchronized (lock) {
            if (result != null || pausedAt >= 0 || wakeEpoch != epoch) {
                return;
            }
            wake = null;
            if (sendDue(at)) {
                finished = tickOrScheduleNext(at);
            }
        }
        if (finished) {
            end(PlaybackEnding.COMPLETED, "completed", null);
        }
        drain();
    }

    /** Step boundaries and commands due at {@code at}; false when the playback ended on the way. */
    private boolean sendDue(long at) {
        while (nextStep < steps.size() && steps.get(nextStep).start().toNanos() <= at) {
            nextStep++;
            post(new PlaybackEvent.StepStarted(progressAt(at)));
        }
        while (nextCommand < commands.size() && commands.get(nextCommand).at().toNanos() <= at) {
            if (!send(commands.get(nextCommand++))) {
                return false;
            }
        }
        return true;
    }

    /** The tick due at {@code at}, if any, then the next wake-up; true when the routine is over. */
    private boolean tickOrScheduleNext(long at) {
        if (nextTick <= at) {
            if (at < durationNanos) {
                post(new PlaybackEvent.Tick(progressAt(at)));
            }
            while (nextTick <= at) {
                nextTick = nextTick > Long.MAX_VALUE - tickNanos ? Long.MAX_VALUE : nextTick + tickNanos;
            }
        }
        if (at >= durationNanos) {
            return true;
        }
        scheduleNextWake();
        return false;
    }

    /** Sends one command through the massager (and so the governor); false when the playback has ended. */
    private boolean send(TimedCommand command) {
        if (result != null) {
            return false;
        }
        CompletableFuture<CommandResult> sent;
        try {
            if (command instanceof TimedCommand.SetZone z) {
                sent = massager.setZone(z.zone(), z.technique(), z.intensity());
            } else if (command instanceof TimedCommand.SetHeat h) {
                sent = massager.setHeat(h.celsius());
            } else {
                sent = massager.heatOff();
            }
        } catch (SafetyLimitException e) {
            end(PlaybackEnding.FAILED, refusalReason(e, command), e);
            return false;
        } catch (IllegalStateException e) {
            end(closedEnding(), "the massager no longer takes commands: " + e.getMessage(), e);
            return false;
        } catch (RuntimeException e) {
            end(PlaybackEnding.FAILED, "could not send " + describe(command) + ": " + e.getMessage(), e);
            return false;
        }
        int sentEpoch = epoch;
        sent.whenComplete((r, e) -> onCommandDone(command, sentEpoch, r, e));
        // An already-failed future runs onCommandDone right here, on this thread, which may have
        // ended the playback: then nothing more may be sent.
        return result == null;
    }

    /** Called on the massager's event thread when the device acknowledged (or not). */
    private void onCommandDone(TimedCommand command, int sentEpoch, CommandResult r, Throwable error) {
        if (error != null) {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            synchronized (lock) {
                // A command overtaken by our own pause or stop may fail; that is not a device error.
                if (sentEpoch != epoch || result != null) {
                    return;
                }
            }
            if (cause instanceof DeviceDisconnectedException) {
                end(PlaybackEnding.FAILED, "device disconnected: " + cause.getMessage(), cause);
            } else {
                end(PlaybackEnding.FAILED, "device error on " + describe(command) + ": " + cause.getMessage(), cause);
            }
            return;
        }
        r.warnings().forEach(this::report);
    }

    /** After a pause the device is at zero: set every zone and the heater as the routine has them now. */
    private boolean reapplyCurrentSettings() {
        Map<Zone, TimedCommand.SetZone> zones = new EnumMap<>(Zone.class);
        TimedCommand heat = null;
        for (int i = 0; i < nextCommand; i++) {
            TimedCommand c = commands.get(i);
            if (c instanceof TimedCommand.SetZone z) {
                zones.put(z.zone(), z);
            } else {
                heat = c;
            }
        }
        for (TimedCommand.SetZone z : zones.values()) {
            if (z.level() > 0 && !send(z)) {
                return false;
            }
        }
        return !(heat instanceof TimedCommand.SetHeat) || send(heat);
    }

    // ---- what the massager tells us ------------------------------------------------------------

    /** Called on the massager's event thread. */
    private void onMassagerEvent(MassagerEvent event) {
        if (event instanceof MassagerEvent.SafetyEvent s) {
            if (s.warning().limit() == SafetyLimit.SESSION_LIMIT) {
                end(PlaybackEnding.FAILED, "session limit: " + s.warning().message(),
                        new SafetyLimitException(SafetyLimit.SESSION_LIMIT, s.warning().message()));
            } else {
                report(s.warning());
            }
        } else if (event instanceof MassagerEvent.DeviceFault f) {
            end(PlaybackEnding.FAILED, "device fault " + f.code() + ": " + f.message(),
                    new MassagerException("device fault " + f.code() + ": " + f.message()));
        } else if (event instanceof MassagerEvent.ButtonPressed b && POWER_BUTTON.equals(b.button())) {
            // Someone at the device wants it off; a routine must not fight them.
            end(PlaybackEnding.STOPPED, "stopped with the device's power button", null);
        }
    }

    private void report(SafetyWarning warning) {
        synchronized (lock) {
            if (result != null) {
                return;
            }
            if (reported.size() >= MAX_REMEMBERED_WARNINGS) {
                reported.clear();
            }
            // The governor hands the same warning to the event stream and to the command result.
            if (reported.add(warning)) {
                post(new PlaybackEvent.Warning(warning.toString()));
            }
        }
    }

    // ---- the ending ----------------------------------------------------------------------------

    /** Ends the playback once, from any thread: the massager stops the device and calls {@link #endedBy}. */
    private void end(PlaybackEnding ending, String reason, Throwable error) {
        synchronized (lock) {
            if (result != null) {
                return;
            }
            massager.stopLocked(reason, ending, error);
            if (result == null) {
                // Not the massager's playing routine (which cannot happen): end it all the same.
                LOG.error("playback of '{}' ended while its massager did not hold it", routine.name());
                endedBy(ending, reason, error, CompletableFuture.completedFuture(null));
            }
        }
    }

    /**
     * The massager ended this playback with a stop ({@code stopped}, the device's confirmation):
     * nothing more is sent, and Finished is reported once the device confirmed the stop (or after
     * {@link #STOP_CONFIRM_NANOS}). Called with the massager's ordering point held.
     */
    void endedBy(PlaybackEnding ending, String reason, Throwable error, CompletableFuture<Void> stopped) {
        if (result != null) {
            return;
        }
        long played = ending == PlaybackEnding.COMPLETED ? durationNanos : elapsedNow();
        result = new PlaybackResult(ending, Duration.ofNanos(played), reason, Optional.ofNullable(error));
        epoch++;
        cancelWake();
        massager.removeListener(massagerListener);
        if (ending == PlaybackEnding.FAILED) {
            LOG.warn("routine '{}' on {} failed: {}", routine.name(), massager, reason);
        }
        AtomicBoolean once = new AtomicBoolean();
        Timeline.Cancellable[] fallback = new Timeline.Cancellable[1];
        PlaybackResult ended = result;
        Runnable finish = () -> {
            if (once.compareAndSet(false, true)) {
                if (fallback[0] != null) {
                    fallback[0].cancel();
                }
                post(new PlaybackEvent.Finished(ended));
            }
        };
        // The ending waits for the device to confirm the stop, but not forever: a device that never
        // answers must not keep the caller waiting.
        fallback[0] = timeline.scheduleAt(timeline.nanoTime() + STOP_CONFIRM_NANOS, finish);
        stopped.whenComplete((v, e) -> {
            if (e != null) {
                LOG.debug("stop at the end of '{}' was not confirmed: {}", routine.name(), e.toString());
            }
            finish.run();
        });
    }

    private PlaybackEnding closedEnding() {
        return massager.state().connection() == ConnectionState.CLOSED ? PlaybackEnding.STOPPED : PlaybackEnding.FAILED;
    }

    // ---- delivering events ---------------------------------------------------------------------

    private void post(PlaybackEvent event) {
        outbox.add(event);
        if (drainScheduled.compareAndSet(false, true)) {
            timeline.execute(() -> guarded(this::drain));
        }
    }

    /** Delivers queued events in order; runs only on the timeline thread. */
    private void drain() {
        drainScheduled.set(false);
        PlaybackEvent event;
        while ((event = outbox.poll()) != null) {
            deliver(event);
        }
    }

    private void deliver(PlaybackEvent event) {
        boolean last = event instanceof PlaybackEvent.Finished;
        if (listenerBroken && !last) {
            return;
        }
        try {
            listener.onEvent(event);
        } catch (RuntimeException | Error e) {
            if (last) {
                LOG.warn("playback listener failed on {}", event, e);
            } else {
                listenerBroken = true;
                end(PlaybackEnding.FAILED, "the progress listener failed on " + name(event) + ": " + e, e);
            }
        }
        if (last) {
            completion.complete(((PlaybackEvent.Finished) event).result());
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    /**
     * Runs a timeline task so that a bug cannot end the playback silently with the device running:
     * the real clock's executor would swallow the exception.
     */
    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            LOG.error("playback of '{}' failed inside the player", routine.name(), e);
            end(PlaybackEnding.FAILED, "internal error in the player: " + e, e);
            drain();
        }
    }

    private void cancelWake() {
        if (wake != null) {
            wake.cancel();
            wake = null;
        }
    }

    private long toTimeline(long routineNanos) {
        return speed == 1.0 ? routineNanos : Math.round(routineNanos / speed);
    }

    private long elapsedNow() {
        long wall = (pausedAt >= 0 ? pausedAt : timeline.nanoTime()) - origin;
        long elapsed = speed == 1.0 ? wall : Math.round(wall * speed);
        return Math.max(0, Math.min(durationNanos, elapsed));
    }

    private Progress progressAt(long elapsedNanos) {
        Duration elapsed = Duration.ofNanos(elapsedNanos);
        return new Progress(elapsed, routine.duration(), routine.stepAt(elapsed), steps.size());
    }

    private static String refusalReason(SafetyLimitException e, TimedCommand command) {
        if (e.limit() == SafetyLimit.SESSION_LIMIT) {
            return "session limit: " + e.getMessage();
        }
        if (e.limit() == SafetyLimit.UNSUPPORTED) {
            return "the device cannot play this routine (" + describe(command) + "): " + e.getMessage();
        }
        return "the safety governor refused " + describe(command) + ": " + e.getMessage();
    }

    private static String name(PlaybackEvent event) {
        return event.getClass().getSimpleName();
    }

    static String describe(TimedCommand command) {
        String at = "at " + formatSeconds(command.at());
        if (command instanceof TimedCommand.SetZone z) {
            return z.zone().id() + " " + z.technique().id() + " level " + z.level() + " " + at;
        } else if (command instanceof TimedCommand.SetHeat h) {
            return "heat " + h.celsius() + " °C " + at;
        }
        return "heat off " + at;
    }

    private static String formatSeconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.3f s", d.toNanos() / 1e9);
    }
}
