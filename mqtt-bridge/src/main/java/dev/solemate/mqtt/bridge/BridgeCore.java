package dev.solemate.mqtt.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.solemate.ConnectionState;
import dev.solemate.Massager;
import dev.solemate.mqtt.BridgeEnvironment;
import dev.solemate.mqtt.client.InboundMessage;
import dev.solemate.mqtt.client.LinkListener;
import dev.solemate.mqtt.client.LinkOptions;
import dev.solemate.mqtt.client.MqttLink;
import dev.solemate.mqtt.client.MqttProtocol;
import dev.solemate.mqtt.client.OutboundMessage;
import dev.solemate.mqtt.config.BridgeConfig;
import dev.solemate.mqtt.config.DeviceName;
import dev.solemate.mqtt.discovery.DiscoveryPayloads;
import dev.solemate.routine.Routine;
import dev.solemate.time.Timeline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's engine behind {@link dev.solemate.mqtt.MqttBridge}: routes incoming messages to the
 * device adapters, answers bridge requests, publishes bridge state, availability and discovery,
 * cleans up after removed devices and applies the broker-loss policy. Internal: use MqttBridge.
 *
 * <p>Threads: link callbacks arrive on the link's dispatch thread; timers run on the timeline
 * thread; state publishing runs on a single publisher thread ({@code solemate-bridge-publisher}).
 */
