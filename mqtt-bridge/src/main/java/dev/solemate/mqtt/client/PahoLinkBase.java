package dev.solemate.mqtt.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.SocketFactory;
import org.slf4j.Logger;

/**
 * The connection management both Paho links share: our own reconnect loop (exponential backoff
 * with jitter, also for the first connection), resubscription after every connect, the
 * first-connect future, the bounded outbox of publishes, the dispatch thread and closing. A
 * subclass only translates to one Paho client API.
 *
 * @param <M> the Paho message type the subclass publishes
 */
abstract class PahoLinkBase<M> implements MqttLink {

    /** A connection dropped sooner than this after it was made counts as short-lived. */
    private static final long SHORT_LIVED_NANOS = TimeUnit.SECONDS.toNanos(5);

    protected final LinkOptions options;
    private final Logger log;
    /** Paho's reason code for "its own in-flight window is full". */
    private final int windowFullReason;
    private final ExecutorService dispatch;
    private final ScheduledExecutorService timer;
    private final Set<String> filters = new CopyOnWriteArraySet<>();
    private final ConcurrentLinkedDeque<Pending> outbox = new ConcurrentLinkedDeque<>();
    /** Drain requests not yet served: only one thread drains at a time, and never recursively. */
    private final AtomicInteger drainRequests = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Bumped when the connection drops: acks of an older generation no longer count against the limit. */
    private final AtomicInteger generation = new AtomicInteger();
    private final Set<Pending> sentUnacked = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean connecting = new AtomicBoolean();
    private final CompletableFuture<Void> firstConnect = new CompletableFuture<>();
    private volatile LinkListener listener = new LinkListener() {
        @Override
        public void onConnected(boolean reconnect) {
        }

        @Override
        public void onConnectionLost(String cause) {
        }

        @Override
        public void onMessage(InboundMessage message) {
        }
    };
    private volatile boolean connected;
    private volatile boolean everConnected;
    private volatile int attempts;
    private volatile int receiveMaximum = 65535;
    private volatile boolean takenOver;
    /** Why the last connection attempt failed, in words; null after a success. */
    private volatile String lastFailure;
    private String lastLogged;
    private long lastLoggedNanos;
    private volatile long connectedAtNanos;
    private volatile int shortLived;

    private record Pending(OutboundMessage message, CompletableFuture<Void> done) {
    }

