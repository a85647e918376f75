package dev.solemate.mqtt.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MqttLink} on Eclipse Paho's MQTT 5 client, wrapped so that none of Paho's pitfalls reach
 * us: our own reconnect loop (exponential backoff with jitter, also for the first connection, one
 * client object for the whole life so no threads leak), resubscription after every connect,
 * in-memory persistence, a bound on publishes in flight (never more than the broker's receive
 * maximum, so no "too many publishes in progress"), and every message handed from Paho's callback
 * thread to our own dispatch thread, so a slow or failing listener can neither block acks nor kill
 * the client.
 */
public final class PahoMqttLink implements MqttLink {

    private static final Logger LOG = LoggerFactory.getLogger(PahoMqttLink.class);
    /** MQTT 5 reason code the broker sends when another client connected with our id. */
    private static final int SESSION_TAKEN_OVER = 0x8E;

    private final LinkOptions options;
    private final MqttAsyncClient client;
    private final ExecutorService dispatch;
    private final ScheduledExecutorService timer;
    private final Set<String> filters = new CopyOnWriteArraySet<>();
    private final java.util.concurrent.ConcurrentLinkedDeque<Pending> outbox = new java.util.concurrent.ConcurrentLinkedDeque<>();
    /** Drain requests not yet served: only one thread drains at a time, and never recursively. */
    private final AtomicInteger drainRequests = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Bumped when the connection drops: acks of an older generation no longer count against the limit. */
    private final AtomicInteger generation = new AtomicInteger();
    private final Set<Pending> sentUnacked = java.util.concurrent.ConcurrentHashMap.newKeySet();
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
    private volatile long connectedAtNanos;
    private volatile int shortLived;
    /** A connection dropped sooner than this after it was made counts as short-lived. */
    private static final long SHORT_LIVED_NANOS = TimeUnit.SECONDS.toNanos(5);

    private record Pending(OutboundMessage message, CompletableFuture<Void> done) {
    }