public final class BridgeCore implements LinkListener {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeCore.class);
    private static final Set<String> ACTIONS = Set.of("devices", "routines", "health");

    private final BridgeConfig config;
    private final BridgeEnvironment environment;
    private final Map<String, Routine> routines;
    private final BridgeTopics topics;
    private final MqttLink link;
    private final Map<String, DeviceAdapter> adapters = new LinkedHashMap<>();
    private final ExecutorService publisher;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong commands = new AtomicLong();
    private final AtomicLong brokerLosses = new AtomicLong();
    private final long startedNanos = System.nanoTime();
    private volatile Timeline.Cancellable brokerLossTimer;
    private volatile Timeline.Cancellable rediscoveryTimer;

    public BridgeCore(BridgeConfig config, BridgeEnvironment environment, Map<String, Routine> routines,
                      List<OpenedDevice> devices) {
        this.config = config;
        this.environment = environment;
        this.routines = Map.copyOf(routines);
        this.topics = new BridgeTopics(config.baseTopic(), config.name());
        this.publisher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "solemate-bridge-publisher");
            t.setDaemon(true);
            return t;
        });
        OutboundMessage will = OutboundMessage.of(topics.bridgeState(), "{\"state\":\"offline\"}", 1, true);
        LinkOptions options = config.broker().linkOptions(config.name()).withWill(will);
        this.link = environment.links().apply(options);
        for (OpenedDevice d : devices) {
            CommandParser parser = new CommandParser(d.name(), d.massager().profile(), routines.keySet(),
                    config.commandMaxBytes());
            adapters.put(d.name(), new DeviceAdapter(d.name(), d.massager(), parser, this.routines, d.defaultRoutine(),
                    environment.runner(), environment.playbackOptions(), link, topics, publisher,
                    environment.timeline()));
        }
        link.setListener(this);
    }

    public BridgeConfig config() {
        return config;
    }

    public String clientId() {
        return link.clientId();
    }

    public boolean isConnected() {
        return link.isConnected();
    }

    public List<String> deviceNames() {
        return List.copyOf(adapters.keySet());
    }

    public Optional<Massager> massager(String device) {
        return Optional.ofNullable(adapters.get(device)).map(DeviceAdapter::massager);
    }

    /** The adapter of a device, for tests. */
    public Optional<DeviceAdapter> adapter(String device) {
        return Optional.ofNullable(adapters.get(device));
    }

    /** Subscribes and connects; completes at the first connection. */
    public CompletableFuture<Void> connect() {
        List<String> filters = new ArrayList<>();
        String base = config.baseTopic();
        filters.add(base + "/+/set");
        filters.add(base + "/+/set/+");
        filters.add(base + "/+/get");
        filters.add(config.broker().protocol() == MqttProtocol.MQTT_5
                ? "$share/" + config.sharedGroup() + "/" + topics.bridgeRequestFilter()
                : topics.bridgeRequestFilter());
        filters.add(topics.bridgeDevices());
        filters.add(topics.bridgeState());
        if (config.homeAssistant().enabled()) {
            filters.add(config.homeAssistant().statusTopic());
        }
        link.subscribe(filters);
        return link.connect();
    }

    @Override
    public void onConnected(boolean reconnect) {
        Timeline.Cancellable timer = brokerLossTimer;
        if (timer != null) {
            timer.cancel();
        }
        publish(OutboundMessage.of(topics.bridgeState(), "{\"state\":\"online\"}", 1, true));
        for (DeviceAdapter a : adapters.values()) {
            a.publishAvailability();
        }
        publishDiscovery();
        for (DeviceAdapter a : adapters.values()) {
            a.markDirty();
        }
        ArrayNode names = Json.MAPPER.createArrayNode();
        adapters.keySet().forEach(names::add);
        publish(new OutboundMessage(topics.bridgeDevices(), Json.bytes(names), 1, true, 0, Optional.empty(), new byte[0]));
        LOG.info("bridge '{}' online with {} device(s){}", config.name(), adapters.size(), reconnect ? " again" : "");
    }

    @Override
    public void onConnectionLost(String cause) {
        if (closed.get()) {
            return;
        }
        brokerLosses.incrementAndGet();
        Timeline timeline = environment.timeline();
        long at = timeline.nanoTime() + config.brokerLoss().after().toNanos();
        brokerLossTimer = timeline.scheduleAt(at, () -> {
            if (!link.isConnected() && !closed.get()) {
                LOG.warn("broker unreachable for {} ms: applying the broker-loss policy ({})",
                        config.brokerLoss().after().toMillis(), config.brokerLoss().action().id());
                for (DeviceAdapter a : adapters.values()) {
                    try {
                        a.onBrokerLost(config.brokerLoss().action());
                    } catch (RuntimeException e) {
                        LOG.error("broker-loss policy failed on {}", a.name(), e);
                    }
                }
            }
        });
    }

    @Override
    public void onMessage(InboundMessage message) {
        try {
            route(message);
        } catch (RuntimeException e) {
            LOG.error("message on {} could not be handled", message.topic(), e);
        }
    }

    private void route(InboundMessage message) {
        String topic = message.topic();
        if (config.homeAssistant().enabled() && topic.equals(config.homeAssistant().statusTopic())) {
            if (message.text().trim().equals("online")) {
                scheduleRediscovery();
            }
            return;
        }
        if (topic.equals(topics.bridgeState())) {
            // The last will of this bridge's previous run can arrive after we said online (the broker
            // notices the old connection is dead only at its keep-alive timeout): say it again.
            if (message.text().contains("\"offline\"") && link.isConnected() && !closed.get()) {
                LOG.info("a stale last will said the bridge is offline; publishing online again");
                publish(OutboundMessage.of(topics.bridgeState(), "{\"state\":\"online\"}", 1, true));
            }
            return;
        }
        if (topic.equals(topics.bridgeDevices())) {
            if (message.retained()) {
                removeGhosts(message);
            }
            return;
        }
        BridgeTopics.Route route = topics.route(topic);
        if (route instanceof BridgeTopics.Route.Set s) {
            DeviceAdapter adapter = adapters.get(s.device());
            if (adapter != null) {
                commands.incrementAndGet();
                adapter.handleSet(s.attribute(), message);
            }
        } else if (route instanceof BridgeTopics.Route.Get g) {
            DeviceAdapter adapter = adapters.get(g.device());
            if (adapter != null) {
                adapter.handleGet();
            }
        } else if (route instanceof BridgeTopics.Route.BridgeRequest r) {
            if (!message.retained()) {
                answerRequest(r.action(), message);
            }
        }
    }

    private void scheduleRediscovery() {
        long maxDelay = config.homeAssistant().maxResendDelay().toNanos();
        long delay = maxDelay <= 0 ? 0 : ThreadLocalRandom.current().nextLong(maxDelay / 4, maxDelay + 1);
        Timeline.Cancellable previous = rediscoveryTimer;
        if (previous != null) {
            previous.cancel();
        }
        LOG.info("Home Assistant came online: re-sending discovery in {} ms", TimeUnit.NANOSECONDS.toMillis(delay));
        Timeline timeline = environment.timeline();
        rediscoveryTimer = timeline.scheduleAt(timeline.nanoTime() + delay, () -> publisher.execute(() -> {
            publishDiscovery();
            for (DeviceAdapter a : adapters.values()) {
                a.publishAvailability();
                a.publishStateNow();
            }
        }));
    }

    private void publishDiscovery() {
        if (!config.homeAssistant().enabled()) {
            return;
        }
        List<String> routineNames = List.copyOf(new TreeSet<>(routines.keySet()));
        for (DeviceAdapter a : adapters.values()) {
            try {
                ObjectNode payload = DiscoveryPayloads.device(topics, a.name(), a.massager().info(), routineNames,
                        a.massager().limits().heatLimitCelsius());
                publish(new OutboundMessage(DiscoveryPayloads.topic(config.homeAssistant().prefix(), a.name()),
                        Json.bytes(payload), 1, true, 0, Optional.empty(), new byte[0]));
            } catch (RuntimeException e) {
                LOG.error("discovery for {} failed", a.name(), e);
            }
        }
    }

    /** Clears the retained topics of devices this bridge had last time but no longer has. */
    private void removeGhosts(InboundMessage message) {
        JsonNode previous;
        try {
            previous = Json.MAPPER.readTree(message.payload());
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("ignoring unreadable device list on {}", message.topic());
            return;
        }
        if (previous == null || !previous.isArray()) {
            return;
        }
        for (JsonNode n : previous) {
            String name = n.asText();
            if (n.isTextual() && DeviceName.isValid(name) && !adapters.containsKey(name)) {
                LOG.info("device '{}' was removed from the configuration: clearing its retained topics", name);
                publish(OutboundMessage.clearRetained(topics.state(name)));
                publish(OutboundMessage.clearRetained(topics.availability(name)));
                if (config.homeAssistant().enabled()) {
                    publish(OutboundMessage.clearRetained(DiscoveryPayloads.topic(config.homeAssistant().prefix(), name)));
                }
            }
        }
    }

    private void answerRequest(String action, InboundMessage message) {
        Optional<JsonNode> transaction = Optional.empty();
        ObjectNode response;
        try {
            transaction = requestTransaction(message);
            if (!ACTIONS.contains(action)) {
                throw new IllegalArgumentException("unknown request '" + (action.length() > 40 ? action.substring(0, 40)
                        : action) + "' (expected one of: " + String.join(", ", new TreeSet<>(ACTIONS)) + ")");
            }
            response = Json.ok(transaction);
            response.set("data", switch (action) {
                case "devices" -> devicesData();
                case "routines" -> routinesData();
                default -> healthData();
            });
        } catch (CommandException e) {
            response = Json.error(e.getMessage(), e.transaction());
        } catch (RuntimeException e) {
            response = Json.error(DeviceAdapter.describe(e), transaction);
        }
        String topic = ACTIONS.contains(action) ? topics.bridgeResponse(action) : topics.bridgeResponse("error");
        byte[] payload = Json.bytes(response);
        publish(new OutboundMessage(topic, payload, 1, false, 0, Optional.empty(), message.correlationData()));
        message.responseTopic().filter(t -> !t.equals(topic) && !t.contains("+") && !t.contains("#") && !t.isEmpty())
                .ifPresent(t -> publish(new OutboundMessage(t, payload, 1, false, 0, Optional.empty(),
                        message.correlationData())));
    }

    private Optional<JsonNode> requestTransaction(InboundMessage message) {
        if (message.payload().length == 0) {
            return Optional.empty();
        }
        if (message.payload().length > config.commandMaxBytes()) {
            throw new CommandException("payload is " + message.payload().length + " bytes (expected at most "
                    + config.commandMaxBytes() + ")", Optional.empty());
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(message.payload());
        } catch (java.io.IOException | RuntimeException e) {
            throw new CommandException("broken JSON (expected {} or {\"transaction\":\"...\"})", Optional.empty());
        }
        if (node == null || node.isNull() || (node.isObject() && node.isEmpty())) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw new CommandException("expected a JSON object such as {\"transaction\":\"1\"}", Optional.empty());
        }
        JsonNode t = node.get("transaction");
        Optional<JsonNode> transaction = t == null || !(t.isTextual() || t.isIntegralNumber()) ? Optional.empty()
                : Optional.of(t);
        for (var it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("transaction")) {
                throw new CommandException("unknown field '" + (f.length() > 40 ? f.substring(0, 40) : f)
                        + "' (expected transaction)", transaction);
            }
        }
        return transaction;
    }

    private JsonNode devicesData() {
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (DeviceAdapter a : adapters.values()) {
            Massager m = a.massager();
            ObjectNode d = list.addObject();
            d.put("name", a.name());
            d.put("bridge", config.name());
            d.put("profile", m.profile().id());
            d.put("model", m.profile().name());
            d.put("serial", m.info().serialNumber());
            d.put("connection", m.state().connection().id());
            if (a.routine().isPresent()) {
                d.put("routine", a.routine().get());
            } else {
                d.putNull("routine");
            }
        }
        return list;
    }

    private JsonNode routinesData() {
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (Routine r : new TreeSet<>(routines.keySet()).stream().map(routines::get).toList()) {
            list.addObject().put("name", r.name()).put("description", r.description())
                    .put("duration", r.duration().toSeconds());
        }
        return list;
    }

    private JsonNode healthData() {
        ObjectNode h = Json.object();
        h.put("bridge", config.name());
        h.put("client_id", link.clientId());
        h.put("uptime", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos));
        h.put("devices", adapters.size());
        h.put("connected", adapters.values().stream()
                .filter(a -> a.massager().state().connection() == ConnectionState.CONNECTED).count());
        h.put("playing", adapters.values().stream().filter(a -> a.routine().isPresent()).count());
        h.put("commands", commands.get());
        h.put("broker_losses", brokerLosses.get());
        Runtime rt = Runtime.getRuntime();
        h.put("heap_used_mb", (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024));
        return h;
    }

    private void publish(OutboundMessage message) {
        link.publish(message).whenComplete((ok, e) -> {
            if (e != null) {
                LOG.debug("publish to {} failed: {}", message.topic(), e.toString());
            }
        });
    }

    /** Stops every device, publishes final states and offline, disconnects. Idempotent. */
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Timeline.Cancellable t : new Timeline.Cancellable[] {brokerLossTimer, rediscoveryTimer}) {
            if (t != null) {
                t.cancel();
            }
        }
        // Closing waits for each device to confirm its stop; many devices are closed a few at a time.
        ExecutorService closers = Executors.newFixedThreadPool(Math.min(8, Math.max(1, adapters.size())), r -> {
            Thread t = new Thread(r, "solemate-bridge-close");
            t.setDaemon(true);
            return t;
        });
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (DeviceAdapter a : adapters.values()) {
            closing.add(CompletableFuture.runAsync(() -> {
                try {
                    a.close();
                } catch (RuntimeException e) {
                    LOG.warn("closing {} failed: {}", a.name(), e.toString());
                }
            }, closers));
        }
        try {
            CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("not every device confirmed its stop: {}", e.toString());
        }
        closers.shutdown();
        List<OutboundMessage> lastWords = new ArrayList<>();
        for (DeviceAdapter a : adapters.values()) {
            lastWords.add(a.stateMessage());
            lastWords.add(a.offlineMessage());
        }
        lastWords.add(OutboundMessage.of(topics.bridgeState(), "{\"state\":\"offline\"}", 1, true));
        publisher.shutdown();
        try {
            publisher.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        link.close(lastWords);
        LOG.info("bridge '{}' stopped", config.name());
    }
}
