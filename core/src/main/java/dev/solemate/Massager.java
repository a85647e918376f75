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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A handle to one massager, opened with {@link Massagers#open(String)}. Every command goes through
 * the device's {@link SafetyGovernor}; there is no other way to reach the device.
 *
 * <p>Commands return futures that complete when the device acknowledged, on this massager's event
 * thread ({@code solemate-events-<device>}); do not block that thread waiting for another command.
 * {@link #stop()} always works, jumps every queue and is never refused.
 *
 * <p>Thread-safe.
 */
public final class Massager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Massager.class);

    private final DeviceUri uri;
    private final DeviceConnection connection;
    private final DeviceInfo info;
    private final SafetyGovernor governor;
    private final Timeline timeline;
    private final ExecutorService events;
    private final List<MassagerListener> listeners = new CopyOnWriteArrayList<>();
    private final Runnable onClose;
    private volatile MassagerState state;

    Massager(DeviceUri uri, DeviceConnection connection, MassagerOptions options, Runnable onClose) {
        this.uri = uri;
        this.connection = connection;
        this.info = connection.info();
        this.timeline = options.timeline();
        this.onClose = onClose;
        String threadName = "solemate-events-" + info.profile().id();
        this.events = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        // Confirmations go through the event thread, like device reports, so the governor sees them in
        // the order the driver delivered them (see SafetyGovernor.deviceReported).
        this.governor = new SafetyGovernor(connection, info.profile(), options.limits(), timeline, this::onWarning,
                this::onEventThread);
        Map<Zone, ZoneState> zones = new EnumMap<>(Zone.class);
        for (Zone zone : info.profile().zones().keySet()) {
            zones.put(zone, new ZoneState(info.profile().techniques(zone).iterator().next(), 0, Intensity.ZERO));
        }
        this.state = new MassagerState(ConnectionState.CONNECTED, zones, OptionalInt.empty(), OptionalDouble.empty(),
                options.limits().comfortCap(), governor.sessionUsed(), governor.sessionLimit());
        connection.setListener(event -> {
            try {
                events.execute(() -> onDeviceEvent(event));
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // Closed: the driver may still report its last status; nobody is listening any more.
                LOG.debug("device event after close dropped: {}", event);
            }
        });
    }

    /** The URI this massager was opened with. */
    public DeviceUri uri() {
        return uri;
    }

    /** What the device can do. */
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

    /** The safety limits in force. */
    public SafetyLimits limits() {
        return governor.limits();
    }

    /** The timeline this massager runs on; the player schedules on the same one. */
    public Timeline timeline() {
        return timeline;
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
     * result says so) or refuse it ({@link dev.solemate.safety.SafetyLimitException}).
     */
    public CompletableFuture<CommandResult> setZone(Zone zone, Technique technique, Intensity intensity) {
        requireOpen();
        if (state.connection() == ConnectionState.DISCONNECTED) {
            return disconnected(zone.id() + " " + technique.id() + " " + intensity);
        }
        return onEvents(governor.setZone(zone, technique, intensity)
                .thenApply(r -> confirmZone(zone, technique, r)));
    }

    /** Stops one zone. */
    public CompletableFuture<CommandResult> stopZone(Zone zone) {
        requireOpen();
        Technique technique = state.zones().containsKey(zone) ? state.zones().get(zone).technique()
                : profile().techniques(zone).stream().findFirst().orElse(Technique.KNEAD);
        return setZone(zone, technique, Intensity.ZERO);
    }

    /** Sets the heater's target in whole degrees Celsius; capped at the heat limit. */
    public CompletableFuture<CommandResult> setHeat(int celsius) {
        requireOpen();
        if (state.connection() == ConnectionState.DISCONNECTED) {
            return disconnected("heat " + celsius + " °C");
        }
        return onEvents(governor.setHeat(celsius).thenApply(r -> {
            update(s -> withHeat(s, OptionalInt.of(r.appliedLevel())));
            return r;
        }));
    }

    /** Turns the heater off. */
    public CompletableFuture<CommandResult> heatOff() {
        requireOpen();
        if (state.connection() == ConnectionState.DISCONNECTED) {
            return disconnected("heat off");
        }
        return onEvents(governor.setHeat(null).thenApply(r -> {
            update(s -> withHeat(s, OptionalInt.empty()));
            return r;
        }));
    }

    /**
     * Stops every zone and the heater now, ahead of any queued command. Always allowed, from any
     * thread, even after the device was lost (then it completes exceptionally but changes nothing).
     */
    public CompletableFuture<Void> stop() {
        CompletableFuture<Void> stopped = governor.stop();
        update(this::atZero);
        return onEvents(stopped);
    }

    /**
     * Stops the device and refuses every later command (only {@link #stop()} and {@link #close()}
     * still work): for the JVM shutdown hook, so that nothing still running, such as a routine
     * player, can start the device again between the stop and the close.
     */
    void haltForExit() {
        CompletableFuture<Void> stopped = governor.halt("the JVM is shutting down");
        update(this::atZero);
        try {
            stopped.get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("could not confirm stop of {} at exit: {}", uri, e.toString());
        }
    }

    /** Changes the comfort cap; zones above it come down at once. */
    public CompletableFuture<Void> setComfortCap(Intensity cap) {
        requireOpen();
        CompletableFuture<Void> done = governor.setComfortCap(cap);
        update(s -> new MassagerState(s.connection(), s.zones(), s.heatTarget(), s.temperature(), cap,
                s.sessionUsed(), s.sessionLimit()));
        return onEvents(done);
    }

    /** Stops the device, then closes the link. Idempotent. */
    @Override
    public void close() {
        if (state.connection() == ConnectionState.CLOSED) {
            return;
        }
        try {
            stop().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("stop before close of {} did not confirm: {}", uri, e.toString());
        }
        connection.close();
        update(s -> new MassagerState(ConnectionState.CLOSED, s.zones(), s.heatTarget(), s.temperature(),
                s.comfortCap(), s.sessionUsed(), s.sessionLimit()));
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

    /**
     * A lost link fails commands at once: otherwise the governor could answer from its own state
     * (a gradual rise not due yet) as if the device had taken the command.
     */
    private CompletableFuture<CommandResult> disconnected(String what) {
        return onEvents(CompletableFuture.failedFuture(new DeviceDisconnectedException(
                "the device is disconnected; " + what + " was not sent")));
    }

    private void requireOpen() {
        if (state.connection() == ConnectionState.CLOSED) {
            throw new IllegalStateException("massager " + uri + " is closed");
        }
    }

    private <T> CompletableFuture<T> onEvents(CompletableFuture<T> future) {
        CompletableFuture<T> result = new CompletableFuture<>();
        future.whenComplete((v, e) -> {
            Runnable complete = () -> {
                if (e != null) {
                    result.completeExceptionally(e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                            ? e.getCause() : e);
                } else {
                    result.complete(v);
                }
            };
            try {
                events.execute(complete);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                complete.run();
            }
        });
        return result;
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
            governor.deviceWentToZero();
            update(s -> withConnection(atZero(s), ConnectionState.DISCONNECTED));
            publish(new MassagerEvent.Disconnected(d.reason()));
        } else if (event instanceof DeviceEvent.Reconnected) {
            // The core, not each driver, brings a device that comes back to zero.
            governor.stop();
            update(s -> withConnection(atZero(s), ConnectionState.CONNECTED));
            publish(new MassagerEvent.Reconnected());
        }
    }

    /** Runs on the event thread, or at once when the massager is closed and the thread gone. */
    private void onEventThread(Runnable task) {
        try {
            events.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
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
        Duration used = governor.sessionUsed();
        Duration limit = governor.sessionLimit();
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
        } catch (java.util.concurrent.RejectedExecutionException closed) {
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