    public PahoMqttLink(LinkOptions options) {
        if (options.protocol() != MqttProtocol.MQTT_5) {
            throw new IllegalArgumentException("PahoMqttLink speaks MQTT 5 only (use MqttLinks.create for 3.1.1)");
        }
        this.options = options;
        String name = "solemate-mqtt-" + options.clientId();
        this.dispatch = Executors.newSingleThreadExecutor(r -> daemon(r, name));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, name + "-reconnect"));
        try {
            this.client = new MqttAsyncClient(options.pahoUri(), options.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("broker " + options.serverUri() + ": " + e.getMessage(), e);
        }
        client.setCallback(new Callback());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void setListener(LinkListener newListener) {
        this.listener = java.util.Objects.requireNonNull(newListener, "listener");
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
        MqttSubscription[] subs = list.stream().map(f -> {
            MqttSubscription sub = new MqttSubscription(f, 1);
            // Keep the retain flag of live messages too, so a command published with retain is
            // recognised (and refused) at once, not only when the broker replays it later.
            sub.setRetainAsPublished(true);
            return sub;
        }).toArray(MqttSubscription[]::new);
        try {
            client.subscribe(subs, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    if (codes != null) {
                        for (int i = 0; i < codes.length && i < subs.length; i++) {
                            if (codes[i] >= 0x80) {
                                LOG.error("broker refused subscription to {} (reason code 0x{}); check the ACL",
                                        subs[i].getTopic(), Integer.toHexString(codes[i]));
                            }
                        }
                    }
                    done.complete(null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    done.completeExceptionally(e);
                }
            }, (MqttProperties) null);
        } catch (MqttException | RuntimeException e) {
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
        } catch (java.util.concurrent.RejectedExecutionException shutDown) {
            connecting.set(false);
        }
    }

    private void attempt() {
        if (closed.get()) {
            connecting.set(false);
            return;
        }
        try {
            client.connect(connectionOptions(), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    MqttProperties props = token.getResponseProperties();
                    if (props != null && props.getReceiveMaximum() != null && props.getReceiveMaximum() > 0) {
                        receiveMaximum = props.getReceiveMaximum();
                    }
                    dispatch.execute(PahoMqttLink.this::onConnectedOnDispatch);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    connecting.set(false);
                    onAttemptFailed(e);
                }
            });
        } catch (MqttException | RuntimeException e) {
            connecting.set(false);
            onAttemptFailed(e);
        }
    }

    private void onConnectedOnDispatch() {
        boolean reconnect = everConnected;
        connectedAtNanos = System.nanoTime();
        connected = true;
        everConnected = true;
        connecting.set(false);
        LOG.info("connected to {} as {}{}", options.serverUri(), clientId(), reconnect ? " (reconnected)" : "");
        try {
            subscribeNow(new ArrayList<>(filters)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("subscribing after connect to {} failed: {}", options.serverUri(), e.toString());
        }
        try {
            listener.onConnected(reconnect);
        } catch (RuntimeException e) {
            LOG.error("link listener failed on connect", e);
        }
        firstConnect.complete(null);
        drain();
    }

    private void onAttemptFailed(Throwable e) {
        if (closed.get()) {
            return;
        }
        int reason = e instanceof MqttException m ? m.getReasonCode() : -1;
        boolean refused = reason == 0x86 || reason == 0x87 || reason == 0x85 || reason == 0x8C
                || reason == 4 || reason == 5;
        if (refused && !everConnected) {
            firstConnect.completeExceptionally(new IllegalStateException("broker " + options.serverUri()
                    + " refused client " + clientId() + ": " + e.getMessage()
                    + " (check username, password and the broker's ACL)", e));
        }
        long delay = backoffMillis();
        LOG.warn("cannot connect to {} as {}: {} (reason {}); retrying in {} ms", options.serverUri(), clientId(),
                e.getMessage(), reason, delay);
        scheduleAttempt(delay);
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

    private MqttConnectionOptions connectionOptions() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval((int) options.keepAlive().toSeconds());
        o.setConnectionTimeout(10);
        o.setMaximumPacketSize((long) options.maxIncomingBytes());
        o.setReceiveMaximum(1000);
        options.username().ifPresent(o::setUserName);
        options.password().ifPresent(p -> o.setPassword(p.getBytes(StandardCharsets.UTF_8)));
        options.will().ifPresent(w -> {
            MqttMessage will = new MqttMessage(w.payload(), w.qos(), w.retained(), null);
            o.setWill(w.topic(), will);
        });
        if (options.usesTls()) {
            o.setSocketFactory(NoDelaySockets.tls(TlsSocketFactories.create(options.tls())));
            o.setHttpsHostnameVerificationEnabled(options.tls().verifyHostname());
        } else {
            o.setSocketFactory(NoDelaySockets.plain());
        }
        return o;
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
            if (current >= Math.min(options.maxInFlight(), receiveMaximum)) {
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
        MqttMessage msg = new MqttMessage(m.payload(), m.qos(), m.retained(), properties(m));
        int gen = generation.get();
        sentUnacked.add(p);
        try {
            client.publish(m.topic(), msg, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    settle(p, gen, null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    settle(p, gen, e);
                }
            });
        } catch (MqttException e) {
            if (e.getReasonCode() == org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_MAX_INFLIGHT && sentUnacked.remove(p)) {
                // Paho's own window is full after all: put it back and wait for the next ack.
                if (gen == generation.get()) {
                    inFlight.decrementAndGet();
                }
                outbox.addFirst(p);
                return;
            }
            settle(p, gen, e);
        } catch (RuntimeException e) {
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

    private static MqttProperties properties(OutboundMessage m) {
        MqttProperties props = new MqttProperties();
        if (m.expirySeconds() > 0) {
            props.setMessageExpiryInterval(m.expirySeconds());
        }
        m.responseTopic().ifPresent(props::setResponseTopic);
        if (m.correlationData().length > 0) {
            props.setCorrelationData(m.correlationData());
        }
        return props;
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
                LOG.warn("last messages to {} not confirmed: {}", options.serverUri(), e.toString());
            }
        }
        connected = false;
        try {
            if (client.isConnected()) {
                client.disconnect(2000).waitForCompletion(3000);
            }
        } catch (MqttException | RuntimeException e) {
            LOG.debug("disconnect from {}: {}", options.serverUri(), e.toString());
            try {
                client.disconnectForcibly(0, 1000, false);
            } catch (MqttException | RuntimeException ignored) {
                // closing anyway
            }
        }
        try {
            client.close(true);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("close of {}: {}", clientId(), e.toString());
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

    /** Runs on Paho's callback thread: copy, hand off, never throw. */
    private final class Callback implements MqttCallback {

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            try {
                int reason = response == null ? -1 : response.getReturnCode();
                LOG.debug("disconnected from {}: reason {}, {}", options.serverUri(), reason, response);
                String cause = response == null ? "unknown" : String.valueOf(response.getException() != null
                        ? response.getException().getMessage() : response.getReasonString());
                if (reason == SESSION_TAKEN_OVER) {
                    takenOver = true;
                    cause = "another client connected with the same client id '" + clientId()
                            + "' (give every bridge its own client_id)";
                    LOG.error("{}", cause);
                }
                String why = cause;
                dispatch.execute(() -> onLost(why));
            } catch (RuntimeException e) {
                LOG.error("handling disconnect failed", e);
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("MQTT error on {}: {}", clientId(), exception.toString());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            try {
                MqttProperties p = message.getProperties();
                Optional<String> responseTopic = p == null ? Optional.empty() : Optional.ofNullable(p.getResponseTopic());
                byte[] correlation = p == null || p.getCorrelationData() == null ? new byte[0] : p.getCorrelationData();
                OptionalLong expiry = p == null || p.getMessageExpiryInterval() == null ? OptionalLong.empty()
                        : OptionalLong.of(p.getMessageExpiryInterval());
                InboundMessage in = new InboundMessage(topic, message.getPayload(), message.getQos(),
                        message.isRetained(), responseTopic, correlation, expiry, System.nanoTime());
                dispatch.execute(() -> {
                    try {
                        listener.onMessage(in);
                    } catch (RuntimeException e) {
                        LOG.error("handling {} failed", in, e);
                    }
                });
            } catch (RuntimeException e) {
                // Never let anything escape into Paho: it would shut the client down.
                LOG.error("dropping a message on {}: {}", topic, e.toString());
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            // handled by the connect action listener
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }

    private void onLost(String cause) {
        if (!connected) {
            return;
        }
        connected = false;
        abandonInFlight(cause);
        LOG.warn("lost connection to {}: {}", options.serverUri(), cause);
        if (System.nanoTime() - connectedAtNanos < SHORT_LIVED_NANOS) {
            // Thrown off right after connecting, again: the classic sign of a second client with our id
            // (Mosquitto just closes the socket; MQTT 5 brokers may say 0x8E). Back off fully instead of
            // taking the id back at once, which would throw the other one off in an endless loop.
            if (++shortLived >= 2 && !takenOver) {
                takenOver = true;
                LOG.error("the connection to {} dropped {} times right after connecting: is another client using "
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
            LOG.error("link listener failed on connection loss", e);
        }
        drain();
        scheduleAttempt(backoffMillis());
    }
}
