package dev.solemate.serial.driver;

import dev.solemate.MassagerException;
import dev.solemate.driver.DeviceCommand;
import dev.solemate.driver.DeviceConnection;
import dev.solemate.driver.DeviceInfo;
import dev.solemate.serial.protocol.DeviceHello;
import dev.solemate.serial.protocol.Operation;
import dev.solemate.serial.protocol.WireProtocol;
import dev.solemate.serial.transport.TransportOpener;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device behind any {@link WireProtocol} over any transport, as the serial and TCP drivers open it:
 * handshake, sequence numbers, go-back-N resends, the window against the device's receive buffer,
 * heartbeats, the real-time stop, loss and reconnection (to zero; nothing resumes).
 *
 * <p>Three parts, each with one job: the protocol is a {@link LinkStateMachine} without threads or
 * I/O; one I/O thread per link ({@code solemate-link-<name>}, {@link LinkRunner}) alone opens, writes
 * and closes the transport and runs the machine; this class is the door. {@link #send} and
 * {@link #stopAll} only enqueue and wake the I/O thread, so no caller's thread, lock or timeline ever
 * writes to a port, and a stop is written ahead of everything waiting. Futures complete and the
 * listener is called in order on the I/O thread, after its writes.
 *
 * <p>The link keeps real time ({@link System#nanoTime()}) whatever timeline the caller uses: its
 * timeouts are the device's.
 */
public final class LinkConnection implements DeviceConnection {

    private static final Logger LOG = LoggerFactory.getLogger(LinkConnection.class);

    private final String name;
    private final WireProtocol protocol;
    private final LinkMailbox mailbox = new LinkMailbox();
    private final LinkRunner runner;
    private final Thread ioThread;
    private final AtomicLong ids = new AtomicLong();
    private final CompletableFuture<DeviceInfo> firstConnection = new CompletableFuture<>();
    private final CountDownLatch ended = new CountDownLatch(1);

    // what the I/O thread publishes for other threads
    private volatile DeviceInfo info;
    private volatile DeviceHello hello;
    private volatile LinkStateMachine.Phase phase = LinkStateMachine.Phase.OPENING;
    private volatile long resends;
    private volatile long bytesSent;
    private volatile Listener listener = event -> { };

    private LinkConnection(String name, TransportOpener opener, LinkSettings settings) {
        this.name = name;
        this.protocol = settings.protocol();
        this.runner = new LinkRunner(name, opener, settings, mailbox, this);
        this.ioThread = new Thread(runner, "solemate-link-" + name);
        ioThread.setDaemon(true);
        mailbox.setOwner(ioThread);
    }

    /**
     * Opens the link, performs the handshake and brings the device to zero; blocks until then.
     *
     * @param name what the user calls the device, e.g. {@code serial:/dev/ttyUSB0}, for messages
     * @throws MassagerException saying why the device could not be reached and what to do
     */
    public static LinkConnection open(String name, TransportOpener opener, LinkSettings settings) {
        LinkConnection c = new LinkConnection(name, opener, settings);
        c.ioThread.start();
        // the machine fails the handshake by itself; this bound only guards against a stalled I/O thread
        long bound = settings.connectTimeout().toMillis() * 2 + settings.ackTimeout().toMillis() * (settings.retries() + 2)
                + 5_000;
        try {
            c.firstConnection.get(bound, TimeUnit.MILLISECONDS);
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c.close();
            throw new MassagerException("interrupted while opening " + name, e);
        } catch (TimeoutException e) {
            c.close();
            throw new MassagerException(name + ": no device answered within " + bound + " ms; check the port, the baud"
                    + " rate and ?protocol= (" + settings.protocol().id() + ")");
        } catch (ExecutionException e) {
            c.close();
            Throwable cause = e.getCause();
            throw cause instanceof MassagerException m ? m : new MassagerException(name + ": " + cause, cause);
        }
    }

    // ------------------------------------------------------------------ public API

    @Override
    public DeviceInfo info() {
        return info;
    }

    /** The watchdog time the board announced in its HELLO ({@code hb=}, 0 = none); unknown before the first handshake. */
    @Override
    public java.util.Optional<java.time.Duration> watchdog() {
        DeviceHello h = hello();
        return h == null ? java.util.Optional.empty() : java.util.Optional.of(java.time.Duration.ofMillis(h.heartbeatMillis()));
    }

    /** What the device said in its last handshake. */
    public DeviceHello hello() {
        return hello;
    }

    /** How many requests were sent again after a missing or damaged acknowledgement. */
    public long resends() {
        return resends;
    }

    /** Bytes written to the device so far (requests, resends and stop bytes). */
    public long bytesSent() {
        return bytesSent;
    }

    /** True while the device answers (not lost, not closed). */
    public boolean isConnected() {
        return phase == LinkStateMachine.Phase.READY;
    }

    @Override
    public CompletableFuture<Void> send(DeviceCommand command) {
        return request(Operation.of(command)).thenApply(v -> null);
    }

    /** Sends any operation (e.g. a status query) and completes with its answer's value, or null. */
    public CompletableFuture<Object> request(Operation operation) {
        CompletableFuture<Object> future = new CompletableFuture<>();
        long id = ids.incrementAndGet();
        runner.register(id, future);
        mailbox.submit(id, operation);
        failIfEnded(id);
        return future;
    }

    @Override
    public CompletableFuture<Void> stopAll() {
        return stop(false);
    }

    /**
     * For the JVM's exit: stops the device at once and refuses every later command but a stop, so that
     * nothing still running (a routine's next step) raises the device between the stop and the end.
     */
    CompletableFuture<Void> haltForExit() {
        return stop(true);
    }

    private CompletableFuture<Void> stop(boolean forExit) {
        CompletableFuture<Object> future = new CompletableFuture<>();
        long id = ids.incrementAndGet();
        runner.register(id, future);
        mailbox.stop(id, forExit);
        failIfEnded(id);
        return future.thenApply(v -> null);
    }

    /** A command enqueued after the I/O thread ended would wait forever: it fails at once instead. */
    private void failIfEnded(long id) {
        if (ended.getCount() == 0) {
            runner.failIfWaiting(id, new MassagerException(name + " is closed"));
        }
    }

    @Override
    public void setListener(Listener listener) {
        this.listener = listener == null ? event -> { } : listener;
    }

    /** Sends the stop byte whatever the state (docs/protocol.md §11), waits up to 1 s for the device's confirmation, closes. */
    @Override
    public void close() {
        mailbox.close();
        try {
            if (Thread.currentThread() != ioThread
                    && !ended.await(TimeUnit.NANOSECONDS.toMillis(LinkStateMachine.CLOSE_WAIT_NANOS) + 4_000, TimeUnit.MILLISECONDS)) {
                LOG.warn("{}: the link's I/O thread did not end within 5 s of close (a write that makes no progress?)", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ExitStops.untrack(this);
    }

    /** What the board's watchdog promises when a stop cannot be confirmed, naming the timeout it announced. */
    String watchdogPromise() {
        DeviceHello h = hello;
        if (h == null) {
            return "no handshake was completed, so its watchdog timeout is unknown";
        }
        return h.heartbeatMillis() == 0 ? "this board announced no watchdog (hb=0): check that it is at zero"
                : "it stops everything " + h.heartbeatMillis() + " ms after the last request it received (hb="
                        + h.heartbeatMillis() + " from its HELLO)";
    }

    @Override
    public String toString() {
        return "LinkConnection[" + name + ", " + protocol.id() + "]";
    }

    // ------------------------------------------------------------------ from the I/O thread

    Listener listener() {
        return listener;
    }

    /**
     * After each turn of the I/O thread, and right after the listener heard of a loss or a reconnect:
     * whoever sees {@link #isConnected()} change finds the listener told, and a future that failed with
     * the loss finds the link lost.
     */
    void publish(LinkStateMachine machine) {
        phase = machine.phase();
        resends = machine.resends();
        bytesSent = machine.bytesSent();
        hello = machine.hello();
    }

    /** Before the listener hears Reconnected: {@link #info()} is the device that answered now. */
    void connected(LinkOutput.Connected c) {
        info = c.info();
        hello = c.hello();
        if (!c.reconnected()) {
            phase = LinkStateMachine.Phase.READY;
        }
        firstConnection.complete(c.info());
    }

    void connectFailed(MassagerException e) {
        firstConnection.completeExceptionally(e);
    }

    void runnerEnded() {
        firstConnection.completeExceptionally(new MassagerException(name + " was closed"));
        ended.countDown();
    }

    static String describe(Operation op) {
        return new Pending(0, op, Pending.Purpose.CALLER, 1).describe();
    }
}
