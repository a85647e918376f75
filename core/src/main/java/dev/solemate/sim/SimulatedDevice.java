package dev.solemate.sim;

import dev.solemate.DeviceDisconnectedException;
import dev.solemate.MassagerException;
import dev.solemate.device.DeviceProfile;
import dev.solemate.device.HeatRange;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceCommand;
import dev.solemate.driver.DeviceConnection;
import dev.solemate.driver.DeviceEvent;
import dev.solemate.driver.DeviceInfo;
import dev.solemate.driver.DeviceStatus;
import dev.solemate.driver.ZoneSetting;
import dev.solemate.sim.ExecutedCommand.Origin;
import dev.solemate.time.Timeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory massager that behaves like a real one on its {@link Timeline}: commands arrive and
 * are acknowledged after the configured latency; zones hold a technique and level; a heater warms
 * toward its set-point (first order, about 1 °C per 10 s from room temperature) with an
 * over-temperature cut-off; the device switches itself off after its profile's maximum session of
 * continuous actuation, and when it hears nothing from the host for the watchdog time.
 *
 * <p>Tests reach it with {@link #named(String)} ({@code sim:?name=x}) to inject faults and read
 * {@link #executed()}, the history of every command it carried out. Thread-safe; events reach the
 * host on whichever thread caused them (the timeline's, or the test's for injected faults).
 */
public final class SimulatedDevice {

    /** Where the heater starts and what it cools back to. */
    public static final double ROOM_CELSIUS = 22.0;
    /** The heater's time constant: from 22 °C toward 40 °C it gains about 1 °C in the first 10 s. */
    static final Duration HEATER_TIME_CONSTANT = Duration.ofSeconds(180);
    /** How often the heater's temperature is sampled and reported. */
    static final Duration PHYSICS_STEP = Duration.ofSeconds(1);
    /** Where a runaway heater heads when its control fails (see {@link #heaterRunaway()}). */
    private static final double RUNAWAY_CELSIUS = 60.0;

    private static final Map<String, SimulatedDevice> OPEN = new ConcurrentHashMap<>();

    private final String name;
    /** Who the device is; another unit may answer after a reconnect ({@link #reconnectAs}). Guarded by this. */
    private DeviceInfo info;
    private DeviceProfile profile;
    private final Timeline timeline;
    private final long latencyNanos;
    private final long watchdogNanos;

    // Everything below is guarded by this.
    private final Map<Zone, ZoneSetting> zones = new EnumMap<>(Zone.class);
    private Integer heatTarget;
    private double temperature = ROOM_CELSIUS;
    private long temperatureAt;
    private double reportedTemperature = ROOM_CELSIUS;
    private boolean runaway;
    private final List<ExecutedCommand> executed = new ArrayList<>();
    private final List<InFlight> inFlight = new ArrayList<>();
    private int failNext;
    private String failReason = "";
    private boolean dropAcks;
    private boolean linked = true;
    private boolean closed;
    private long lastHeard;
    private long heartbeats;
    private long activeSince = -1;
    private Timeline.Cancellable autoOff;
    private Timeline.Cancellable physics;
    private Timeline.Cancellable watchdog;
    private DeviceConnection.Listener host = event -> { };

    SimulatedDevice(String name, DeviceInfo info, Timeline timeline, Duration latency, Duration watchdog) {
        this.name = name;
        this.info = info;
        this.profile = info.profile();
        this.timeline = timeline;
        this.latencyNanos = latency.toNanos();
        this.watchdogNanos = watchdog.toNanos();
        for (Zone zone : profile.zones().keySet()) {
            zones.put(zone, new ZoneSetting(profile.techniques(zone).iterator().next(), 0));
        }
        long now = timeline.nanoTime();
        temperatureAt = now;
        lastHeard = now;
        if (watchdogNanos > 0) {
            synchronized (this) {
                armWatchdog(now + watchdogNanos);
            }
        }
    }

    /**
     * The open simulated device called {@code name} ({@code sim:?name=...}).
     *
     * @throws IllegalArgumentException when no such device is open
     */
    public static SimulatedDevice named(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("no simulated device named '" + name
                + "' is open (open one with sim:?name=" + name + "; open now: " + new java.util.TreeSet<>(OPEN.keySet()) + ")"));
    }

    /** The open simulated device called {@code name}, if any. */
    public static Optional<SimulatedDevice> find(String name) {
        return Optional.ofNullable(OPEN.get(name));
    }

    static void register(SimulatedDevice device) {
        OPEN.put(device.name, device);
    }

    /** The name it was opened with, or a generated one. */
    public String name() {
        return name;
    }

    public synchronized DeviceInfo info() {
        return info;
    }

    public synchronized DeviceProfile profile() {
        return profile;
    }

    /** What one zone is doing now. @throws IllegalArgumentException when the device lacks the zone */
    public synchronized ZoneSetting zone(Zone zone) {
        ZoneSetting setting = zones.get(zone);
        if (setting == null) {
            throw new IllegalArgumentException("device " + name + " has no zone " + zone.id());
        }
        return setting;
    }

    /** The heater's set-point, or empty when off. */
    public synchronized OptionalInt heatTarget() {
        return heatTarget == null ? OptionalInt.empty() : OptionalInt.of(heatTarget);
    }

    /** The heater's measured temperature now. */
    public synchronized double temperature() {
        advancePhysics(timeline.nanoTime());
        return temperature;
    }

    /** The device's own view of itself, as it reports it. */
    public synchronized DeviceStatus status() {
        return new DeviceStatus(zones, heatTarget(), profile.hasHeat()
                ? OptionalDouble.of(Math.round(temperature * 10) / 10.0) : OptionalDouble.empty());
    }

    /** True when every zone is at level 0 and the heater is off. */
    public synchronized boolean isAtZero() {
        return !isActive();
    }

    /** True while the link to the host is up. */
    public synchronized boolean isLinked() {
        return linked;
    }

    /** Every command carried out so far, in order, with the time it took effect. */
    public synchronized List<ExecutedCommand> executed() {
        return List.copyOf(executed);
    }

    /** How many heartbeats the host has sent. */
    public synchronized long heartbeats() {
        return heartbeats;
    }

    /** The temperature at which the device cuts its heater: two degrees above its highest set-point. */
    public int overTemperatureCelsius() {
        return profile.heat().map(HeatRange::maxCelsius).orElse(45) + 2;
    }

    // ---- fault injection -------------------------------------------------------------------

    /** The next {@code count} commands are refused by the device with {@code reason}; stops are never refused. */
    public synchronized void failNextCommands(int count, String reason) {
        if (count < 0) {
            throw new IllegalArgumentException("count " + count + " (expected >= 0)");
        }
        failNext = count;
        failReason = reason;
    }

    /** While true, commands are carried out but never acknowledged, so the host's ack timeout fails them. */
    public synchronized void dropAcks(boolean drop) {
        dropAcks = drop;
    }

    /**
     * Pulls the cable: commands in transit are lost, the host sees {@link DeviceEvent.Disconnected}
     * and its pending commands fail. The device keeps running until its watchdog stops it.
     */
    public void disconnect(String reason) {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            if (!linked || closed) {
                return;
            }
            linked = false;
            dropInFlight(after, () -> new DeviceDisconnectedException("simulated device " + name
                    + " disconnected before it received the command: " + reason));
            host.onEvent(new DeviceEvent.Disconnected(reason));
        }
        after.forEach(Runnable::run);
    }

    /** {@link #disconnect(String)} with the reason "cable unplugged". */
    public void disconnect() {
        disconnect("cable unplugged");
    }

    /**
     * Plugs the cable back in: the host sees {@link DeviceEvent.Reconnected} with this device's
     * info. The device is as the link left it: still running, unless its watchdog stopped it
     * meanwhile, as a real unit would be. Bringing it to zero is the host's job (the core sends a
     * stop on every reconnect).
     */
    public synchronized void reconnect() {
        if (linked || closed) {
            return;
        }
        linked = true;
        lastHeard = timeline.nanoTime();
        host.onEvent(new DeviceEvent.Reconnected(info));
        reportStatus();
    }

    /**
     * Another unit answers on the link that comes back (a different board plugged into the same
     * port): it has {@code unit}'s serial number and profile and starts at zero. Reported as
     * {@link DeviceEvent.Reconnected} with {@code unit}.
     *
     * @throws IllegalStateException when the link is up: unplug first ({@link #disconnect()})
     */
    public void reconnectAs(DeviceInfo unit) {
        java.util.Objects.requireNonNull(unit, "unit");
        synchronized (this) {
            if (closed) {
                return;
            }
            if (linked) {
                throw new IllegalStateException("simulated device " + name + " is linked; disconnect() it before "
                        + "another unit can answer");
            }
            advancePhysics(timeline.nanoTime());
            info = unit;
            profile = unit.profile();
            zones.clear();
            for (Zone zone : profile.zones().keySet()) {
                zones.put(zone, new ZoneSetting(profile.techniques(zone).iterator().next(), 0));
            }
            heatTarget = null;
            runaway = false;
            temperature = ROOM_CELSIUS;
            changed();
        }
        reconnect();
    }

    /** A button on the unit is pressed, e.g. {@code "power"}. */
    public synchronized void pressButton(String button) {
        emit(new DeviceEvent.ButtonPressed(button));
    }

    /** The device detects a fault: it stops itself and reports it. */
    public synchronized void fault(String code, String message) {
        zeroItself(Origin.FAULT);
        emit(new DeviceEvent.Fault(code, message));
    }

    /** The heater's control fails and it heats toward 60 °C until the over-temperature cut-off trips. */
    public synchronized void heaterRunaway() {
        advancePhysics(timeline.nanoTime());
        runaway = true;
        ensurePhysics();
    }

    // ---- the host side, used by SimConnection ------------------------------------------------

    /** The connection's end of the link: acknowledges with {@code null} or fails with the error. */
    interface Ack {
        void done(Throwable error);
    }

    synchronized void attach(DeviceConnection.Listener listener) {
        host = listener;
    }

    /** A command sent by the host; it takes effect and is acknowledged after the latency. */
    void deliver(DeviceCommand command, Ack ack) {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            if (!linked || closed) {
                after.add(() -> ack.done(new DeviceDisconnectedException("simulated device " + name + " is not connected")));
            } else {
                long now = timeline.nanoTime();
                lastHeard = now;
                if (latencyNanos == 0) {
                    execute(command, ack, after);
                } else {
                    InFlight flight = new InFlight(command, ack);
                    inFlight.add(flight);
                    flight.arrival = timeline.scheduleAt(now + latencyNanos, () -> arrive(flight));
                }
            }
        }
        after.forEach(Runnable::run);
    }

    /** A real-time stop: takes effect at once, and commands still in transit never take effect. */
    void realTimeStop() {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            if (!linked || closed) {
                return;
            }
            lastHeard = timeline.nanoTime();
            dropInFlight(after, () -> new MassagerException("simulated device " + name
                    + " dropped the command: a stop overtook it"));
            zeroAndRecord(new DeviceCommand.StopAll(), Origin.HOST);
        }
        after.forEach(Runnable::run);
    }

    synchronized void heartbeat() {
        if (linked && !closed) {
            lastHeard = timeline.nanoTime();
            heartbeats++;
        }
    }

    /** The host closed the connection: stop, and forget the device. */
    void hostClosed() {
        realTimeStop();
        synchronized (this) {
            closed = true;
            cancel(autoOff);
            cancel(physics);
            cancel(watchdog);
            autoOff = null;
            physics = null;
            watchdog = null;
        }
        OPEN.remove(name, this);
    }

    // ---- the device itself ---------------------------------------------------------------------

    private void arrive(InFlight flight) {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            if (!inFlight.remove(flight)) {
                return;
            }
            execute(flight.command, flight.ack, after);
        }
        after.forEach(Runnable::run);
    }

    private void execute(DeviceCommand command, Ack ack, List<Runnable> after) {
        if (failNext > 0) {
            failNext--;
            String reason = failReason;
            after.add(() -> ack.done(new MassagerException("simulated device " + name + " refused "
                    + describe(command) + ": " + reason)));
            return;
        }
        String refusal = refusal(command);
        if (refusal != null) {
            after.add(() -> ack.done(new MassagerException("simulated device " + name + " refused "
                    + describe(command) + ": " + refusal)));
            return;
        }
        long now = timeline.nanoTime();
        advancePhysics(now);
        if (command instanceof DeviceCommand.SetZone z) {
            zones.put(z.zone(), new ZoneSetting(z.technique(), z.level()));
        } else if (command instanceof DeviceCommand.SetHeat h) {
            heatTarget = h.celsius();
        } else if (command instanceof DeviceCommand.HeatOff) {
            heatTarget = null;
        } else {
            zeroState();
        }
        executed.add(new ExecutedCommand(now, command, Origin.HOST));
        changed();
        if (!dropAcks) {
            after.add(() -> ack.done(null));
        }
    }

    private String refusal(DeviceCommand command) {
        if (command instanceof DeviceCommand.SetZone z) {
            if (!profile.hasZone(z.zone())) {
                return "no zone " + z.zone().id();
            }
            if (!profile.supports(z.zone(), z.technique())) {
                return "zone " + z.zone().id() + " cannot " + z.technique().id();
            }
            if (z.level() > profile.intensitySteps()) {
                return "level " + z.level() + " is above its top level " + profile.intensitySteps();
            }
        } else if (command instanceof DeviceCommand.SetHeat h) {
            if (profile.heat().isEmpty()) {
                return "it has no heater";
            }
            if (!profile.heat().get().contains(h.celsius())) {
                return "heat " + h.celsius() + " °C is outside " + profile.heat().get().minCelsius()
                        + "-" + profile.heat().get().maxCelsius() + " °C";
            }
        }
        return null;
    }

    private void dropInFlight(List<Runnable> after, java.util.function.Supplier<Throwable> error) {
        for (InFlight flight : inFlight) {
            flight.arrival.cancel();
            Throwable e = error.get();
            after.add(() -> flight.ack.done(e));
        }
        inFlight.clear();
    }

    private void zeroItself(Origin origin) {
        zeroAndRecord(new DeviceCommand.StopAll(), origin);
    }

    private void zeroAndRecord(DeviceCommand command, Origin origin) {
        long now = timeline.nanoTime();
        advancePhysics(now);
        zeroState();
        executed.add(new ExecutedCommand(now, command, origin));
        changed();
    }

    private void zeroState() {
        zones.replaceAll((zone, setting) -> new ZoneSetting(setting.technique(), 0));
        heatTarget = null;
    }

    private boolean isActive() {
        return heatTarget != null || zones.values().stream().anyMatch(z -> z.level() > 0);
    }

    /** After any change of state: session timer, heater, and a status report. */
    private void changed() {
        long now = timeline.nanoTime();
        boolean active = isActive();
        if (active && activeSince < 0) {
            activeSince = now;
            autoOff = timeline.scheduleAt(now + profile.maxSession().toNanos(), this::autoOffExpired);
        } else if (!active && activeSince >= 0) {
            activeSince = -1;
            cancel(autoOff);
            autoOff = null;
        }
        ensurePhysics();
        reportStatus();
    }

    private synchronized void autoOffExpired() {
        if (activeSince < 0 || closed) {
            return;
        }
        autoOff = null;
        zeroItself(Origin.AUTO_OFF);
        emit(new DeviceEvent.Fault("auto-off", "the device switched itself off after "
                + profile.maxSession().toMinutes() + " min of use"));
    }

    private void armWatchdog(long at) {
        watchdog = timeline.scheduleAt(at, this::checkWatchdog);
    }

    private synchronized void checkWatchdog() {
        if (closed) {
            return;
        }
        long now = timeline.nanoTime();
        if (now - lastHeard >= watchdogNanos) {
            if (isActive()) {
                zeroItself(Origin.WATCHDOG);
                emit(new DeviceEvent.Fault("watchdog", "no message from the host for "
                        + watchdogNanos / 1_000_000 + " ms; the device stopped itself"));
            }
            armWatchdog(now + watchdogNanos);
        } else {
            armWatchdog(lastHeard + watchdogNanos);
        }
    }

    private void ensurePhysics() {
        if (physics == null && !closed && needsPhysics()) {
            physics = timeline.scheduleAt(timeline.nanoTime() + PHYSICS_STEP.toNanos(), this::physicsStep);
        }
    }

    private boolean needsPhysics() {
        return profile.hasHeat() && (heatTarget != null || runaway || Math.abs(temperature - ROOM_CELSIUS) > 0.05);
    }

    private synchronized void physicsStep() {
        physics = null;
        if (closed) {
            return;
        }
        advancePhysics(timeline.nanoTime());
        if (Math.abs(Math.round(temperature * 10) / 10.0 - reportedTemperature) >= 0.1) {
            reportStatus();
        }
        ensurePhysics();
    }

    /** First-order heating toward the set-point (or cooling toward the room), then the cut-off. */
    private void advancePhysics(long now) {
        long dt = now - temperatureAt;
        if (dt > 0 && profile.hasHeat()) {
            double goal = runaway ? RUNAWAY_CELSIUS : heatTarget != null ? heatTarget : ROOM_CELSIUS;
            temperature = goal + (temperature - goal) * Math.exp(-(double) dt / HEATER_TIME_CONSTANT.toNanos());
        }
        temperatureAt = now;
        if (temperature >= overTemperatureCelsius() && (heatTarget != null || runaway)) {
            runaway = false;
            heatTarget = null;
            executed.add(new ExecutedCommand(now, new DeviceCommand.HeatOff(), Origin.OVER_TEMPERATURE));
            emit(new DeviceEvent.OverTemperature(Math.round(temperature * 10) / 10.0));
            changed();
        }
    }

    private void reportStatus() {
        DeviceStatus status = status();
        reportedTemperature = status.temperature().orElse(ROOM_CELSIUS);
        emit(new DeviceEvent.StatusReport(status));
    }

    /** Events reach the host only while the link is up, as on a real wire. */
    private void emit(DeviceEvent event) {
        if (linked && !closed) {
            host.onEvent(event);
        }
    }

    private static void cancel(Timeline.Cancellable task) {
        if (task != null) {
            task.cancel();
        }
    }

    static String describe(DeviceCommand command) {
        if (command instanceof DeviceCommand.SetZone z) {
            return "set-zone " + z.zone().id() + " " + z.technique().id() + " level " + z.level();
        } else if (command instanceof DeviceCommand.SetHeat h) {
            return "set-heat " + h.celsius() + " °C";
        } else if (command instanceof DeviceCommand.HeatOff) {
            return "heat-off";
        }
        return "stop-all";
    }

    @Override
    public String toString() {
        return "SimulatedDevice[" + name + ", " + profile.id() + "]";
    }

    /** A command on its way to the device. */
    private static final class InFlight {
        final DeviceCommand command;
        final Ack ack;
        Timeline.Cancellable arrival;

        InFlight(DeviceCommand command, Ack ack) {
            this.command = command;
            this.ack = ack;
        }
    }
}
