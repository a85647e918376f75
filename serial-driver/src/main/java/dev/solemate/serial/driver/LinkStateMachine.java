package dev.solemate.serial.driver;

import dev.solemate.DeviceDisconnectedException;
import dev.solemate.MassagerException;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceEvent;
import dev.solemate.driver.DeviceInfo;
import dev.solemate.driver.DeviceStatus;
import dev.solemate.driver.ZoneSetting;
import dev.solemate.serial.protocol.DeviceHello;
import dev.solemate.serial.protocol.DeviceMessage;
import dev.solemate.serial.protocol.ErrorCode;
import dev.solemate.serial.protocol.Operation;
import dev.solemate.serial.protocol.Request;
import dev.solemate.serial.protocol.WireProtocol;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host side of docs/protocol.md §6-§11 with no threads, no I/O and no clock of its own (the
 * model is h11 and quinn-proto): it is fed the transport's fate, decoded device messages, caller
 * commands and the time, and answers with bytes to write ({@link #takeBytes}), outputs
 * ({@link #takeOutput}) and the next time it wants to be ticked ({@link #nextDeadline}). One thread
 * runs it; tests run it by hand on a virtual clock.
 *
 * <pre>
 *  OPENING --transport opened--> HANDSHAKE: 0x18, HELLO (again every ack timeout until the connect timeout)
 *            --HELLO answered--> profile, STOP --OK--> READY
 *  READY: requests within the window; PING after hb/3 without a request; stop = 0x18 ahead of all, cancels the rest
 *  READY --transport lost, 3 resends unanswered, NO_SESSION--> DISCONNECTED --every 250 ms--> HANDSHAKE
 *  any --close--> CLOSING: 0x18, up to 1 s for EVT STOPPED --> CLOSED
 * </pre>
 */
final class LinkStateMachine {

    private static final Logger LOG = LoggerFactory.getLogger(LinkStateMachine.class);
    /** How long close waits for the device to confirm its last stop (§11). */
    static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Heartbeat period for a device without a watchdog (hb=0): still a liveness check. */
    static final long NO_WATCHDOG_PING_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** "No deadline". */
    static final long NEVER = Long.MAX_VALUE;

    /** Where the link is in docs/protocol.md §11's host state machine. */
    enum Phase { OPENING, HANDSHAKE, READY, DISCONNECTED, CLOSING, CLOSED }

    private final String name;
    private final WireProtocol protocol;
    private final LinkSettings settings;
    private final long ackNanos;
    private final RequestWindow window;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    private final ArrayDeque<LinkOutput> outputs = new ArrayDeque<>();

    private Phase phase = Phase.OPENING;
    private boolean transportOpen;
    private boolean everConnected;
    private boolean halted;
    private DeviceInfo info;
    private DeviceHello hello;
    private long pingNanos = NO_WATCHDOG_PING_NANOS;
    private long lastRequestAt;
    private long reconnectAt = NEVER;
    private long lastAttemptAt;
    private long closeDeadline = NEVER;
    private long bytesSent;
    private String lastLoss = "";

    private final StopTracker stops;
    /** Request writes so far: a stop byte with none after the one confirmed needs no confirmation of its own. */
    private long requestsWritten;

    LinkStateMachine(String name, LinkSettings settings) {
        this.name = name;
        this.protocol = settings.protocol();
        this.settings = settings;
        this.ackNanos = settings.ackTimeout().toNanos();
        this.window = new RequestWindow(protocol, protocol.maxRequestFrame());
        this.stops = new StopTracker(ackNanos);
    }

    // ------------------------------------------------------------------ what the runner reads

    Phase phase() {
        return phase;
    }

    DeviceInfo info() {
        return info;
    }

    DeviceHello hello() {
        return hello;
    }

    long resends() {
        return window.resends();
    }

    long bytesSent() {
        return bytesSent;
    }

    RequestWindow window() {
        return window;
    }

    /** Bytes to write now, in order, or null. A stop byte is never behind request bytes taken later. */
    byte[] takeBytes() {
        if (bytes.size() == 0) {
            return null;
        }
        byte[] b = bytes.toByteArray();
        bytes.reset();
        return b;
    }

    /** The next output, or null. */
    LinkOutput takeOutput() {
        return outputs.poll();
    }

    /** When {@link #tick} should run next (monotonic nanoseconds), or {@link #NEVER}. */
    long nextDeadline() {
        long d = NEVER;
        if (phase == Phase.CLOSING) {
            return closeDeadline;
        }
        if (phase == Phase.DISCONNECTED) {
            d = reconnectAt;
        }
        if (phase == Phase.HANDSHAKE || phase == Phase.READY) {
            Pending head = window.head();
            if (head != null) {
                d = Math.min(d, head.sentAt + ackNanos);
            }
            d = Math.min(d, stops.deadline());
            if (phase == Phase.READY && !window.hasWaiting()) {
                d = Math.min(d, lastRequestAt + pingNanos);
            }
        }
        return d;
    }

    // ------------------------------------------------------------------ the transport

    /** The runner starts here: the first transport is wanted. */
    void start(long now) {
        lastAttemptAt = now;
        outputs.add(new LinkOutput.OpenTransport());
    }

    void transportOpened(long now) {
        if (phase == Phase.CLOSING || phase == Phase.CLOSED) {
            outputs.add(new LinkOutput.CloseTransport());
            return;
        }
        transportOpen = true;
        beginHandshake(now);
    }

    void transportOpenFailed(String reason, long now) {
        if (phase == Phase.CLOSING || phase == Phase.CLOSED) {
            finishClose();
            return;
        }
        if (!everConnected) {
            connectFailed(new MassagerException(reason));
            return;
        }
        LOG.debug("{}: reconnect attempt failed: {}", name, reason);
        phase = Phase.DISCONNECTED;
        if (!halted && settings.reconnect()) {
            scheduleReconnect(now, false);
        }
    }

    /** The transport broke (end of stream, a failed write, unplugged); it is closed already. */
    void transportLost(String reason, long now) {
        transportOpen = false;
        if (phase == Phase.CLOSING) {
            LOG.warn("{}: the link broke while closing ({}); the last stop is not confirmed", name, reason);
            finishClose();
            return;
        }
        lost(reason, now, false);
    }

    // ------------------------------------------------------------------ callers

    /** A caller's request. The outcome comes out as Completed or Failed with this id. */
    void submit(long id, Operation op, long now) {
        if (halted) {
            fail(id, new MassagerException(describe(op) + " was not sent to " + name
                    + ": the JVM is exiting and the device was stopped"));
        } else if (phase != Phase.READY) {
            fail(id, notConnected());
        } else {
            window.add(new Pending(id, op, Pending.Purpose.CALLER, settings.retries() + 1));
            pump(now);
        }
    }

    /**
     * The real-time stop (§7): 0x18 ahead of everything, every request not yet answered is void (the
     * device flushed its buffer) and fails. Completes with {@code id} when the device confirms.
     */
    void stop(long id, long now) {
        if (phase == Phase.READY) {
            cancelAll("was cancelled by stop() before the device acknowledged it");
            dropUnwrittenRequests();
            stops.newStop();
            sendStopByte(now);
            stops.await(id);
            return;
        }
        if (transportOpen && (phase == Phase.HANDSHAKE || phase == Phase.DISCONNECTED || phase == Phase.CLOSING)) {
            sendStopByte(now); // no session to confirm it, but a board that is there still stops
        }
        fail(id, notConnected());
    }

    /** The JVM is exiting: stop now, then refuse every request and never reconnect. */
    void haltForExit(long id, long now) {
        halted = true;
        reconnectAt = NEVER;
        stop(id, now);
    }

    /** Close: 0x18 whatever the state (§11), then up to 1 s for EVT STOPPED, then the transport goes. */
    void close(long now) {
        if (phase == Phase.CLOSING || phase == Phase.CLOSED) {
            return;
        }
        failAll(new MassagerException(name + " was closed before the device acknowledged this command"));
        phase = Phase.CLOSING;
        if (!transportOpen) {
            if (everConnected) {
                LOG.warn("{}: closed without a stop byte: the port is gone ({}); the board's watchdog is the last line",
                        name, lastLoss);
            }
            finishClose();
            return;
        }
        sendStopByte(now);
        closeDeadline = now + CLOSE_WAIT_NANOS;
    }

    // ------------------------------------------------------------------ time

    void tick(long now) {
        switch (phase) {
            case CLOSING -> {
                if (now >= closeDeadline) {
                    LOG.warn("{}: the device did not confirm the stop within {} ms of closing", name,
                            TimeUnit.NANOSECONDS.toMillis(CLOSE_WAIT_NANOS));
                    finishClose();
                }
                return;
            }
            case DISCONNECTED -> {
                if (now >= reconnectAt) {
                    reconnectAt = NEVER;
                    lastAttemptAt = now;
                    if (transportOpen) {
                        beginHandshake(now);
                    } else {
                        outputs.add(new LinkOutput.OpenTransport());
                    }
                }
                return;
            }
            case HANDSHAKE, READY -> {
                if (now >= stops.deadline()) {
                    stopTimedOut(now);
                    if (phase != Phase.HANDSHAKE && phase != Phase.READY) {
                        return;
                    }
                }
                Pending head = window.head();
                if (head != null && now >= head.sentAt + ackNanos) {
                    goBack("no acknowledgement", true, now);
                    if (phase != Phase.HANDSHAKE && phase != Phase.READY) {
                        return;
                    }
                }
                if (phase == Phase.READY && !window.hasWaiting() && now >= lastRequestAt + pingNanos) {
                    // §8: nothing sent for hb/3; the answer only matters through the resends and their limit
                    window.add(new Pending(-1, new Operation.Ping(), Pending.Purpose.PING, settings.retries() + 1));
                    pump(now);
                }
            }
            default -> {
                // OPENING, CLOSED: waiting for the runner
            }
        }
    }

    // ------------------------------------------------------------------ the device

    void received(DeviceMessage m, long now) {
        if (phase != Phase.HANDSHAKE && phase != Phase.READY && phase != Phase.CLOSING && phase != Phase.DISCONNECTED) {
            return;
        }
        if (m instanceof DeviceMessage.Stopped) {
            stopped(now);
        } else if (phase == Phase.CLOSING || phase == Phase.DISCONNECTED) {
            return; // nothing is waiting for answers
        } else if (m instanceof DeviceMessage.Ack a) {
            answered(a.seq(), null, now);
        } else if (m instanceof DeviceMessage.HelloAck h) {
            answered(h.seq(), h.hello(), now);
        } else if (m instanceof DeviceMessage.StatusAck s) {
            // the listener first, so that a caller woken by the answer finds the state already reported
            outputs.add(new LinkOutput.Notify(new DeviceEvent.StatusReport(s.status())));
            answered(s.seq(), s.status(), now);
        } else if (m instanceof DeviceMessage.Nak n) {
            refused(n, now);
        } else if (m instanceof DeviceMessage.Notice n) {
            outputs.add(new LinkOutput.Notify(n.event()));
        } else if (m instanceof DeviceMessage.Comment c) {
            LOG.debug("{}: device says: {}", name, c.text());
        }
        pump(now);
    }

    private void answered(int seq, Object value, long now) {
        Pending p = window.answered(seq);
        if (p == null) {
            return; // a duplicate answer to a resent request
        }
        switch (p.purpose) {
            case CALLER -> outputs.add(new LinkOutput.Completed(p.id, value));
            case HELLO -> {
                if (value instanceof DeviceHello h) {
                    helloAnswered(h);
                } else {
                    handshakeFailed(new MassagerException(name + " answered HELLO without its identity (an OK with no fields)"), now);
                }
            }
            case HANDSHAKE_STOP -> ready(now);
            default -> {
                // PING, RESTART_HELLO: the answer is all that was needed
            }
        }
    }

    private void refused(DeviceMessage.Nak n, long now) {
        if (n.code() == ErrorCode.NO_SESSION) {
            // the board restarted: the port is fine, the session is not; handshake again on it
            lost("the device restarted (it answered " + n.code() + ")", now, true);
            return;
        }
        if (n.code().retryable()) {
            if (n.seq() != Request.TYPED && window.refusedRetryably(n.seq())) {
                goBack(n.code() + (n.detail().isEmpty() ? "" : " " + n.detail()), false, now);
            }
            return; // others are covered by the acknowledgement timeout
        }
        Pending p = n.seq() == Request.TYPED ? null : window.answered(n.seq());
        if (p == null) {
            LOG.debug("{}: device refused an unknown request: {} {}", name, n.code(), n.detail());
            return;
        }
        MassagerException e = new MassagerException(name + " refused " + p.describe() + ": " + n.code()
                + (n.detail().isEmpty() ? "" : " (" + n.detail() + ")") + " - " + n.code().meaning());
        if (p.purpose == Pending.Purpose.CALLER) {
            outputs.add(new LinkOutput.Failed(p.id, e));
        } else if (phase == Phase.HANDSHAKE) {
            handshakeFailed(e, now);
        } else {
            LOG.warn("{}", e.getMessage());
        }
    }

    private void stopped(long now) {
        StopTracker.Outcome o = stops.stopped();
        if (o.unsolicited()) {
            if (phase == Phase.READY) {
                unsolicitedStop(now);
            }
            return;
        }
        o.confirmed().forEach(id -> outputs.add(new LinkOutput.Completed(id, null)));
        if (o.allConfirmed() && phase == Phase.CLOSING) {
            finishClose();
        }
    }

    /**
     * Line noise turned a byte into 0x18 (§7): the device is at zero, flushed its buffer and takes any
     * number next, possibly one of ours still on the wire. HELLO (always accepted) restarts the count,
     * then what was unanswered goes again as new requests. A request may so run twice, which is
     * harmless: every v1 operation sets state. The listener hears it, so the state shown is the device's.
     */
    private void unsolicitedStop(long now) {
        LOG.warn("{}: the device stopped without being asked (line noise on the real-time stop byte?)", name);
        window.restartWith(new Pending(-1, new Operation.Hello(HelloProfiles.PROTOCOL_VERSION),
                Pending.Purpose.RESTART_HELLO, settings.retries() + 1));
        Map<Zone, ZoneSetting> zones = new EnumMap<>(Zone.class);
        info.profile().zones().forEach((zone, techniques) -> zones.put(zone, new ZoneSetting(techniques.iterator().next(), 0)));
        outputs.add(new LinkOutput.Notify(new DeviceEvent.Fault("UNEXPECTED_STOP",
                "the device stopped without being asked (line noise?); everything is at zero")));
        outputs.add(new LinkOutput.Notify(new DeviceEvent.StatusReport(
                new DeviceStatus(zones, OptionalInt.empty(), OptionalDouble.empty()))));
        pump(now);
    }

    // ------------------------------------------------------------------ handshake

    private void beginHandshake(long now) {
        phase = Phase.HANDSHAKE;
        window.drain();
        window.setCapacity(protocol.maxRequestFrame());
        stops.reset();
        // a real-time stop first: the device drops any half-received line and is at zero at once
        sendStopByte(now);
        int helloTries = (int) Math.max(1, settings.connectTimeout().toNanos() / ackNanos);
        window.add(new Pending(-1, new Operation.Hello(HelloProfiles.PROTOCOL_VERSION), Pending.Purpose.HELLO, helloTries));
        pump(now);
    }

    private void helloAnswered(DeviceHello h) {
        DeviceInfo newInfo;
        try {
            newInfo = new DeviceInfo(HelloProfiles.profileFor(name, h, settings.profile(), protocol.id()),
                    h.firmware(), h.serialNumber());
        } catch (MassagerException e) {
            handshakeFailed(e, lastAttemptAt);
            return;
        }
        if (info != null && !info.serialNumber().equals(h.serialNumber())) {
            LOG.warn("{}: a different device answered after reconnecting (serial number {} instead of {})",
                    name, h.serialNumber(), info.serialNumber());
        }
        hello = h;
        info = newInfo;
        window.setCapacity(h.rxBuffer());
        pingNanos = h.heartbeatMillis() > 0 ? TimeUnit.MILLISECONDS.toNanos(h.heartbeatMillis()) / 3 : NO_WATCHDOG_PING_NANOS;
        window.add(new Pending(-1, new Operation.StopAll(), Pending.Purpose.HANDSHAKE_STOP, settings.retries() + 1));
    }

    private void ready(long now) {
        phase = Phase.READY;
        boolean reconnected = everConnected;
        everConnected = true;
        if (reconnected) {
            LOG.info("{}: reconnected; the device is at zero", name);
        }
        outputs.add(new LinkOutput.Connected(info, hello, reconnected));
    }

    private void handshakeFailed(MassagerException e, long now) {
        if (!everConnected) {
            connectFailed(e);
        } else {
            lost(e.getMessage(), now, true);
        }
    }

    private void connectFailed(MassagerException e) {
        failAll(e);
        outputs.add(new LinkOutput.ConnectFailed(e));
        phase = Phase.CLOSING;
        finishClose();
    }

    // ------------------------------------------------------------------ sending

    private void pump(long now) {
        if (!transportOpen || (phase != Phase.HANDSHAKE && phase != Phase.READY)) {
            return;
        }
        byte[] batch = window.take(now);
        if (batch != null) {
            requestsWritten++;
            bytes.writeBytes(batch);
            bytesSent += batch.length;
            lastRequestAt = now;
        }
    }

    private void goBack(String why, boolean timedOut, long now) {
        Pending head = window.head();
        if (head.attempts >= head.maxAttempts) {
            String message = head.purpose == Pending.Purpose.HELLO && !everConnected
                    ? name + ": no Solemate device answered (expected it to answer the handshake (HELLO) within "
                            + settings.connectTimeout().toMillis() + " ms). Check the port, the baud rate and ?protocol= ("
                            + protocol.id() + ")"
                    : "the device did not acknowledge " + head.describe() + " after " + head.attempts + " tries, "
                            + settings.ackTimeout().toMillis() + " ms apart (last problem: " + why + ")";
            if (phase == Phase.HANDSHAKE) {
                handshakeFailed(new MassagerException(message), now);
            } else {
                lost(message, now, true);
            }
            return;
        }
        LOG.debug("{}: resending {} request(s) from seq {} ({})", name, window.inFlightCount(), head.seq, why);
        window.goBack(timedOut);
        pump(now);
    }

    /** Request bytes not yet taken by the writer are void after a stop: the stop byte must not queue behind them. */
    private void dropUnwrittenRequests() {
        byte[] unwritten = bytes.toByteArray();
        bytes.reset();
        for (byte b : unwritten) {
            if (b == protocol.realtimeStop()) {
                bytes.write(b); // an earlier stop byte stays: its EVT STOPPED is counted on
            }
        }
        bytesSent -= unwritten.length - bytes.size();
    }

    private void sendStopByte(long now) {
        stops.byteSent(now, requestsWritten);
        bytes.write(protocol.realtimeStop());
        bytesSent++;
    }

    private void stopTimedOut(long now) {
        if (!stops.hasWaiters()) {
            stops.forget();
            return;
        }
        if (stops.attempts() > settings.retries()) {
            lost("the device did not confirm the real-time stop after " + stops.attempts() + " tries", now, true);
            return;
        }
        // §7: the 0x18 itself is resent when EVT STOPPED does not come; a waiter counts EVT STOPPEDs, so
        // the answer to either copy completes it
        sendStopByte(now);
    }

    // ------------------------------------------------------------------ losing the link

    /**
     * The link is gone: fail everything, tell the listener, and look for the device again.
     *
     * @param keepTransport true when the port itself is fine (the device restarted or stopped answering):
     *                      the next handshake uses it, and a close can still send the stop byte
     */
    private void lost(String reason, long now, boolean keepTransport) {
        if (phase == Phase.CLOSED || phase == Phase.CLOSING) {
            return;
        }
        boolean wasReady = phase == Phase.READY;
        lastLoss = reason;
        if (!everConnected) {
            connectFailed(new MassagerException("cannot talk to " + name + ": " + reason));
            return;
        }
        if (phase == Phase.DISCONNECTED && !keepTransport) {
            return; // the port of a link already lost went too; nothing else changes
        }
        phase = Phase.DISCONNECTED;
        boolean reconnecting = everConnected && settings.reconnect() && !halted;
        String message = name + " disconnected: " + reason + (reconnecting ? " (reconnecting; the device will be at zero)" : "");
        if (wasReady) {
            LOG.warn("{}", message);
            // listeners hear of the loss before any future fails, so a caller woken by the failure sees it reported
            outputs.add(new LinkOutput.Notify(new DeviceEvent.Disconnected(reason))); // the cause alone: callers name the device
        }
        failStops(name + ": the stop is NOT confirmed: " + reason + ". The board's watchdog is the last line: "
                + watchdogPromise());
        failAll(new DeviceDisconnectedException(message));
        if (!keepTransport && transportOpen) {
            transportOpen = false;
            outputs.add(new LinkOutput.CloseTransport());
        }
        if (reconnecting) {
            scheduleReconnect(now, wasReady);
        }
    }

    /**
     * §11: the first attempt 250 ms after the loss, then one every 250 ms, counted from the start of
     * the attempt before (an attempt that took longer is followed at once).
     */
    private void scheduleReconnect(long now, boolean afterLoss) {
        long interval = settings.reconnectInterval().toNanos();
        reconnectAt = afterLoss ? now + interval : Math.max(now, lastAttemptAt + interval);
    }

    /** What the board's watchdog promises when a stop cannot be confirmed, naming the timeout it announced. */
    String watchdogPromise() {
        if (hello == null) {
            return "no handshake was completed, so its watchdog timeout is unknown";
        }
        return hello.heartbeatMillis() == 0 ? "this board announced no watchdog (hb=0): check that it is at zero"
                : "it stops everything " + hello.heartbeatMillis() + " ms after the last request it received (hb="
                        + hello.heartbeatMillis() + " from its HELLO)";
    }

    private void finishClose() {
        if (phase == Phase.CLOSED) {
            return;
        }
        phase = Phase.CLOSED;
        failStops(name + " was closed before the device confirmed the stop");
        if (transportOpen) {
            transportOpen = false;
            outputs.add(new LinkOutput.CloseTransport());
        }
        outputs.add(new LinkOutput.Closed());
    }

    private void cancelAll(String why) {
        for (Pending p : window.drain()) {
            if (p.purpose == Pending.Purpose.CALLER) {
                outputs.add(new LinkOutput.Failed(p.id, new MassagerException(p.describe() + " " + why)));
            }
        }
    }

    private void failAll(MassagerException e) {
        for (Pending p : window.drain()) {
            if (p.purpose == Pending.Purpose.CALLER) {
                outputs.add(new LinkOutput.Failed(p.id, e));
            }
        }
    }

    private void failStops(String message) {
        for (long id : stops.drainWaiters()) {
            outputs.add(new LinkOutput.Failed(id, new DeviceDisconnectedException(message)));
        }
    }

    private void fail(long id, MassagerException e) {
        outputs.add(new LinkOutput.Failed(id, e));
    }

    private MassagerException notConnected() {
        return switch (phase) {
            case CLOSED, CLOSING -> new MassagerException(name + " is closed");
            default -> new DeviceDisconnectedException(name + " is disconnected"
                    + (everConnected && settings.reconnect() && !halted ? " (waiting for it to come back)" : ""));
        };
    }

    private static String describe(Operation op) {
        return new Pending(0, op, Pending.Purpose.CALLER, 1).describe();
    }
}