    PahoLinkBase(LinkOptions options, Logger log, int windowFullReason) {
        this.options = options;
        this.log = log;
        this.windowFullReason = windowFullReason;
        String name = "solemate-mqtt-" + options.clientId();
        this.dispatch = Executors.newSingleThreadExecutor(r -> daemon(r, name));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, name + "-reconnect"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    // ---- what a subclass translates to its Paho client ----

    /** Starts one connect; the outcome goes to {@link #connectSucceeded()} or {@link #connectFailed}. */
    abstract void startConnect() throws Exception;

    /** Subscribes to {@code filters} (never empty) at QoS 1 and completes {@code done}. */
    abstract void startSubscribe(List<String> filters, CompletableFuture<Void> done) throws Exception;

    abstract M toPahoMessage(OutboundMessage message);

    /** Publishes; {@code settled} gets null once the broker has it, or the error. */
    abstract void startPublish(String topic, M message, Consumer<Throwable> settled) throws Exception;

    /** The broker's or Paho's reason code in {@code error}, or -1. */
    abstract int reasonCode(Throwable error);

    /** Disconnects cleanly if connected, waiting a few seconds at most. */
    abstract void disconnectClient() throws Exception;

    abstract void disconnectClientForcibly() throws Exception;

    abstract void closeClient() throws Exception;

    /** How many publishes may be in flight at once. */
    int inFlightLimit() {
        return Math.min(options.maxInFlight(), receiveMaximum);
    }

    // ---- what a subclass reports back ----

    /** Called on Paho's thread when a connect succeeded. */
    final void connectSucceeded() {
        dispatch.execute(this::onConnectedOnDispatch);
    }

    /** Called on Paho's (or our timer's) thread when a connect failed. */
    final void connectFailed(Throwable e) {
        connecting.set(false);
        onAttemptFailed(e);
    }

    /** The broker's receive maximum from the CONNACK. */
    final void receiveMaximum(int value) {
        receiveMaximum = value;
    }

    /** The broker said another client took over our session: back off fully before the next attempt. */
    final void sessionTakenOver() {
        takenOver = true;
    }

    /** Called on Paho's thread when the connection dropped; hands off to the dispatch thread. */
    final void connectionLost(String cause) {
        dispatch.execute(() -> onLost(cause));
    }

    /** Called on Paho's thread for each message; the listener runs on the dispatch thread. */
    final void messageArrived(InboundMessage in) {
        dispatch.execute(() -> {
            try {
                listener.onMessage(in);
            } catch (RuntimeException e) {
                log.error("handling {} failed", in, e);
            }
        });
    }

    /** Plain or TLS sockets, with Nagle off either way. */
    final SocketFactory socketFactory() {
        return options.usesTls() ? NoDelaySockets.tls(TlsSocketFactories.create(options.tls())) : NoDelaySockets.plain();
    }

    // ---- MqttLink ----

    @Override
    public void setListener(LinkListener newListener) {
        this.listener = Objects.requireNonNull(newListener, "listener");
    }

    @Override
    public String clientId() {
        return options.clientId();
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public CompletableFuture<Void> subscribe(List<String> newFilters) {
        List<String> added = new ArrayList<>();
        for (String f : newFilters) {
            if (filters.add(f)) {
                added.add(f);
            }
        }
        if (!connected || added.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return subscribeNow(added);
    }

    private CompletableFuture<Void> subscribeNow(List<String> list) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (list.isEmpty()) {
            done.complete(null);
            return done;
        }
        try {
            startSubscribe(list, done);
        } catch (Exception e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public CompletableFuture<Void> connect() {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("link " + clientId() + " is closed"));
        }
        scheduleAttempt(0);
        return firstConnect;
    }

    private void scheduleAttempt(long delayMillis) {
        if (closed.get() || !connecting.compareAndSet(false, true)) {
            return;
        }
        try {
            timer.schedule(this::attempt, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shutDown) {
            connecting.set(false);
        }
    }

    private void attempt() {
        if (closed.get()) {
            connecting.set(false);
            return;
        }
        try {
            startConnect();
        } catch (Exception e) {
            connectFailed(e);
        }
    }

    private void onConnectedOnDispatch() {
        boolean reconnect = everConnected;
        connectedAtNanos = System.nanoTime();
        connected = true;
        everConnected = true;
        connecting.set(false);
        lastFailure = null;
        log.info("connected to {} as {}{}", options.serverUri(), clientId(), reconnect ? " (reconnected)" : "");
        try {
            subscribeNow(new ArrayList<>(filters)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("subscribing after connect to {} failed: {}", options.serverUri(), e.toString());
        }
        try {
            listener.onConnected(reconnect);
        } catch (RuntimeException e) {
            log.error("link listener failed on connect", e);
        }
        firstConnect.complete(null);
        drain();
    }

    private void onAttemptFailed(Throwable e) {
        if (closed.get()) {
            return;
        }
        String hostPort = options.serverUri().substring(options.serverUri().indexOf("://") + 3);
        java.util.Optional<String> tlsProblem = TlsDiagnosis.explain(e, hostPort, options.usesTls());
        if (tlsProblem.isPresent()) {
            // Not "not reachable yet": the broker answered and TLS refused it. Retried (a certificate
            // may be renewed, a clock fixed) but said each time, with the cause.
            lastFailure = "TLS: " + tlsProblem.get();
            long delay = backoffMillis();
            logRateLimited("cannot connect to " + options.serverUri() + " as " + clientId() + ": " + lastFailure
                    + "; retrying in " + delay + " ms");
            scheduleAttempt(delay);
            return;
        }
        int reason = reasonCode(e);
        boolean refused = reason == 0x86 || reason == 0x87 || reason == 0x85 || reason == 0x8C
                || reason == 4 || reason == 5;
        if (refused && !everConnected) {
            firstConnect.completeExceptionally(new IllegalStateException("broker " + options.serverUri()
                    + " refused client " + clientId() + ": " + e.getMessage()
                    + " (check username, password and the broker's ACL)", e));
        }
        long delay = backoffMillis();
        lastFailure = describe(e) + (reason > 0 ? " (reason " + reason + ")" : "");
        logRateLimited("cannot connect to " + options.serverUri() + " as " + clientId() + ": " + lastFailure
                + "; retrying in " + delay + " ms");
        scheduleAttempt(delay);
    }

    /** Paho's "Untranslated MqttException" says nothing: the innermost cause does. */
    private static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
        return t == e ? m : e.getMessage() + ": " + m;
    }

    /** The same failure is logged at most once a minute; a new one at once. */
    private synchronized void logRateLimited(String message) {
        long now = System.nanoTime();
        String withoutDelay = message.replaceAll("; retrying in \\d+ ms$", "");
        if (!withoutDelay.equals(lastLogged) || now - lastLoggedNanos >= TimeUnit.MINUTES.toNanos(1)) {
            lastLogged = withoutDelay;
            lastLoggedNanos = now;
            log.warn("{}", message);
        } else {
            log.debug("{}", message);
        }
    }

    @Override
    public java.util.Optional<String> lastFailure() {
        return connected ? java.util.Optional.empty() : java.util.Optional.ofNullable(lastFailure);
    }

    /** Doubles from the minimum to the maximum delay; the jitter keeps many bridges from reconnecting in step. */
    private long backoffMillis() {
        if (takenOver) {
            takenOver = false;
            return options.reconnectMax().toMillis();
        }
        int n = Math.min(attempts++, 20);
        long max = options.reconnectMax().toMillis();
        long base = Math.min(max, options.reconnectMin().toMillis() << Math.min(n, 16));
        return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    }

    private void onLost(String cause) {
        if (!connected) {
            return;
        }
        connected = false;
        abandonInFlight(cause);
        log.warn("lost connection to {}: {}", options.serverUri(), cause);
        if (System.nanoTime() - connectedAtNanos < SHORT_LIVED_NANOS) {
            // Thrown off right after connecting, again: the classic sign of a second client with our id
            // (Mosquitto just closes the socket; MQTT 5 brokers may say 0x8E). Back off fully instead of
            // taking the id back at once, which would throw the other one off in an endless loop.
            if (++shortLived >= 2 && !takenOver) {
                takenOver = true;
                log.error("the connection to {} dropped {} times right after connecting: is another client using "
                        + "client id '{}'? Give every bridge its own client_id (or leave it unset for a unique one). "
                        + "Retrying in {} s", options.serverUri(), shortLived, clientId(), options.reconnectMax().toSeconds());
            }
        } else {
            shortLived = 0;
            attempts = 0;
        }
        try {
            listener.onConnectionLost(cause);
        } catch (RuntimeException e) {
            log.error("link listener failed on connection loss", e);
        }
        drain();
        scheduleAttempt(backoffMillis());
    }

    @Override
    public CompletableFuture<Void> publish(OutboundMessage message) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed.get()) {
            done.completeExceptionally(new IllegalStateException("link " + clientId() + " is closed"));
            return done;
        }
        outbox.add(new Pending(message, done));
        drain();
        return done;
    }

    private void drain() {
        if (drainRequests.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        while (true) {
            drainOnce();
            missed = drainRequests.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private void drainOnce() {
        while (true) {
            int current = inFlight.get();
            if (current >= inFlightLimit()) {
                return;
            }
            if (!inFlight.compareAndSet(current, current + 1)) {
                continue;
            }
            Pending p = outbox.poll();
            if (p == null) {
                inFlight.decrementAndGet();
                if (outbox.isEmpty()) {
                    return;
                }
                continue;
            }
            send(p);
        }
    }

    private void send(Pending p) {
        if (!connected) {
            inFlight.decrementAndGet();
            p.done().completeExceptionally(new IllegalStateException("not connected to " + options.serverUri()));
            return;
        }
        OutboundMessage m = p.message();
        M msg = toPahoMessage(m);
        int gen = generation.get();
        sentUnacked.add(p);
        try {
            startPublish(m.topic(), msg, error -> settle(p, gen, error));
        } catch (Exception e) {
            if (reasonCode(e) == windowFullReason && sentUnacked.remove(p)) {
                // Paho's own window is full after all: put it back and wait for the next ack.
                if (gen == generation.get()) {
                    inFlight.decrementAndGet();
                }
                outbox.addFirst(p);
                return;
            }
            settle(p, gen, e);
        }
    }

    private void settle(Pending p, int gen, Throwable error) {
        if (sentUnacked.remove(p) && gen == generation.get()) {
            inFlight.decrementAndGet();
        }
        if (error == null) {
            p.done().complete(null);
        } else {
            p.done().completeExceptionally(error);
        }
        drain();
    }

    /** Publishes in flight when the link dropped may never be acked: fail them and free their slots. */
    private void abandonInFlight(String cause) {
        generation.incrementAndGet();
        inFlight.set(0);
        for (Pending p : sentUnacked) {
            if (sentUnacked.remove(p)) {
                p.done().completeExceptionally(new IllegalStateException("connection lost: " + cause));
            }
        }
    }

    @Override
    public void close(List<OutboundMessage> lastWords) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        timer.shutdownNow();
        if (connected) {
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            for (OutboundMessage m : lastWords) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                outbox.add(new Pending(m, done));
                sent.add(done);
            }
            drain();
            try {
                CompletableFuture.allOf(sent.toArray(new CompletableFuture<?>[0])).get(3, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("last messages to {} not confirmed: {}", options.serverUri(), e.toString());
            }
        }
        connected = false;
        try {
            disconnectClient();
        } catch (Exception e) {
            log.debug("disconnect from {}: {}", options.serverUri(), e.toString());
            try {
                disconnectClientForcibly();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
        try {
            closeClient();
        } catch (Exception e) {
            log.debug("close of {}: {}", clientId(), e.toString());
        }
        Pending p;
        while ((p = outbox.poll()) != null) {
            p.done().completeExceptionally(new IllegalStateException("link " + clientId() + " closed"));
        }
        firstConnect.completeExceptionally(new IllegalStateException("link " + clientId() + " closed"));
        dispatch.shutdown();
        try {
            dispatch.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
