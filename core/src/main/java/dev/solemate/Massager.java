package dev.solemate;

import dev.solemate.device.DeviceProfile;
import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceConnection;
import dev.solemate.driver.DeviceEvent;
import dev.solemate.driver.DeviceInfo;
import dev.solemate.driver.DeviceStatus;
import dev.solemate.driver.DeviceUri;
import dev.solemate.driver.ZoneSetting;
import dev.solemate.player.Playback;
import dev.solemate.player.PlaybackEnding;
import dev.solemate.player.PlaybackListener;
import dev.solemate.player.PlaybackOptions;
import dev.solemate.player.RoutinePlayer;
import dev.solemate.routine.CompiledRoutine;
import dev.solemate.safety.SafetyGovernor;
import dev.solemate.safety.SafetyLimits;
import dev.solemate.safety.SafetyWarning;
import dev.solemate.time.Timeline;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A handle to one massager, opened with {@link Massagers#open(String)}. Every command goes through
 * the device's {@link SafetyGovernor}; there is no other way to reach the device.
 *
 * <p><b>One ordering point.</b> Every intent (a manual command, heat, the comfort cap, a routine's
 * start or switch, each of its steps, and every stop) passes through one sequence per massager,
 * in the order it was issued. Each stop ({@link #stop()}, a routine ending, a pause, a link that
 * is lost or comes back, closing) starts a new <em>stop epoch</em>: it ends the routine playing
 * (only a pause keeps it), cancels every command issued before it that the device has not yet
 * confirmed (their futures fail with {@link CommandCancelledException}), and nothing issued in an
 * older epoch reaches the driver afterwards. So: <b>once {@code stop()} returns, no non-zero
 * command reaches the device unless a caller issued it after that moment.</b> The sequence is a
 * lock held only for non-blocking work (the governor's decisions and the driver's never-blocking
 * {@code send}); callbacks and listeners never run under it.
 *
 * <p>The massager owns the routine playing on it ({@link #play}, {@link #playback()}): starting one
 * while another plays is one intent (the old one ends STOPPED, the device is stopped, the new one
 * starts), so a playback can neither outlive a stop nor be left playing with nothing holding it.
 *
 * <p>Commands return futures that complete when the device acknowledged, on this massager's event
 * thread ({@code solemate-events-<device>}); do not block that thread waiting for another command.
 * {@link #stop()} always works, jumps every queue and is never refused.
 *
 * <p>When the link comes back ({@link DeviceEvent.Reconnected}) the massager sends a stop before
 * anything else, and the governor counts the device as running until the device confirms it. A
 * reconnect that finds another unit (another serial number or profile) replaces this massager's
 * info and profile ({@link MassagerEvent.DeviceReplaced}).
 *
 * <p>Thread-safe.
 */
public final class Massager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Massager.class);

    private final DeviceUri uri;
    private final DeviceConnection connection;
    private final MassagerOptions options;
    private final Timeline timeline;
    private final ExecutorService events;
    private final List<MassagerListener> listeners = new CopyOnWriteArrayList<>();
    private final Runnable onClose;
    private volatile MassagerState state;

    /**
     * The ordering point: every intent and every stop runs under this lock, in order, and so does
     * every change of the playing routine's state. Lock order: sequence, then the governor's lock,
     * then this massager's state lock; nothing takes the sequence while holding either of the others.
     */
    final Object sequence = new Object();
    /** The stop epoch: how many stops this massager has made. Written under {@link #sequence}. */
    private volatile long epoch;
    // Guarded by sequence (written), volatile for readers outside it.
    private volatile DeviceInfo info;
    private volatile SafetyGovernor governor;
    private ScheduledPlayback playing;
    private volatile boolean closing;
    private CompletableFuture<Void> exitStop;
    /** Commands sent and not yet confirmed: a stop cancels them. Never locked: completions may arrive under the governor's lock. */
    private final Set<Intent<?>> unconfirmed = ConcurrentHashMap.newKeySet();

    Massager(DeviceUri uri, DeviceConnection connection, MassagerOptions options, Runnable onClose) {
        this.uri = uri;
        this.connection = connection;
        this.options = options;
        this.info = connection.info();
        this.timeline = options.timeline();
        this.onClose = onClose;
        String threadName = "solemate-events-" + info.profile().id();
        this.events = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        this.governor = newGovernor(info, options.limits());
        this.state = new MassagerState(ConnectionState.CONNECTED, zonesAtZero(info), OptionalInt.empty(),
                OptionalDouble.empty(), options.limits().comfortCap(), governor.sessionUsed(), governor.sessionLimit());
        connection.setListener(event -> {
            try {
                events.execute(() -> onDeviceEvent(event));
            } catch (RejectedExecutionException closed) {
                // Closed: the driver may still report its last status; nobody is listening any more.
                LOG.debug("device event after close dropped: {}", event);
            }
        });
    }

    /** The URI this massager was opened with. */
    public DeviceUri uri() {
        return uri;
    }

    /** What the device can do; another unit found at a reconnect brings its own ({@link MassagerEvent.DeviceReplaced}). */
    public DeviceProfile profile() {
        return info.profile();
    }

    /** The device's identity (firmware, serial number) and profile. */
    public DeviceInfo info() {
        return info;
    }

    /** The latest state snapshot. */
    public MassagerState state() {
        return state;
    }

    /**
     * How long the device keeps going on its own when it hears nothing from this host (its
     * watchdog), as the driver knows it: what stops the device when a stop cannot be confirmed.
     * Empty when unknown, zero when the device has no watchdog. See {@link DeviceConnection#watchdog()}.
     */
    public java.util.Optional<Duration> watchdog() {
        return connection.watchdog();
    }

    /** The safety limits in force. */
    public SafetyLimits limits() {
        return governor.limits();
    }

    /** The timeline this massager runs on; the player schedules on the same one. */
    public Timeline timeline() {
        return timeline;
    }

    /** How many stops this massager has made; {@link CommandCancelledException#stop()} names one of them. */
    public long stops() {
        return epoch;
    }

    /** Adds a listener; see {@link MassagerListener} for the thread it is called on. */
    public void addListener(MassagerListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(MassagerListener listener) {
        listeners.remove(listener);
    }

    /**
     * Sets a zone's technique and intensity. The governor may cap it or raise it gradually (the
     * result says so) or refuse it ({@link dev.solemate.safety.SafetyLimitException}). A stop before
     * the device confirmed it cancels it ({@link CommandCancelledException}).
     */
    public CompletableFuture<CommandResult> setZone(Zone zone, Technique technique, Intensity intensity) {
        long issuedIn = epoch;
        String what = zone.id() + " " + technique.id() + " " + intensity;
        synchronized (sequence) {
            requireOpen();
            if (state.connection() == ConnectionState.DISCONNECTED) {
                return disconnected(what);
            }
            if (issuedIn != epoch) {
                return cancelledBefore(what, issuedIn, intensity.isZero());
            }
            return track(what, intensity.isZero(), governor.setZone(zone, technique, intensity),
                    r -> confirmZone(zone, technique, r));
        }
    }

    /** Stops one zone. */
    public CompletableFuture<CommandResult> stopZone(Zone zone) {
        requireOpen();
        Technique technique = state.zones().containsKey(zone) ? state.zones().get(zone).technique()
                : profile().techniques(zone).stream().findFirst().orElse(Technique.KNEAD);
        return setZone(zone, technique, Intensity.ZERO);
    }

    /**
     * Sets the heater's target in whole degrees Celsius; capped at the heat limit. When the limit is
     * below the device's lowest set-point the heater stays off (the result warns, applied level 0).
     */
    public CompletableFuture<CommandResult> setHeat(int celsius) {
        long issuedIn = epoch;
        String what = "heat " + celsius + " °C";
        synchronized (sequence) {
            requireOpen();
            if (state.connection() == ConnectionState.DISCONNECTED) {
                return disconnected(what);
            }
            if (issuedIn != epoch) {
                return cancelledBefore(what, issuedIn, false);
            }
            return track(what, false, governor.setHeat(celsius), r -> {
                update(s -> withHeat(s, r.appliedLevel() > 0 ? OptionalInt.of(r.appliedLevel()) : OptionalInt.empty()));
                return r;
            });
        }
    }

    /** Turns the heater off. */
    public CompletableFuture<CommandResult> heatOff() {
        String what = "heat off";
        synchronized (sequence) {
            requireOpen();
            if (state.connection() == ConnectionState.DISCONNECTED) {
                return disconnected(what);
            }
            return track(what, true, governor.setHeat(null), r -> {
                update(s -> withHeat(s, OptionalInt.empty()));
                return r;
            });
        }
    }

    /**
     * Stops every zone and the heater now, ahead of any queued command, and ends the routine
     * playing (as {@link PlaybackEnding#STOPPED}, reason {@code "stopped"}). Always allowed, from any
     * thread, even after the device was lost (then it completes exceptionally but changes nothing).
     * Every command issued before it and not yet confirmed fails with {@link CommandCancelledException}.
     */
    public CompletableFuture<Void> stop() {
        return stop("stopped");
    }

    /**
     * {@link #stop()} with the reason the routine playing (if any) ends with and the cancelled
     * commands name, e.g. {@code "stopped by power OFF"}.
     */
    public CompletableFuture<Void> stop(String reason) {
        Objects.requireNonNull(reason, "reason");
        CompletableFuture<Void> stopped;
        synchronized (sequence) {
            stopped = stopLocked(reason, PlaybackEnding.STOPPED, null);
        }
        return onEvents(stopped);
    }

    /**
     * Plays a compiled routine, drift-free, on this massager's timeline (see {@link RoutinePlayer}).
     * One intent: a routine already playing ends (STOPPED, "replaced by &lt;name&gt;") and the device
     * is stopped, then the new one starts; the massager holds the one playing ({@link #playback()})
     * and ends it on every stop.
     *
     * @param listener receives progress on the massager's timeline thread; see {@link PlaybackListener}
     * @throws IllegalArgumentException when the routine has no steps
     * @throws IllegalStateException    when the massager is closed
     */
    public Playback play(CompiledRoutine routine, PlaybackOptions playbackOptions, PlaybackListener listener) {
        Objects.requireNonNull(routine, "routine");
        Objects.requireNonNull(playbackOptions, "options");
        Objects.requireNonNull(listener, "listener");
        if (routine.steps().isEmpty()) {
            throw new IllegalArgumentException("routine '" + routine.name() + "' has no steps (expected at least one)");
        }
        long issuedIn = epoch;
        synchronized (sequence) {
            if (closing || state.connection() == ConnectionState.CLOSED) {
                throw new IllegalStateException("massager " + uri + " is closed; open it again to play '"
                        + routine.name() + "'");
            }
            ScheduledPlayback playback = new ScheduledPlayback(this, routine, playbackOptions, listener);
            if (issuedIn != epoch) {
                // A stop came between the call and its turn: the routine was asked for before it.
                playback.endedBy(PlaybackEnding.STOPPED, "cancelled by stop #" + epoch + " before it started", null,
                        CompletableFuture.completedFuture(null));
                return playback;
            }
            if ((playing != null && !playing.isDone()) || governor.isActive()) {
                stopLocked("replaced by " + routine.name(), PlaybackEnding.STOPPED, null);
            }
            playing = playback;
            playback.begin();
            return playback;
        }
    }

    /** The routine playing now, if any. */
    public Optional<Playback> playback() {
        synchronized (sequence) {
            return playing == null || playing.isDone() ? Optional.empty() : Optional.of(playing);
        }
    }

    /** Changes the comfort cap; zones above it come down at once. A later stop fulfils it (it completes normally). */
    public CompletableFuture<Void> setComfortCap(Intensity cap) {
        CompletableFuture<Void> done;
        synchronized (sequence) {
            requireOpen();
            done = track("comfort cap " + cap, true, governor.setComfortCap(cap), v -> v);
        }
        update(s -> new MassagerState(s.connection(), s.zones(), s.heatTarget(), s.temperature(), cap,
                s.sessionUsed(), s.sessionLimit()));
        return done;
    }

    /** Stops the device, then closes the link. Idempotent. */
    @Override
    public void close() {
        CompletableFuture<Void> stopped;
        synchronized (sequence) {
            if (closing) {
                return;
            }
            closing = true;
            // After the exit's stop, a second one would only delay the exit.
            stopped = exitStop != null ? exitStop : stopLocked("the massager was closed", PlaybackEnding.STOPPED, null);
        }
        try {
            stopped.get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("stop before close of {} did not confirm: {}", uri, e.toString());
        }
        connection.close();
        update(s -> withConnection(s, ConnectionState.CLOSED));
        onClose.run();
        events.shutdown();
        try {
            events.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "Massager[" + uri + ", " + info.profile().id() + "]";
    }

    // ---- the JVM exit (Massagers' shutdown hook) -------------------------------------------------

    /**
     * The first half of the exit: stops the device and refuses every later command (only
     * {@link #stop()} and {@link #close()} still work), ends the routine playing as
     * {@link PlaybackEnding#TERMINATED}, and returns at once with the stop's confirmation, so that
     * the hook can stop every device before it waits for any.
     */
    CompletableFuture<Void> haltForExit(String reason) {
        synchronized (sequence) {
            if (exitStop == null) {
                exitStop = stopLocked(reason, PlaybackEnding.TERMINATED, null, g -> g.halt(reason));
            }
            return exitStop;
        }
    }

    /** {@link #haltForExit(String)}, then a wait of up to a second for the device to confirm. */
    void haltForExit() {
        try {
            haltForExit("the JVM is shutting down").get(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("could not confirm stop of {} at exit: {}", uri, e.toString());
        }
    }

    // ---- the ordering point ---------------------------------------------------------------------

    /** Stops the device and ends the routine playing; see {@link #stopLocked(String, PlaybackEnding, Throwable, java.util.function.Function)}. */
    CompletableFuture<Void> stopLocked(String reason, PlaybackEnding ending, Throwable error) {
        return stopLocked(reason, ending, error, SafetyGovernor::stop);
    }

    /**
     * A stop: starts a new epoch, cancels every unconfirmed command of the older ones, ends the
     * routine playing with {@code ending}, and sends the stop through the governor ({@code how}).
     * Call with {@link #sequence} held.
     */
    private CompletableFuture<Void> stopLocked(String reason, PlaybackEnding ending, Throwable error,
                                               java.util.function.Function<SafetyGovernor, CompletableFuture<Void>> how) {
        CompletableFuture<Void> stopped = zeroLocked(reason, how);
        ScheduledPlayback ended = playing;
        playing = null;
        if (ended != null) {
            ended.endedBy(ending, reason, error, stopped);
        }
        return stopped;
    }

    /**
     * Brings the device to zero as a new epoch without ending the playback (a pause). Call with
     * {@link #sequence} held.
     */
    CompletableFuture<Void> zeroLocked(String reason) {
        return zeroLocked(reason, SafetyGovernor::stop);
    }

    private CompletableFuture<Void> zeroLocked(String reason,
                                               java.util.function.Function<SafetyGovernor, CompletableFuture<Void>> how) {
        long stop = ++epoch;
        for (Intent<?> intent : unconfirmed) {
            intent.cancel(stop, reason);
        }
        CompletableFuture<Void> stopped;
        try {
            stopped = how.apply(governor);
        } catch (RuntimeException e) {
            LOG.error("could not stop {}", this, e);
            stopped = CompletableFuture.failedFuture(e);
        }
        update(this::atZero);
        return stopped;
    }

    /** The playback that ended by itself, if it is the one playing, no longer is. Call with {@link #sequence} held. */
    void playbackEnded(ScheduledPlayback playback) {
        if (playing == playback) {
            playing = null;
        }
    }

    /**
     * Follows a command to the device's confirmation: completes the returned future on the event
     * thread, unless a stop overtook it first ({@link Intent#cancel}). {@code onSuccess} runs on the
     * thread that confirms (to update the state at once), and not at all for a cancelled command.
     */
    private <T> CompletableFuture<T> track(String what, boolean towardZero, CompletableFuture<T> source,
                                           java.util.function.UnaryOperator<T> onSuccess) {
        Intent<T> intent = new Intent<>(what, towardZero);
        unconfirmed.add(intent);
        source.whenComplete((value, error) -> {
            unconfirmed.remove(intent);
            if (intent.cancelled()) {
                return;
            }
            if (error != null) {
                intent.settle(null, unwrap(error));
                return;
            }
            T result;
            try {
                result = onSuccess.apply(value);
            } catch (RuntimeException e) {
                intent.settle(null, e);
                return;
            }
            intent.settle(result, null);
        });
        return intent.result;
    }

    private <T> CompletableFuture<T> cancelledBefore(String what, long issuedIn, boolean towardZero) {
        if (towardZero) {
            return onEvents(CompletableFuture.completedFuture(null));
        }
        return onEvents(CompletableFuture.failedFuture(new CommandCancelledException(what, issuedIn + 1,
                "a stop issued while the command waited for its turn")));
    }

    /** A command on its way to the device, until it is confirmed, fails or a stop overtakes it. */
    private final class Intent<T> {
        final String what;
        final boolean towardZero;
        final CompletableFuture<T> result = new CompletableFuture<>();
        private final java.util.concurrent.atomic.AtomicBoolean settled = new java.util.concurrent.atomic.AtomicBoolean();

        Intent(String what, boolean towardZero) {
            this.what = what;
            this.towardZero = towardZero;
        }

        boolean cancelled() {
            return settled.get();
        }

        void cancel(long stop, String reason) {
            unconfirmed.remove(this);
            if (settled.compareAndSet(false, true)) {
                // A stop fulfils a request to go to zero; it cancels anything else.
                Throwable error = towardZero ? null : new CommandCancelledException(what, stop, reason);
                deliver(null, error);
            }
        }

        void settle(T value, Throwable error) {
            if (settled.compareAndSet(false, true)) {
                deliver(value, error);
            }
        }

        private void deliver(T value, Throwable error) {
            onEventThread(() -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(value);
                }
            });
        }
    }

    // ---- what the device tells us ---------------------------------------------------------------

    /** On the event thread: a zone setting the device acknowledged and the governor still stands by. */
    private void zoneApplied(Zone zone, ZoneSetting setting) {
        update(s -> {
            ZoneState before = s.zones().get(zone);
            int level = Math.min(setting.level(), profile().intensitySteps());
            if (before == null || (before.level() == level && before.technique() == setting.technique())) {
                return s;
            }
            Map<Zone, ZoneState> zones = new EnumMap<>(s.zones());
            zones.put(zone, new ZoneState(setting.technique(), level, Intensity.ofLevel(level, profile().intensitySteps())));
            return new MassagerState(s.connection(), zones, s.heatTarget(), s.temperature(), s.comfortCap(),
                    s.sessionUsed(), s.sessionLimit());
        });
    }

    private void onDeviceEvent(DeviceEvent event) {
        if (event instanceof DeviceEvent.StatusReport r) {
            governor.deviceReported(r.status());
            update(s -> fromStatus(s, r.status()));
        } else if (event instanceof DeviceEvent.ButtonPressed b) {
            publish(new MassagerEvent.ButtonPressed(b.button()));
        } else if (event instanceof DeviceEvent.OverTemperature o) {
            // The heater is off; nothing is known here about the zones.
            governor.deviceReported(new DeviceStatus(Map.of(), OptionalInt.empty(), OptionalDouble.empty()));
            update(s -> withHeat(s, OptionalInt.empty()));
            publish(new MassagerEvent.DeviceFault("over-temperature",
                    "the device cut its heater at " + o.celsius() + " °C"));
        } else if (event instanceof DeviceEvent.Fault f) {
            publish(new MassagerEvent.DeviceFault(f.code(), f.message()));
        } else if (event instanceof DeviceEvent.Disconnected d) {
            onDisconnected(d);
        } else if (event instanceof DeviceEvent.Reconnected r) {
            onReconnected(r);
        }
    }

    /**
     * The device may still be running (until its own watchdog stops it): the governor's session
     * clock keeps counting until a stop is confirmed, at the latest by the stop sent on reconnect.
     */
    private void onDisconnected(DeviceEvent.Disconnected d) {
        synchronized (sequence) {
            if (closing) {
                return;
            }
            stopLocked("device disconnected: " + d.reason(), PlaybackEnding.FAILED,
                    new DeviceDisconnectedException(d.reason()));
            update(s -> withConnection(s, ConnectionState.DISCONNECTED));
        }
        publish(new MassagerEvent.Disconnected(d.reason()));
    }

    /**
     * Reconnected means zero, and the core makes it so: a stop goes out before anything else (the
     * state says disconnected until then, so no command can go first), and the governor counts the
     * device as running until the device confirms it.
     */
    private void onReconnected(DeviceEvent.Reconnected r) {
        DeviceInfo before;
        boolean replaced;
        synchronized (sequence) {
            if (closing) {
                return;
            }
            before = info;
            replaced = !sameUnit(before, r.info());
            String reason = "the link came back";
            if (replaced) {
                LOG.warn("{}: another unit answered after the reconnect ({} {} -> {} {}); taking its profile",
                        uri, before.serialNumber(), before.profile().id(), r.info().serialNumber(), r.info().profile().id());
                reason = "another unit answered: " + r.info().serialNumber() + " (" + r.info().profile().id() + ")";
                SafetyGovernor old = governor;
                old.retire("the device was replaced by another unit");
                info = r.info();
                governor = newGovernor(r.info(), old.limits());
                MassagerState s = state;
                state = new MassagerState(s.connection(), zonesAtZero(r.info()), OptionalInt.empty(),
                        OptionalDouble.empty(), s.comfortCap(), governor.sessionUsed(), governor.sessionLimit());
            } else {
                info = r.info();
            }
            stopLocked(reason, PlaybackEnding.FAILED, new DeviceDisconnectedException(replaced
                    ? "the device was replaced by another unit (" + r.info().serialNumber() + ")"
                    : "the link was re-established and the device stopped"));
            update(s -> withConnection(s, ConnectionState.CONNECTED));
        }
        if (replaced) {
            publish(new MassagerEvent.DeviceReplaced(before, r.info()));
        }
        publish(new MassagerEvent.Reconnected());
    }

    private static boolean sameUnit(DeviceInfo a, DeviceInfo b) {
        return a.serialNumber().equals(b.serialNumber()) && a.profile().equals(b.profile());
    }

    private SafetyGovernor newGovernor(DeviceInfo device, SafetyLimits limits) {
        // Confirmations go through the event thread, like device reports, so the governor sees them in
        // the order the driver delivered them (see SafetyGovernor.deviceReported).
        SafetyGovernor created = new SafetyGovernor(connection, device.profile(), limits, timeline, this::onWarning,
                this::onEventThread);
        // Every level the device acknowledged, the governor's own rise steps included, reaches the
        // state; a governor retired at a reconnect (another unit answered) no longer speaks for it.
        created.setAppliedListener((zone, setting) -> {
            if (governor == created) {
                zoneApplied(zone, setting);
            }
        });
        return created;
    }

    // ---- helpers --------------------------------------------------------------------------------

    /**
     * A lost link fails commands at once: otherwise the governor could answer from its own state
     * (a gradual rise not due yet) as if the device had taken the command.
     */
    private <T> CompletableFuture<T> disconnected(String what) {
        return onEvents(CompletableFuture.failedFuture(new DeviceDisconnectedException(
                "the device is disconnected; " + what + " was not sent")));
    }

    private void requireOpen() {
        if (closing || state.connection() == ConnectionState.CLOSED) {
            throw new IllegalStateException("massager " + uri + " is closed");
        }
    }

    private <T> CompletableFuture<T> onEvents(CompletableFuture<T> future) {
        CompletableFuture<T> result = new CompletableFuture<>();
        future.whenComplete((v, e) -> onEventThread(() -> {
            if (e != null) {
                result.completeExceptionally(unwrap(e));
            } else {
                result.complete(v);
            }
        }));
        return result;
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private CommandResult confirmZone(Zone zone, Technique technique, CommandResult result) {
        update(s -> {
            Map<Zone, ZoneState> zones = new EnumMap<>(s.zones());
            zones.put(zone, new ZoneState(technique, result.appliedLevel(),
                    Intensity.ofLevel(result.appliedLevel(), profile().intensitySteps())));
            return new MassagerState(s.connection(), zones, s.heatTarget(), s.temperature(), s.comfortCap(),
                    s.sessionUsed(), s.sessionLimit());
        });
        return result;
    }

    /** Runs on the event thread, or at once when the massager is closed and the thread gone. */
    private void onEventThread(Runnable task) {
        try {
            events.execute(task);
        } catch (RejectedExecutionException closed) {
            task.run();
        }
    }

    private void onWarning(SafetyWarning warning) {
        publishAsync(new MassagerEvent.SafetyEvent(warning));
    }

    /**
     * Applies a change to the state; a real change also refreshes the session time and is published.
     *
     * <p>The governor is read before this massager's lock is taken, never under it: a driver that
     * acknowledges inline completes a command while the governor holds its own lock, and that
     * completion lands here ({@link #confirmZone}). Taking the locks only in that order (governor,
     * then massager) is what keeps the two from deadlocking.
     */
    private void update(java.util.function.UnaryOperator<MassagerState> change) {
        SafetyGovernor g = governor;
        Duration used = g.sessionUsed();
        Duration limit = g.sessionLimit();
        synchronized (this) {
            MassagerState before = state;
            MassagerState after = change.apply(before);
            if (!after.equals(before)) {
                after = new MassagerState(after.connection(), after.zones(), after.heatTarget(), after.temperature(),
                        after.comfortCap(), used, limit);
                state = after;
                publishAsync(new MassagerEvent.StateChanged(after));
            }
        }
    }

    private void publishAsync(MassagerEvent event) {
        try {
            events.execute(() -> publish(event));
        } catch (RejectedExecutionException closed) {
            LOG.debug("event after close dropped: {}", event);
        }
    }

    private void publish(MassagerEvent event) {
        for (MassagerListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("listener {} failed on {}", listener, event, e);
            }
        }
    }

    private static Map<Zone, ZoneState> zonesAtZero(DeviceInfo device) {
        Map<Zone, ZoneState> zones = new EnumMap<>(Zone.class);
        for (Zone zone : device.profile().zones().keySet()) {
            zones.put(zone, new ZoneState(device.profile().techniques(zone).iterator().next(), 0, Intensity.ZERO));
        }
        return zones;
    }

    private MassagerState atZero(MassagerState s) {
        Map<Zone, ZoneState> zones = new EnumMap<>(Zone.class);
        s.zones().forEach((zone, z) -> zones.put(zone, new ZoneState(z.technique(), 0, Intensity.ZERO)));
        return new MassagerState(s.connection(), zones, OptionalInt.empty(), s.temperature(), s.comfortCap(),
                s.sessionUsed(), s.sessionLimit());
    }

    private MassagerState fromStatus(MassagerState s, DeviceStatus status) {
        Map<Zone, ZoneState> zones = new EnumMap<>(s.zones());
        for (Map.Entry<Zone, ZoneSetting> e : status.zones().entrySet()) {
            if (zones.containsKey(e.getKey())) {
                int level = Math.min(e.getValue().level(), profile().intensitySteps());
                zones.put(e.getKey(), new ZoneState(e.getValue().technique(), level,
                        Intensity.ofLevel(level, profile().intensitySteps())));
            }
        }
        return new MassagerState(s.connection(), zones, status.heatTarget(), status.temperature(), s.comfortCap(),
                s.sessionUsed(), s.sessionLimit());
    }

    private static MassagerState withHeat(MassagerState s, OptionalInt heat) {
        return new MassagerState(s.connection(), s.zones(), heat, s.temperature(), s.comfortCap(),
                s.sessionUsed(), s.sessionLimit());
    }

    private static MassagerState withConnection(MassagerState s, ConnectionState connection) {
        return new MassagerState(connection, s.zones(), s.heatTarget(), s.temperature(), s.comfortCap(),
                s.sessionUsed(), s.sessionLimit());
    }
}
