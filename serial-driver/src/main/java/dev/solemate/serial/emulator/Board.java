package dev.solemate.serial.emulator;

import dev.solemate.device.DeviceProfile;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceEvent;
import dev.solemate.driver.DeviceStatus;
import dev.solemate.driver.ZoneSetting;
import dev.solemate.serial.protocol.Capabilities;
import dev.solemate.serial.protocol.DeviceHello;
import dev.solemate.serial.protocol.DeviceMessage;
import dev.solemate.serial.protocol.ErrorCode;
import dev.solemate.serial.protocol.Operation;
import dev.solemate.serial.protocol.ProtocolException;
import dev.solemate.serial.protocol.Request;
import dev.solemate.time.Timeline;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The firmware of an emulated massager, whatever the dialect: the session rules of docs/protocol.md
 * (in-order sequence numbers, duplicates answered from memory, never executed twice), the
 * actuators, a heater with an over-temperature cut-off and the heartbeat watchdog.
 *
 * <p>Thread-safe: the link's threads call {@link #handle} and {@link #realtimeStop}; the timeline's
 * thread runs the watchdog and the heater. Messages the board sends by itself go to {@link #setOutput}.
 */
public final class Board {

    /** How many answers the board remembers for resends (docs/protocol.md: at least 16). */
    static final int REMEMBERED = 16;
    private static final long TICK_NANOS = 10_000_000;
    private static final double AMBIENT = 25.0;
    private static final double HEAT_RATE_PER_S = 1.0;
    private static final double RUNAWAY_RATE_PER_S = 20.0;

    private final EmulatorOptions options;
    private final DeviceProfile profile;
    private final FaultInjector faults;
    private final Timeline timeline;
    private final int modulus;
    private final DeviceHello hello;
    private final List<Runnable> zeroListeners = new CopyOnWriteArrayList<>();

    // guarded by this
    private final Map<Zone, ZoneSetting> zones = new EnumMap<>(Zone.class);
    private OptionalInt heatTarget = OptionalInt.empty();
    private double temperature = AMBIENT;
    private boolean overTempLockout;
    private boolean session;
    private int expected = -1; // -1: any sequence number starts the count (after HELLO or a real-time stop)
    private final LinkedHashMap<Integer, DeviceMessage> remembered = new LinkedHashMap<>();
    private long lastValidNanos;
    private Timeline.Cancellable watchdog;
    private final List<Operation> executed = new ArrayList<>();
    private int duplicates;
    private long stops;
    private long overflows;
    private Consumer<DeviceMessage> output = m -> { };
    private Timeline.Cancellable tick;
    /** False once shut down. Not {@code tick != null}: the first tick can run before its handle is stored. */
    private boolean running = true;
    private long lastTickNanos;

    Board(EmulatorOptions options, FaultInjector faults, Timeline timeline, int sequenceModulus) {
        this.options = options;
        this.profile = options.profile();
        this.faults = faults;
        this.timeline = timeline;
        this.modulus = sequenceModulus;
        this.hello = new DeviceHello(1, profile.id(), options.firmware(), options.serialNumber(), options.rxBuffer(),
                (int) options.heartbeat().toMillis(), Optional.of(profile.id()), Optional.of(Capabilities.of(profile)));
        for (Zone zone : profile.zones().keySet()) {
            zones.put(zone, new ZoneSetting(profile.techniques(zone).iterator().next(), 0));
        }
        lastTickNanos = timeline.nanoTime();
        synchronized (this) {
            scheduleTick();
        }
    }

    /** Where messages the board sends on its own go (the current link); replaced on each new link. */
    synchronized void setOutput(Consumer<DeviceMessage> output) {
        this.output = output;
    }

    /** Runs {@code r} (on the thread that stopped the board) each time every actuator and the heater reach zero. */
    public void onZero(Runnable r) {
        zeroListeners.add(r);
    }

    // ----------------------------------------------------------------- requests

    /** Answers one decoded request; returns the reply to send. */
    public synchronized DeviceMessage handle(Request request) {
        return handle(request, () -> true);
    }

    /**
     * Answers one decoded request unless {@code stillValid} (checked under the board's lock) says a
     * real-time stop flushed it meanwhile; then returns null and does nothing.
     */
    synchronized DeviceMessage handle(Request request, java.util.function.BooleanSupplier stillValid) {
        if (!stillValid.getAsBoolean()) {
            return null;
        }
        Operation op = request.operation();
        if (request.isTyped()) {
            if (session) {
                // a fragment of a damaged host line could look typed: never run one out of sequence
                return typedDuringSession();
            }
            if (op instanceof Operation.Hello h && h.protocolVersion() < 1) {
                return unsupported(Request.TYPED);
            }
            return execute(Request.TYPED, op); // a typed HELLO is answered for a person to read; no session opens
        }
        int seq = request.seq();
        feedWatchdog(); // checksum verified, sequence number read: whatever the answer (docs/protocol.md §8)
        if (op instanceof Operation.Hello h) {
            if (h.protocolVersion() < 1) {
                return unsupported(seq); // and no session opens, nor does an open one change
            }
            session = true;
            remembered.clear();
            expected = (seq + 1) % modulus;
            armWatchdog();
            executed.add(op);
            return new DeviceMessage.HelloAck(seq, hello); // not remembered: a resent HELLO is executed again
        }
        return sequenced(seq, () -> execute(seq, op));
    }

    private static DeviceMessage typedDuringSession() {
        return new DeviceMessage.Nak(Request.TYPED, ErrorCode.NO_CHECKSUM,
                "a host session is open; lines need a sequence number and a checksum until it ends");
    }

    private static DeviceMessage unsupported(int seq) {
        return new DeviceMessage.Nak(seq, ErrorCode.UNSUPPORTED_VERSION, "this board speaks version 1");
    }

    /** Answers a request that could not be decoded. */
    public synchronized DeviceMessage refuse(ProtocolException e) {
        return refuse(e, () -> true);
    }

    /** As {@link #handle(Request, java.util.function.BooleanSupplier)}, for a request that could not be decoded. */
    synchronized DeviceMessage refuse(ProtocolException e, java.util.function.BooleanSupplier stillValid) {
        if (!stillValid.getAsBoolean()) {
            return null;
        }
        int seq = e.seq();
        if (e.typedLine() && session) {
            return typedDuringSession();
        }
        if (seq == Request.TYPED || e.code() == ErrorCode.BAD_CHECKSUM || e.code() == ErrorCode.NO_CHECKSUM) {
            // damaged, or no number to hold it by: answered, nothing else (and the watchdog is not fed)
            return new DeviceMessage.Nak(seq, e.code(), e.getMessage());
        }
        feedWatchdog();
        if (e.hello()) {
            return new DeviceMessage.Nak(seq, e.code(), e.getMessage()); // a refused HELLO changes nothing
        }
        // the checksum was good, so the sequence number is real: the refusal consumes it, like an execution
        return sequenced(seq, () -> new DeviceMessage.Nak(seq, e.code(), e.getMessage()));
    }

    private DeviceMessage sequenced(int seq, java.util.function.Supplier<DeviceMessage> action) {
        if (!session) {
            return new DeviceMessage.Nak(seq, ErrorCode.NO_SESSION, "send HELLO first");
        }
        DeviceMessage earlier = remembered.get(seq);
        if (earlier != null) {
            duplicates++;
            return earlier;
        }
        if (expected >= 0 && seq != expected) {
            int behind = Math.floorMod(expected - seq, modulus);
            if (behind > 0 && behind <= modulus / 2) {
                return new DeviceMessage.Nak(seq, ErrorCode.STALE, "answer no longer remembered");
            }
            return new DeviceMessage.Nak(seq, ErrorCode.OUT_OF_ORDER, "expected " + expected);
        }
        expected = (seq + 1) % modulus;
        return remember(seq, action.get());
    }

    private DeviceMessage remember(int seq, DeviceMessage reply) {
        remembered.put(seq, reply);
        if (remembered.size() > REMEMBERED) {
            remembered.remove(remembered.keySet().iterator().next());
        }
        return reply;
    }

    private DeviceMessage execute(int seq, Operation op) {
        if (op instanceof Operation.SetZone z) {
            if (!profile.hasZone(z.zone())) {
                return bad(seq, "zone " + z.zone().id() + " is not on this board (it has " + zoneIds() + ")");
            }
            if (!profile.supports(z.zone(), z.technique())) {
                return bad(seq, "zone " + z.zone().id() + " cannot " + z.technique().id());
            }
            if (z.level() > profile.intensitySteps()) {
                return bad(seq, "level " + z.level() + " is above " + profile.intensitySteps());
            }
            zones.put(z.zone(), new ZoneSetting(z.technique(), z.level()));
        } else if (op instanceof Operation.SetHeat h) {
            if (profile.heat().isEmpty()) {
                return bad(seq, "this board has no heater");
            }
            if (!profile.heat().get().contains(h.celsius())) {
                return bad(seq, "heat " + h.celsius() + " is outside " + profile.heat().get().minCelsius() + "-"
                        + profile.heat().get().maxCelsius());
            }
            if (overTempLockout) {
                return new DeviceMessage.Nak(seq, ErrorCode.OVERTEMP, "heater locked out until it cools below 40.0");
            }
            heatTarget = OptionalInt.of(h.celsius());
        } else if (op instanceof Operation.HeatOff) {
            heatTarget = OptionalInt.empty();
        } else if (op instanceof Operation.StopAll) {
            allOff();
        } else if (op instanceof Operation.QueryStatus) {
            executed.add(op);
            return new DeviceMessage.StatusAck(seq, status());
        } else if (op instanceof Operation.Hello) {
            executed.add(op);
            return new DeviceMessage.HelloAck(seq, hello);
        }
        executed.add(op);
        return new DeviceMessage.Ack(seq);
    }

    private DeviceMessage bad(int seq, String detail) {
        return new DeviceMessage.Nak(seq, ErrorCode.BAD_ARG, detail);
    }

    private String zoneIds() {
        return String.join(",", profile.zones().keySet().stream().map(Zone::id).toList());
    }

    // ----------------------------------------------------------------- the watchdog

    private void feedWatchdog() {
        lastValidNanos = timeline.nanoTime();
    }

    /**
     * One timer per session, set for the deadline the last valid request gives; when it fires early
     * (requests came since) it is set again for the new deadline, so a stream of requests costs no
     * timer churn and a silent host is stopped on time, not at the next 10 ms tick.
     */
    private void armWatchdog() {
        long hb = options.heartbeat().toNanos();
        if (hb > 0 && watchdog == null && running) {
            watchdog = timeline.scheduleAt(lastValidNanos + hb, this::onWatchdog);
        }
    }

    private void onWatchdog() {
        List<DeviceMessage> out = new ArrayList<>();
        boolean zeroed;
        Consumer<DeviceMessage> sink;
        synchronized (this) {
            watchdog = null;
            if (!session || !running) {
                return;
            }
            long deadline = lastValidNanos + options.heartbeat().toNanos();
            if (timeline.nanoTime() - deadline < 0) {
                armWatchdog();
                return;
            }
            session = false; // the host is gone; a person may type again
            zeroed = !isIdle();
            allOffQuietly();
            out.add(new DeviceMessage.Notice(new DeviceEvent.Fault("WATCHDOG",
                    "no request for " + options.heartbeat().toMillis() + " ms; everything stopped")));
            out.add(new DeviceMessage.Notice(new DeviceEvent.StatusReport(status())));
            sink = output;
        }
        if (zeroed) {
            zeroListeners.forEach(Runnable::run);
        }
        out.forEach(sink);
    }

    /** The real-time stop: everything off at once; the next sequenced request starts the count afresh. */
    public void realtimeStop() {
        synchronized (this) {
            stops++;
            // answers stay remembered: a resend of a request executed before the stop is still a duplicate
            expected = -1;
            allOffQuietly();
        }
        zeroListeners.forEach(Runnable::run);
    }

    private void allOff() {
        allOffQuietly();
        zeroListeners.forEach(Runnable::run);
    }

    private void allOffQuietly() {
        zones.replaceAll((z, s) -> new ZoneSetting(s.technique(), 0));
        heatTarget = OptionalInt.empty();
    }

    // ----------------------------------------------------------------- watchdog and heater

    private void scheduleTick() {
        tick = timeline.scheduleAt(timeline.nanoTime() + TICK_NANOS, this::onTick);
    }

    /** The heater's 10 ms tick; scheduled again whatever happens in it, or the cut-off would die with one exception. */
    private void onTick() {
        try {
            heaterTick();
        } finally {
            synchronized (this) {
                if (running) {
                    scheduleTick();
                }
            }
        }
    }

    private void heaterTick() {
        List<DeviceMessage> out = new ArrayList<>();
        Consumer<DeviceMessage> sink;
        synchronized (this) {
            long now = timeline.nanoTime();
            double dt = (now - lastTickNanos) / 1e9;
            lastTickNanos = now;
            if (heatTarget.isPresent() && faults.heaterRunaway()) {
                temperature += RUNAWAY_RATE_PER_S * dt;
            } else {
                double target = heatTarget.isPresent() ? heatTarget.getAsInt() : AMBIENT;
                double step = HEAT_RATE_PER_S * dt;
                temperature += Math.max(-step, Math.min(step, target - temperature));
            }
            if (temperature >= options.cutoffCelsius() && heatTarget.isPresent()) {
                heatTarget = OptionalInt.empty();
                overTempLockout = true;
                out.add(new DeviceMessage.Notice(new DeviceEvent.OverTemperature(Math.round(temperature * 10) / 10.0)));
                out.add(new DeviceMessage.Notice(new DeviceEvent.StatusReport(status()))); // it changed by itself (§5)
            }
            if (overTempLockout && temperature < 40.0) {
                overTempLockout = false;
            }
            sink = output;
        }
        out.forEach(sink);
    }

    /** Stops the tick (the emulator is closing). */
    synchronized void shutdown() {
        running = false;
        if (tick != null) {
            tick.cancel();
            tick = null;
        }
        if (watchdog != null) {
            watchdog.cancel();
            watchdog = null;
        }
    }

    /** Sends a button press, as if someone pressed it on the unit. */
    public void pressButton(String button) {
        Consumer<DeviceMessage> sink;
        synchronized (this) {
            sink = output;
        }
        sink.accept(new DeviceMessage.Notice(new DeviceEvent.ButtonPressed(button)));
    }

    // ----------------------------------------------------------------- state for tests and people

    /** What the board is doing now. */
    public synchronized DeviceStatus status() {
        return new DeviceStatus(zones, heatTarget, OptionalDouble.of(Math.round(temperature * 10) / 10.0));
    }

    /** True when every zone is at 0 and the heater is off. */
    public synchronized boolean isIdle() {
        return heatTarget.isEmpty() && zones.values().stream().allMatch(z -> z.level() == 0);
    }

    /** Every operation executed (not duplicates), in order. */
    public synchronized List<Operation> executed() {
        return List.copyOf(executed);
    }

    /** How many resends were answered from memory instead of executed. */
    public synchronized int duplicates() {
        return duplicates;
    }

    /** Counts a receive-buffer overflow (input was dropped). */
    synchronized void noteOverflow() {
        overflows++;
    }

    /** How many times the receive buffer overflowed and input was lost. */
    public synchronized long overflows() {
        return overflows;
    }

    /** How many real-time stops arrived. */
    public synchronized long realtimeStops() {
        return stops;
    }

    /** The identity the board announces. */
    public DeviceHello hello() {
        return hello;
    }

    /** Forces the temperature, for tests of the cut-off. */
    public synchronized void setTemperature(double celsius) {
        temperature = celsius;
    }

    Technique techniqueOf(Zone zone) {
        return zones.get(zone).technique();
    }
}
