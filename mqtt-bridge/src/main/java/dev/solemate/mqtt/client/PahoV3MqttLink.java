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
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MqttLink} on Eclipse Paho's MQTT 3.1.1 client, for brokers that do not speak MQTT 5. Same
 * guarantees as {@link PahoMqttLink} (own reconnect loop with jitter, resubscription, bounded
 * in-flight publishes, our own dispatch thread); MQTT 5 properties (expiry, response topic,
 * correlation data) are dropped on the way out and absent on the way in, and live messages always
 * arrive with the retain flag cleared.
 */
public final class PahoV3MqttLink implements MqttLink {

    private static final Logger LOG = LoggerFactory.getLogger(PahoV3MqttLink.class);

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

    public PahoV3MqttLink(LinkOptions options) {
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
        String[] topics = list.toArray(new String[0]);
        int[] qos = new int[topics.length];
        java.util.Arrays.fill(qos, 1);
        try {
            client.subscribe(topics, qos, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getGrantedQos();
                    if (codes != null) {
                        for (int i = 0; i < codes.length && i < topics.length; i++) {
                            if (codes[i] >= 0x80) {
                                LOG.error("broker refused subscription to {}; check the ACL", topics[i]);
                            }
                        }
                    }
                    done.complete(null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    done.completeExceptionally(e);
                }
            });
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
            client.connect(connectionOptions(), null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    dispatch.execute(PahoV3MqttLink.this::onConnectedOnDispatch);
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

    private MqttConnectOptions connectionOptions() {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(true);
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval((int) options.keepAlive().toSeconds());
        o.setConnectionTimeout(10);
        o.setMaxInflight(Math.min(options.maxInFlight(), 1000));
        options.username().ifPresent(o::setUserName);
        options.password().ifPresent(p -> o.setPassword(p.toCharArray()));
        options.will().ifPresent(w -> o.setWill(w.topic(), w.payload(), w.qos(), w.retained()));
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
            if (current >= Math.min(options.maxInFlight(), Math.min(1000, receiveMaximum))) {
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
        MqttMessage msg = new MqttMessage(m.payload());
        msg.setQos(m.qos());
        msg.setRetained(m.retained());
        int gen = generation.get();
        sentUnacked.add(p);
        try {
            client.publish(m.topic(), msg, null, new IMqttActionListener() {
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
            if (e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT && sentUnacked.remove(p)) {
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
                client.disconnectForcibly(0, 1000);
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
    private final class Callback implements MqttCallbackExtended {

        @Override
        public void connectionLost(Throwable cause) {
            try {
                String why = cause == null ? "unknown" : String.valueOf(cause.getMessage());
                dispatch.execute(() -> onLost(why));
            } catch (RuntimeException e) {
                LOG.error("handling connection loss failed", e);
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            try {
                InboundMessage in = new InboundMessage(topic, message.getPayload(), message.getQos(),
                        message.isRetained(), Optional.empty(), new byte[0], OptionalLong.empty(), System.nanoTime());
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
        public void deliveryComplete(IMqttDeliveryToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            // handled by the connect action listener
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
