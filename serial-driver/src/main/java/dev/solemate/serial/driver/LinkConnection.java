package dev.solemate.serial.driver;

import dev.solemate.DeviceDisconnectedException;
import dev.solemate.MassagerException;
import dev.solemate.device.DeviceProfile;
import dev.solemate.device.DeviceProfiles;
import dev.solemate.driver.DeviceCommand;
import dev.solemate.driver.DeviceConnection;
import dev.solemate.driver.DeviceEvent;
import dev.solemate.driver.DeviceInfo;
import dev.solemate.serial.protocol.DeviceHello;
import dev.solemate.serial.protocol.DeviceMessage;
import dev.solemate.serial.protocol.ErrorCode;
import dev.solemate.serial.protocol.FrameDecoder;
import dev.solemate.serial.protocol.FrameSink;
import dev.solemate.serial.protocol.Operation;
import dev.solemate.serial.protocol.ProtocolException;
import dev.solemate.serial.protocol.Request;
import dev.solemate.serial.protocol.WireProtocol;
import dev.solemate.serial.transport.Transport;
import dev.solemate.serial.transport.TransportOpener;
import dev.solemate.time.Timeline;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection logic the serial and TCP drivers share, for any {@link WireProtocol} over any
 * {@link Transport}: handshake, sequence numbers, acknowledgement timeouts with go-back-N resends,
 * a character-counting window against the device's receive buffer, heartbeats, the real-time stop,
 * loss detection and reconnection (to zero; nothing resumes).
 *
 * <p>Threads: callers enqueue from any thread; the transport's reading thread delivers replies; the
 * timeline's thread fires timeouts and heartbeats; one worker thread makes reconnection attempts.
 * All state is guarded by one lock, held while a frame is written so that a real-time stop never
 * lands inside a frame. Futures complete and the listener is called in order and never on a caller's
 * thread: on the transport's reading thread when it brings the answer and nothing else is being
 * delivered, otherwise on the link's own event thread ({@code solemate-link-events-<name>}); see
 * {@link OrderedDelivery}.
 */
public final class LinkConnection implements DeviceConnection {

    private static final Logger LOG = LoggerFactory.getLogger(LinkConnection.class);
    /**
     * Never more requests in flight than a device remembers answers for (16, docs/protocol.md §6): a
     * device executes in order, so any unanswered request is among its last 16 answers.
     */
    static final int MAX_IN_FLIGHT = 16;
    private static final int PROTOCOL_VERSION = 1;

    private enum State { CONNECTING, READY, DISCONNECTED, CLOSED }

    private final String name;
    private final TransportOpener opener;
    private final WireProtocol protocol;
    private final LinkSettings settings;
    private final Timeline timeline;
    private final long ackNanos;
    private final ExecutorService worker;
    private final ExecutorService events;
    private final OrderedDelivery delivery;
    private final Object lock = new Object();
    private final List<Runnable> deferred = new ArrayList<>();

    // guarded by lock
    private State state = State.CONNECTING;
    private boolean everConnected;
    private Transport transport;
    private int generation;
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
    private int bytesInFlight;
    private int nextSeq;
    private int window;
    private long pingNanos = TimeUnit.SECONDS.toNanos(1);
    private long lastSentNanos;
    private Timeline.Cancellable ackTimer;
    private Timeline.Cancellable stopTimer;
    private Timeline.Cancellable pingTimer;
    private final List<CompletableFuture<Void>> stopWaiters = new ArrayList<>();
    private int stopAttempts;
    private int stopBytesUnanswered;
    private DeviceInfo info;
    private DeviceHello hello;
    private long resends;
    private long bytesSent;
    private boolean reconnectScheduled;

    private volatile Listener listener = event -> { };
    /** Set when the JVM exits: only stops go out from then on. */
    private volatile boolean halted;

