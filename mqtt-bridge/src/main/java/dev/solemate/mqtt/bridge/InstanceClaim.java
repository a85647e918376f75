package dev.solemate.mqtt.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solemate.mqtt.MqttBridgeException;
import dev.solemate.mqtt.client.InboundMessage;
import dev.solemate.mqtt.client.LinkListener;
import dev.solemate.mqtt.client.LinkOptions;
import dev.solemate.mqtt.client.MqttLink;
import dev.solemate.mqtt.client.OutboundMessage;
import dev.solemate.mqtt.config.BridgeConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a bridge opens its devices, it looks on the broker for another running instance of itself
 * (same base topic and bridge name), through a short-lived link of its own:
 *
 * <ol>
 *   <li>it reads the retained bridge state (a round trip to its own {@code sync} topic proves the
 *       retained message, if any, has arrived);</li>
 *   <li>when that state says {@code online} for another instance, it pings that instance; an
 *       instance that does not answer is the stale state of a run that died, and is ignored;</li>
 *   <li>a live instance makes the start fail with an error naming it (host, pid, since when), unless
 *       {@link BridgeConfig#takeOver()}: then it asks that instance to step aside and waits until it
 *       has stopped and released its devices, without it publishing {@code offline}, so Home
 *       Assistant never sees the devices unavailable.</li>
 * </ol>
 */
public final class InstanceClaim {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceClaim.class);
    /** How long a live instance has to answer a ping. */
    static final Duration PING_WAIT = Duration.ofSeconds(2);
    /** How long an instance has to stop its devices and step aside. */
    static final Duration RELEASE_WAIT = Duration.ofSeconds(30);

    private InstanceClaim() {
    }

    /**
     * Checks (and with take-over, clears) the way for {@code me}.
     *
     * @return the instance that stepped aside, if one did
     * @throws MqttBridgeException naming the running instance when it is alive and not taken over
     */
    public static Optional<BridgeIdentity> claim(BridgeConfig config, Function<LinkOptions, MqttLink> links,
                                                 BridgeIdentity me, Duration connectWait) {
        BridgeTopics topics = new BridgeTopics(config.baseTopic(), config.name());
        LinkOptions options = config.broker().linkOptions(config.name());
        options = new LinkOptions(options.serverUri(), options.clientId() + "-check", options.username(),
                options.password(), options.tls(), Optional.empty(), options.protocol(), options.keepAlive(), 100,
                options.reconnectMin(), options.reconnectMax(), options.maxIncomingBytes());
        MqttLink link = links.apply(options);
        AtomicReference<JsonNode> retained = new AtomicReference<>();
        CompletableFuture<Void> synced = new CompletableFuture<>();
        AtomicReference<CompletableFuture<JsonNode>> awaited = new AtomicReference<>(new CompletableFuture<>());
        AtomicReference<String> awaitedTopic = new AtomicReference<>("");
        String sync = topics.instance(me.instance(), "sync");
        link.setListener(new LinkListener() {
            @Override
            public void onConnected(boolean reconnect) {
            }

            @Override
            public void onConnectionLost(String cause) {
            }

            @Override
            public void onMessage(InboundMessage m) {
                if (m.topic().equals(topics.bridgeState()) && !synced.isDone()) {
                    retained.set(parse(m));
                } else if (m.topic().equals(sync)) {
                    synced.complete(null);
                } else if (m.topic().equals(awaitedTopic.get())) {
                    awaited.get().complete(parse(m));
                }
            }
        });
        try {
            String others = topics.bridgeBase() + "/instance/+/";
            link.subscribe(List.of(topics.bridgeState(), sync, others + "pong", others + "released"));
            try {
                link.connect().get(connectWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                LOG.warn("cannot check for another running instance of bridge '{}' (the broker is not reachable yet{}); "
                        + "starting anyway", config.name(), link.lastFailure().map(f -> ": " + f).orElse(""));
                return Optional.empty();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new MqttBridgeException(e.getCause().getMessage(), e.getCause());
            }
            link.publish(OutboundMessage.of(sync, "{}", 1, false));
            try {
                synced.get(3, TimeUnit.SECONDS);
            } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                LOG.debug("no sync echo from the broker within 3 s; deciding on what arrived");
            }
            Optional<BridgeIdentity> other = Optional.ofNullable(retained.get())
                    .filter(s -> s.path("state").asText().equals("online"))
                    .flatMap(BridgeIdentity::of)
                    .filter(o -> !o.instance().equals(me.instance()));
            if (other.isEmpty()) {
                return Optional.empty();
            }
            BridgeIdentity running = other.get();
            if (await(link, awaited, awaitedTopic, topics.instance(running.instance(), "pong"),
                    topics.instance(running.instance(), "ping"), me, PING_WAIT).isEmpty()) {
                LOG.info("the retained state of bridge '{}' names {}, which does not answer: it is a stale state of a "
                        + "run that ended without saying so; starting", config.name(), running.describe());
                return Optional.empty();
            }
            if (!config.takeOver()) {
                throw new MqttBridgeException("bridge '" + config.name() + "' on base topic '" + config.baseTopic()
                        + "' is already running: " + running.describe() + ". Stop it first, give this bridge another "
                        + "bridge.name, or start with --take-over to replace it");
            }
            LOG.info("taking over bridge '{}' from {}", config.name(), running.describe());
            if (await(link, awaited, awaitedTopic, topics.instance(running.instance(), "released"),
                    topics.instance(running.instance(), "takeover"), me, RELEASE_WAIT).isEmpty()) {
                throw new MqttBridgeException("bridge '" + config.name() + "' " + running.describe()
                        + " did not step aside within " + RELEASE_WAIT.toSeconds() + " s; stop it by hand");
            }
            LOG.info("{} stepped aside; starting bridge '{}'", running.describe(), config.name());
            return Optional.of(running);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MqttBridgeException("interrupted while checking for another instance of bridge '"
                    + config.name() + "'", e);
        } finally {
            link.close();
        }
    }

    private static Optional<JsonNode> await(MqttLink link, AtomicReference<CompletableFuture<JsonNode>> awaited,
                                            AtomicReference<String> awaitedTopic, String answer, String request,
                                            BridgeIdentity me, Duration wait) throws InterruptedException {
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        awaited.set(reply);
        awaitedTopic.set(answer);
        link.publish(new OutboundMessage(request, Json.bytes(me.state("starting", List.of())), 1, false, 0,
                Optional.empty(), new byte[0]));
        try {
            return Optional.ofNullable(reply.get(wait.toMillis(), TimeUnit.MILLISECONDS)).or(() -> Optional.of(Json.object()));
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            return Optional.empty();
        }
    }

    private static JsonNode parse(InboundMessage m) {
        try {
            JsonNode n = Json.MAPPER.readTree(m.payload());
            return n == null ? Json.object() : n;
        } catch (java.io.IOException | RuntimeException e) {
            return Json.object();
        }
    }
}