    private LinkConnection(String name, TransportOpener opener, LinkSettings settings, Timeline timeline) {
        this.name = name;
        this.opener = opener;
        this.protocol = settings.protocol();
        this.settings = settings;
        this.timeline = timeline;
        this.ackNanos = settings.ackTimeout().toNanos();
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "solemate-link-" + name);
            t.setDaemon(true);
            return t;
        });
        this.events = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "solemate-link-events-" + name);
            t.setDaemon(true);
            return t;
        });
        this.delivery = new OrderedDelivery(events,
                e -> LOG.error("{}: a listener or callback threw: {}", name, e.toString(), e));
    }

    /**
     * Opens the link, performs the handshake and brings the device to zero.
     *
     * @param name what the user calls the device, e.g. {@code serial:/dev/ttyUSB0}, for messages
     * @throws MassagerException saying why the device could not be reached and what to do
     */
    public static LinkConnection open(String name, TransportOpener opener, LinkSettings settings, Timeline timeline) {
        LinkConnection c = new LinkConnection(name, opener, settings, timeline);
        try {
            c.establish();
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    // ------------------------------------------------------------------ public API

    @Override
    public DeviceInfo info() {
        synchronized (lock) {
            return info;
        }
    }

    /** What the device said in its last handshake. */
    public DeviceHello hello() {
        synchronized (lock) {
            return hello;
        }
    }

    /** How many requests were sent again after a missing or damaged acknowledgement. */
    public long resends() {
        synchronized (lock) {
            return resends;
        }
    }

    /** Bytes written to the device so far (requests, resends, stop bytes; not the handshake's first stop). */
    public long bytesSent() {
        synchronized (lock) {
            return bytesSent;
        }
    }

    /** True while the device answers (not lost, not closed). */
    public boolean isConnected() {
        synchronized (lock) {
            return state == State.READY;
        }
    }

    @Override
    public CompletableFuture<Void> send(DeviceCommand command) {
        return enqueue(Operation.of(command), false).thenApply(v -> null);
    }

    /** Sends any operation (e.g. a status query) and completes with its answer's value, or null. */
    public CompletableFuture<Object> request(Operation operation) {
        return enqueue(operation, false);
    }

    @Override
    public CompletableFuture<Void> stopAll() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (lock) {
            if (state != State.READY) {
                done.completeExceptionally(notConnected());
            } else {
                cancelQueued("was cancelled by stop() before the device acknowledged it");
                stopWaiters.add(done);
                stopAttempts = 0;
                sendStopByte();
            }
        }
        runDeferred();
        return done;
    }

    /**
     * For the JVM's exit: stops the device at once and refuses every later command but a stop, so that
     * nothing still running (a routine's next step) raises the device between the stop and the end.
     */
    CompletableFuture<Void> haltForExit() {
        halted = true;
        return stopAll();
    }

    /** What the board's watchdog promises when a stop cannot be confirmed, with the timeout it announced. */
    String watchdogPromise() {
        DeviceHello h = hello();
        if (h == null) {
            return "no handshake was completed, so its watchdog timeout is unknown";
        }
        return h.heartbeatMillis() == 0 ? "this board announced no watchdog (hb=0): check it is at zero"
                : "it stops everything " + h.heartbeatMillis() + " ms after the last request it received (hb="
                        + h.heartbeatMillis() + " from its HELLO)";
    }

    @Override
    public void setListener(Listener listener) {
        this.listener = listener == null ? event -> { } : listener;
    }

    @Override
    public void close() {
        boolean ready;
        synchronized (lock) {
            ready = state == State.READY;
        }
        if (ready) {
            try {
                stopAll().get(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("{}: the device did not confirm the stop before closing: {}", name, e.toString());
            }
        }
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            generation++;
            cancelTimers();
            if (pingTimer != null) {
                pingTimer.cancel();
            }
            failAll(new MassagerException(name + " was closed before the device acknowledged this command"));
            Transport t = transport;
            transport = null;
            if (t != null) {
                deferred.add(t::close);
            }
        }
        runDeferred();
        ExitStops.untrack(this);
        worker.shutdownNow();
        events.shutdown(); // what is queued (the last failures) is still delivered
    }

    @Override
    public String toString() {
        return "LinkConnection[" + name + ", " + protocol.id() + "]";
    }

    // ------------------------------------------------------------------ connecting

    /** Opens a transport, says HELLO, stops the device; blocks the calling thread. */
    private void establish() {
        Transport t = opener.open();
        int gen;
        synchronized (lock) {
            if (state == State.CLOSED) {
                t.close();
                throw new MassagerException(name + " was closed");
            }
            state = State.CONNECTING;
            transport = t;
            gen = ++generation;
            window = protocol.maxRequestFrame();
            bytesInFlight = 0;
        }
        FrameDecoder decoder = protocol.framing().newDecoder(protocol.maxReplyFrame());
        t.start(new Transport.Receiver() {
            private final List<byte[]> frames = new ArrayList<>();
            private final FrameSink sink = frames::add;

            @Override
            public void onBytes(byte[] buffer, int length) {
                decoder.feed(buffer, 0, length, sink);
                if (!frames.isEmpty()) {
                    onFrames(gen, frames);
                    frames.clear();
                }
            }

            @Override
            public void onClosed(String reason) {
                linkLost(gen, reason);
            }
        });
        try {
            // A real-time stop first: the device drops any half-received line and is at zero at once.
            synchronized (lock) {
                stopBytesUnanswered = 1;
            }
            t.write(new byte[] {protocol.realtimeStop()});
            int helloTries = (int) Math.max(1, settings.connectTimeout().toNanos() / ackNanos);
            DeviceHello h = (DeviceHello) await(enqueue(new Operation.Hello(PROTOCOL_VERSION), true, helloTries),
                    "answer the handshake (HELLO)");
            DeviceInfo newInfo = new DeviceInfo(profileFor(h), h.firmware(), h.serialNumber());
            synchronized (lock) {
                if (info != null && !info.serialNumber().equals(h.serialNumber())) {
                    LOG.warn("{}: a different device answered after reconnecting (serial number {} instead of {})",
                            name, h.serialNumber(), info.serialNumber());
                }
                hello = h;
                info = info == null ? newInfo : info;
                window = h.rxBuffer();
                pingNanos = TimeUnit.MILLISECONDS.toNanos(h.heartbeatMillis() > 0 ? Math.max(20, h.heartbeatMillis() / 3) : 1000);
            }
            await(enqueue(new Operation.StopAll(), true, settings.retries() + 1), "confirm it is at zero (STOP)");
        } catch (IOException e) {
            linkLost(gen, "writing to " + t.describe() + " failed: " + e.getMessage());
            throw new MassagerException("cannot talk to " + name + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            linkLost(gen, e.getMessage());
            throw e;
        }
        boolean reconnected;
        synchronized (lock) {
            if (gen != generation) {
                throw new DeviceDisconnectedException(name + " was lost during the handshake");
            }
            reconnected = everConnected;
            everConnected = true;
            state = State.READY;
            schedulePing();
        }
        if (reconnected) {
            LOG.info("{}: reconnected; the device is at zero", name);
            synchronized (lock) {
                Listener l = listener;
                DeviceInfo found = info;
                deferred.add(() -> l.onEvent(new DeviceEvent.Reconnected(found)));
            }
            runDeferred();
        }
    }

    private Object await(CompletableFuture<Object> future, String what) {
        // the future fails by itself through the timeline's timeouts; this wall-clock bound only guards a stalled timeline
        long bound = settings.connectTimeout().toMillis() * 2 + settings.ackTimeout().toMillis() * (settings.retries() + 2);
        try {
            return future.get(bound, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MassagerException("interrupted while waiting for " + name, e);
        } catch (TimeoutException e) {
            throw new MassagerException(name + ": no device answered within " + bound + " ms (expected it to " + what
                    + "); check the port, the baud rate and ?protocol= (" + protocol.id() + ")");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DeviceDisconnectedException d && d.getMessage().contains("did not acknowledge")) {
                throw new MassagerException(name + ": no Solemate device answered (expected it to " + what + " within "
                        + settings.connectTimeout().toMillis() + " ms). Check the port, the baud rate and ?protocol= ("
                        + protocol.id() + ")", cause);
            }
            if (cause instanceof MassagerException m) {
                throw new MassagerException(name + ": the device did not " + what + ": " + m.getMessage(), m);
            }
            throw new MassagerException(name + ": the device did not " + what + ": " + cause, cause);
        }
    }

    private DeviceProfile profileFor(DeviceHello h) {
        if (h.protocolVersion() != PROTOCOL_VERSION) {
            throw new MassagerException(name + " speaks protocol v" + h.protocolVersion() + "; this version of Solemate speaks v"
                    + PROTOCOL_VERSION + " (update Solemate or the firmware)");
        }
        if (settings.profile().isPresent()) {
            return settings.profile().get();
        }
        if (h.capabilities().isPresent()) {
            String id = h.profileId().orElse(h.model());
            return h.capabilities().get().toProfile(id, h.model() + " (firmware " + h.firmware() + ")", protocol.id());
        }
        if (h.profileId().isPresent() && DeviceProfiles.builtIn().containsKey(h.profileId().get())) {
            return DeviceProfiles.builtIn(h.profileId().get());
        }
        throw new MassagerException(name + " (model " + h.model() + ") reports no capabilities and profile '"
                + h.profileId().orElse("") + "' is not built in; add ?profile=<id or file.json> to the URI (built in: "
                + String.join(", ", DeviceProfiles.builtIn().keySet()) + ")");
    }

    // ------------------------------------------------------------------ sending

    private CompletableFuture<Object> enqueue(Operation op, boolean internal) {
        return enqueue(op, internal, settings.retries() + 1);
    }

    private CompletableFuture<Object> enqueue(Operation op, boolean internal, int maxAttempts) {
        CompletableFuture<Object> future = new CompletableFuture<>();
        synchronized (lock) {
            if (halted && !internal) {
                future.completeExceptionally(new MassagerException(describe(op) + " was not sent to " + name
                        + ": the JVM is exiting and the device was stopped"));
            } else if (state == State.CLOSED || state == State.DISCONNECTED || (!internal && state != State.READY)) {
                future.completeExceptionally(notConnected());
            } else {
                waiting.add(new Pending(op, future, maxAttempts));
                pump();
            }
        }
        runDeferred();
        return future;
    }

    /** Puts waiting requests on the wire while the window allows, in one write. Holds the lock. */
    private void pump() {
        java.io.ByteArrayOutputStream batch = null;
        long deadline = timeline.nanoTime() + ackNanos;
        while (!waiting.isEmpty() && transport != null) {
            Pending p = waiting.peek();
            // the number is taken only when the request goes out, so whatever is put ahead of it meanwhile
            // (a HELLO after an unexpected stop) still comes first in sequence order
            byte[] wire = protocol.wireRequest(new Request(nextSeq, p.operation));
            if (!inFlight.isEmpty() && (inFlight.size() >= MAX_IN_FLIGHT || bytesInFlight + wire.length > window)) {
                break;
            }
            waiting.poll();
            p.seq = nextSeq;
            p.wire = wire;
            nextSeq = (nextSeq + 1) % protocol.sequenceModulus();
            p.attempts = 1;
            p.deadline = deadline;
            inFlight.add(p);
            bytesInFlight += wire.length;
            if (batch == null) {
                batch = new java.io.ByteArrayOutputStream(window);
            }
            batch.writeBytes(wire);
        }
        if (batch != null && !write(batch.toByteArray())) {
            return; // the link is lost; what was just put in flight has failed with it
        }
        armAckTimer();
    }

    /** Writes under the lock; on failure the link is lost. */
    private boolean write(byte[] bytes) {
        Transport t = transport;
        if (t == null) {
            return false;
        }
        try {
            t.write(bytes);
            bytesSent += bytes.length;
            lastSentNanos = timeline.nanoTime();
            return true;
        } catch (IOException e) {
            lostLocked("writing to " + t.describe() + " failed: " + e.getMessage());
            return false;
        }
    }

    /**
     * Makes sure a timer will look at the oldest unanswered request by its deadline. Deadlines only
     * move later, so an armed timer is kept (it re-arms itself if it fires early): rescheduling on
     * every send and answer would wake the timeline thread each time.
     */
    private void armAckTimer() {
        Pending head = inFlight.peek();
        if (head != null && ackTimer == null) {
            int gen = generation;
            ackTimer = timeline.scheduleAt(head.deadline, () -> onAckTimeout(gen));
        }
    }

    private void onAckTimeout(int gen) {
        synchronized (lock) {
            if (gen != generation) {
                return;
            }
            ackTimer = null;
            if (inFlight.isEmpty()) {
                return;
            }
            if (timeline.nanoTime() < inFlight.peek().deadline) {
                armAckTimer();
            } else {
                goBack("no acknowledgement");
            }
        }
        runDeferred();
    }

    /** Sends every unacknowledged request again, in order (go-back-N). Holds the lock. */
    private void goBack(String why) {
        Pending head = inFlight.peek();
        if (head.attempts >= head.maxAttempts) {
            lostLocked("the device did not acknowledge " + describe(head.operation) + " after " + head.attempts
                    + " tries, " + settings.ackTimeout().toMillis() + " ms apart (last problem: " + why + ")");
            return;
        }
        LOG.debug("{}: resending {} request(s) from seq {} ({})", name, inFlight.size(), head.seq, why);
        long deadline = timeline.nanoTime() + ackNanos;
        java.io.ByteArrayOutputStream batch = new java.io.ByteArrayOutputStream(bytesInFlight);
        for (Pending p : inFlight) {
            batch.writeBytes(p.wire);
            p.attempts++;
            p.deadline = deadline;
            resends++;
        }
        if (write(batch.toByteArray())) {
            armAckTimer();
        }
    }

    // ------------------------------------------------------------------ the real-time stop

    private void sendStopByte() {
        stopAttempts++;
        if (!write(new byte[] {protocol.realtimeStop()})) {
            return;
        }
        stopBytesUnanswered++;
        if (stopTimer != null) {
            stopTimer.cancel();
        }
        int gen = generation;
        stopTimer = timeline.scheduleAt(timeline.nanoTime() + ackNanos, () -> onStopTimeout(gen));
    }

    private void onStopTimeout(int gen) {
        synchronized (lock) {
            if (gen != generation || stopWaiters.isEmpty()) {
                return;
            }
            if (stopAttempts > settings.retries()) {
                lostLocked("the device did not confirm the real-time stop after " + stopAttempts + " tries");
            } else {
                sendStopByte();
            }
        }
        runDeferred();
    }

    /** Fails queued and in-flight requests: the device flushed its input on the stop. Holds the lock. */
    private void cancelQueued(String why) {
        for (Pending p : drainPending()) {
            MassagerException e = new MassagerException(describe(p.operation) + " " + why);
            deferred.add(() -> p.future.completeExceptionally(e));
        }
    }

    // ------------------------------------------------------------------ receiving

    /** Everything one read brought, handled under one lock, then the window refilled in one write. */
    private void onFrames(int gen, List<byte[]> frames) {
        List<DeviceMessage> messages = new ArrayList<>(frames.size());
        for (byte[] frame : frames) {
            try {
                messages.add(protocol.codec().decodeReply(frame));
            } catch (ProtocolException e) {
                LOG.debug("{}: ignored a damaged reply: {}", name, e.getMessage());
            }
        }
        synchronized (lock) {
            if (gen != generation) {
                return;
            }
            for (DeviceMessage m : messages) {
                handle(m);
                if (gen != generation) {
                    break; // the link was lost while handling
                }
            }
            if (gen == generation) {
                pump();
            }
        }
        runDeferred(true);
    }

    private void handle(DeviceMessage m) {
        if (m instanceof DeviceMessage.Ack a) {
            acknowledged(a.seq(), null);
        } else if (m instanceof DeviceMessage.HelloAck h) {
            acknowledged(h.seq(), h.hello());
        } else if (m instanceof DeviceMessage.StatusAck s) {
            // the listener first, so a caller woken by the answer finds the state already reported
            Listener l = listener;
            deferred.add(() -> l.onEvent(new DeviceEvent.StatusReport(s.status())));
            acknowledged(s.seq(), s.status());
        } else if (m instanceof DeviceMessage.Nak n) {
            refused(n);
        } else if (m instanceof DeviceMessage.Notice n) {
            Listener l = listener;
            deferred.add(() -> l.onEvent(n.event()));
        } else if (m instanceof DeviceMessage.Stopped) {
            if (stopBytesUnanswered == 0 && state == State.READY) {
                unsolicitedStop();
                return;
            }
            stopBytesUnanswered = Math.max(0, stopBytesUnanswered - 1);
            if (stopTimer != null) {
                stopTimer.cancel();
                stopTimer = null;
            }
            List<CompletableFuture<Void>> done = new ArrayList<>(stopWaiters);
            stopWaiters.clear();
            deferred.add(() -> done.forEach(f -> f.complete(null)));
        } else if (m instanceof DeviceMessage.Comment c) {
            LOG.debug("{}: device says: {}", name, c.text());
        }
    }

    /**
     * The device stopped without being asked: line noise turned a byte into the real-time stop. It is
     * at zero, dropped what it had buffered and takes any sequence number next - possibly one of ours
     * that was still on the wire. So a HELLO (always accepted) restarts the count, and what was in flight
     * goes out again after it as new requests, in order, ahead of the queue. A request that arrived
     * after the stop may run twice, which is harmless because every v1 operation sets state. The
     * listener hears it so that the state shown is the device's.
     */
    private void unsolicitedStop() {
        LOG.warn("{}: the device stopped without being asked (line noise on the real-time stop byte?)", name);
        List<Pending> again = new ArrayList<>(inFlight);
        inFlight.clear();
        bytesInFlight = 0;
        for (int i = again.size() - 1; i >= 0; i--) {
            Pending p = again.get(i);
            p.wire = null;
            p.seq = -1;
            p.attempts = 0;
            waiting.addFirst(p);
        }
        waiting.addFirst(new Pending(new Operation.Hello(PROTOCOL_VERSION), new CompletableFuture<>(), settings.retries() + 1));
        pump();
        java.util.Map<dev.solemate.device.Zone, dev.solemate.driver.ZoneSetting> zones =
                new java.util.EnumMap<>(dev.solemate.device.Zone.class);
        info.profile().zones().forEach((zone, techniques) ->
                zones.put(zone, new dev.solemate.driver.ZoneSetting(techniques.iterator().next(), 0)));
        dev.solemate.driver.DeviceStatus zero = new dev.solemate.driver.DeviceStatus(zones,
                java.util.OptionalInt.empty(), java.util.OptionalDouble.empty());
        Listener l = listener;
        deferred.add(() -> l.onEvent(new DeviceEvent.Fault("UNEXPECTED_STOP",
                "the device stopped without being asked (line noise?); everything is at zero")));
        deferred.add(() -> l.onEvent(new DeviceEvent.StatusReport(zero)));
    }

    private void acknowledged(int seq, Object value) {
        Pending p = removeInFlight(seq);
        if (p == null) {
            return; // a duplicate acknowledgement of a resent request
        }
        deferred.add(() -> p.future.complete(value));
    }

    private void refused(DeviceMessage.Nak n) {
        Pending head = inFlight.peek();
        if (n.code() == ErrorCode.NO_SESSION) {
            lostLocked("the device restarted (it answered " + n.code() + ")");
            return;
        }
        if (n.code().retryable()) {
            if (head != null && head.seq == n.seq()) {
                goBack(n.code() + " " + n.detail());
            }
            return; // others are covered by the acknowledgement timeout
        }
        Pending p = n.seq() == Request.TYPED ? null : removeInFlight(n.seq());
        if (p == null) {
            LOG.debug("{}: device refused an unknown request: {} {}", name, n.code(), n.detail());
            return;
        }
        MassagerException e = new MassagerException(name + " refused " + describe(p.operation) + ": " + n.code()
                + (n.detail().isEmpty() ? "" : " (" + n.detail() + ")") + " - " + n.code().meaning());
        deferred.add(() -> p.future.completeExceptionally(e));
    }

    private Pending removeInFlight(int seq) {
        for (Iterator<Pending> it = inFlight.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.seq == seq) {
                it.remove();
                bytesInFlight -= p.wire.length;
                return p;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ heartbeat

    private void schedulePing() {
        if (pingTimer != null) {
            pingTimer.cancel();
        }
        int gen = generation;
        pingTimer = timeline.scheduleAt(timeline.nanoTime() + pingNanos, () -> onPing(gen));
    }

    private void onPing(int gen) {
        synchronized (lock) {
            if (gen != generation || state != State.READY) {
                return;
            }
            if (timeline.nanoTime() - lastSentNanos >= pingNanos * 9 / 10 && waiting.isEmpty()) {
                // failures are handled where they happen (an unacknowledged ping loses the link)
                waiting.add(new Pending(new Operation.Ping(), new CompletableFuture<>(), settings.retries() + 1));
                pump();
            }
            schedulePing();
        }
        runDeferred();
    }

    // ------------------------------------------------------------------ losing the link

    private void linkLost(int gen, String reason) {
        synchronized (lock) {
            if (gen != generation) {
                return;
            }
            lostLocked(reason);
        }
        runDeferred();
    }

    /** The link is gone: fail everything, tell the listener, start looking for the device. Holds the lock. */
    private void lostLocked(String reason) {
        if (state == State.CLOSED || state == State.DISCONNECTED) {
            return;
        }
        boolean wasReady = state == State.READY;
        state = State.DISCONNECTED;
        generation++;
        cancelTimers();
        String message = name + " disconnected: " + reason
                + (everConnected && settings.reconnect() ? " (reconnecting; the device will be at zero)" : "");
        // listeners hear of the loss before any future fails, so a caller woken by the failure sees it reported
        if (wasReady) {
            LOG.warn("{}", message);
            Listener l = listener;
            deferred.add(() -> l.onEvent(new DeviceEvent.Disconnected(message)));
        }
        failAll(new DeviceDisconnectedException(message));
        Transport t = transport;
        transport = null;
        if (t != null) {
            deferred.add(t::close);
        }
        if (everConnected && settings.reconnect()) {
            scheduleReconnect();
        }
    }

    private void scheduleReconnect() {
        if (reconnectScheduled || state == State.CLOSED) {
            return;
        }
        reconnectScheduled = true;
        timeline.scheduleAt(timeline.nanoTime() + settings.reconnectInterval().toNanos(), () -> {
            try {
                worker.execute(this::reconnectAttempt);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // closed meanwhile
            }
        });
    }

    private void reconnectAttempt() {
        synchronized (lock) {
            reconnectScheduled = false;
            if (state != State.DISCONNECTED) {
                return;
            }
            if (!opener.looksAvailable()) {
                scheduleReconnect();
                return;
            }
        }
        try {
            establish();
        } catch (RuntimeException e) {
            LOG.debug("{}: reconnect attempt failed: {}", name, e.getMessage());
            synchronized (lock) {
                if (state == State.CONNECTING) {
                    lostLocked(e.getMessage());
                } else if (state == State.DISCONNECTED) {
                    scheduleReconnect();
                }
            }
            runDeferred();
        }
    }

    private void cancelTimers() {
        for (Timeline.Cancellable c : new Timeline.Cancellable[] {ackTimer, stopTimer, pingTimer}) {
            if (c != null) {
                c.cancel();
            }
        }
        ackTimer = null;
        stopTimer = null;
        pingTimer = null;
    }

    private void failAll(MassagerException e) {
        for (Pending p : drainPending()) {
            deferred.add(() -> p.future.completeExceptionally(e));
        }
        List<CompletableFuture<Void>> stops = new ArrayList<>(stopWaiters);
        stopWaiters.clear();
        deferred.add(() -> stops.forEach(f -> f.completeExceptionally(e)));
    }

    private List<Pending> drainPending() {
        List<Pending> all = new ArrayList<>(inFlight);
        all.addAll(waiting);
        inFlight.clear();
        waiting.clear();
        bytesInFlight = 0;
        if (ackTimer != null) {
            ackTimer.cancel();
            ackTimer = null;
        }
        return all;
    }

    private MassagerException notConnected() {
        return switch (state) {
            case CLOSED -> new MassagerException(name + " is closed");
            case READY -> new MassagerException(name + " is busy");
            default -> new DeviceDisconnectedException(name + " is disconnected"
                    + (everConnected && settings.reconnect() ? " (waiting for it to come back)" : ""));
        };
    }

    /** Delivers what the last change produced (future completions, listener calls), from a thread other than the reader. */
    private void runDeferred() {
        runDeferred(false);
    }

    /**
     * Delivers what the last change produced, in order, through {@link OrderedDelivery}: never inline
     * on a caller's thread, because the caller may hold its own locks (the safety governor calls
     * {@link #send} under its lock) and a completion runs the caller's callbacks, which may take other
     * locks: inline, that is a lock-order deadlock waiting to happen.
     *
     * @param onReadingThread true on the transport's reading thread, which holds no one's locks
     */
    private void runDeferred(boolean onReadingThread) {
        synchronized (lock) {
            if (deferred.isEmpty()) {
                return;
            }
            delivery.add(deferred);
            deferred.clear();
        }
        delivery.deliver(onReadingThread);
    }

    static String describe(Operation op) {
        if (op instanceof Operation.SetZone z) {
            return "SET " + z.zone().id() + " " + z.technique().id() + " " + z.level();
        } else if (op instanceof Operation.SetHeat h) {
            return "HEAT " + h.celsius();
        } else if (op instanceof Operation.HeatOff) {
            return "HEAT OFF";
        } else if (op instanceof Operation.StopAll) {
            return "STOP";
        } else if (op instanceof Operation.QueryStatus) {
            return "STATUS";
        } else if (op instanceof Operation.Ping) {
            return "PING (heartbeat)";
        }
        return "HELLO";
    }

    /** One request on its way: not yet sent (no wire bytes), or sent and waiting for its answer. */
    private static final class Pending {
        final Operation operation;
        final CompletableFuture<Object> future;
        final int maxAttempts;
        int seq = -1;
        byte[] wire;
        int attempts;
        long deadline;

        Pending(Operation operation, CompletableFuture<Object> future, int maxAttempts) {
            this.operation = operation;
            this.future = future;
            this.maxAttempts = maxAttempts;
        }
    }
}
