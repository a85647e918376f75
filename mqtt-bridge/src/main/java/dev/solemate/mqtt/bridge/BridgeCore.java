package dev.solemate.mqtt.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.solemate.ConnectionState;
import dev.solemate.Massager;
import dev.solemate.MassagerEvent;
import dev.solemate.device.DeviceProfile;
import dev.solemate.driver.DeviceInfo;
import dev.solemate.mqtt.BridgeEnvironment;
import dev.solemate.mqtt.BridgeEvent;
import dev.solemate.mqtt.BridgeListener;
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
import dev.solemate.secret.Redaction;
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
 * thread; state publishing runs on a single publisher thread ({@code solemate-bridge-publisher});
 * devices that did not open at start are retried on the opener thread ({@code solemate-bridge-opener}).
 */
public final class BridgeCore implements LinkListener {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeCore.class);
    private static final Set<String> ACTIONS = Set.of("devices", "routines", "health");

    private final BridgeConfig config;
    private final BridgeEnvironment environment;
    private final Map<String, Routine> routines;
    private final BridgeTopics topics;
    private final MqttLink link;
    /** What devices publish through: muted while this instance steps aside for another. */
    private final MutableLink outlet;
    private final BridgeIdentity identity;
    /** Retained device records of the other bridges on this base topic, by topic: who owns which device now. */
    private final Map<String, Set<String>> otherBridgesDevices = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile JsonNode ownPreviousRecord;
    private volatile String handingOverTo;
    private volatile Runnable onHandedOver = () -> { };
    private final Map<String, DeviceSlot> slots = new LinkedHashMap<>();
    private final ExecutorService publisher;
    private final ExecutorService opener;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong commands = new AtomicLong();
    private final AtomicLong brokerLosses = new AtomicLong();
    private final long startedNanos = System.nanoTime();
    private volatile Timeline.Cancellable brokerLossTimer;
    private volatile Timeline.Cancellable rediscoveryTimer;
    private volatile BridgeListener listener = BridgeListener.NONE;
    /** When the broker connection was lost (timeline nanos), or -1 while connected or before the first connection. */
    private volatile long lostAtNanos = -1;

    public BridgeCore(BridgeConfig config, BridgeEnvironment environment, Map<String, Routine> routines,
                      List<OpenedDevice> devices) {
        this(config, environment, routines, devices, List.of());
    }

    /**
     * A bridge whose {@code waiting} devices did not open at start: they are shown offline and
     * retried from {@link #connect()} on, with the configuration's {@code device_retry} backoff.
     */
    public BridgeCore(BridgeConfig config, BridgeEnvironment environment, Map<String, Routine> routines,
                      List<OpenedDevice> devices, List<PendingDevice> waiting) {
        this(config, environment, routines, devices, waiting, BridgeIdentity.current());
    }

    /** A bridge that runs as {@code identity} (its instance id, host and pid in its retained state). */
    public BridgeCore(BridgeConfig config, BridgeEnvironment environment, Map<String, Routine> routines,
                      List<OpenedDevice> devices, List<PendingDevice> waiting, BridgeIdentity identity) {
        this.identity = identity;
        this.config = config;
        this.environment = environment;
        this.routines = Map.copyOf(routines);
        this.topics = new BridgeTopics(config.baseTopic(), config.name());
        this.publisher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "solemate-bridge-publisher");
            t.setDaemon(true);
            return t;
        });
        // Opening blocks (serial handshakes, TCP connect timeouts): never on the timeline's or Paho's threads.
        this.opener = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "solemate-bridge-opener");
            t.setDaemon(true);
            return t;
        });
        OutboundMessage will = new OutboundMessage(topics.bridgeState(), Json.bytes(identity.will()), 1, true, 0,
                Optional.empty(), new byte[0]);
        LinkOptions options = config.broker().linkOptions(config.name()).withWill(will);
        this.link = environment.links().apply(options);
        this.outlet = new MutableLink(link);
        Map<String, DeviceSlot> byName = new LinkedHashMap<>();
        for (OpenedDevice d : devices) {
            byName.put(d.name(), DeviceSlot.opened(newAdapter(d.name(), d.massager(), d.defaultRoutine()), topics,
                    this::publishDeviceMessage));
        }
        for (PendingDevice p : waiting) {
            byName.put(p.name(), DeviceSlot.waiting(p, config.deviceRetry(), environment.timeline(), opener, topics,
                    this::publishDeviceMessage, m -> newAdapter(p.name(), m, p.defaultRoutine()), this::announce));
        }
        for (var d : config.devices()) {
            DeviceSlot slot = byName.remove(d.name());
            if (slot != null) {
                slots.put(d.name(), slot);
            }
        }
        slots.putAll(byName);
        link.setListener(this);
    }

    private DeviceAdapter newAdapter(String name, Massager massager, String defaultRoutine) {
        CommandParser parser = new CommandParser(name, massager.profile(), routines.keySet(), config.commandMaxBytes());
        DeviceAdapter adapter = new DeviceAdapter(name, massager, parser, routines, defaultRoutine, environment.runner(),
                environment.playbackOptions(), outlet, topics, publisher, environment.timeline());
        // Another unit on the same link is another device: check commands on its profile, describe it anew.
        massager.addListener(event -> {
            if (event instanceof MassagerEvent.DeviceReplaced r) {
                adapter.useParser(new CommandParser(name, r.current().profile(), routines.keySet(), config.commandMaxBytes()));
                publishDiscovery(name, r.current(), massager.limits().heatLimitCelsius());
                adapter.republishState();
            }
        });
        return adapter;
    }

    /** A device that opened late: online, discovery, state. Called under its slot's lock. */
    private void announce(DeviceAdapter a) {
        a.publishAvailability();
        publishDiscovery(a.name(), a.massager().info(), a.massager().limits().heatLimitCelsius());
        a.markDirty();
        tell(new BridgeEvent.DeviceOpened(a.name()));
    }

    /** Who hears of the bridge's events; set before {@link #connect()}. */
    public void setListener(BridgeListener newListener) {
        this.listener = java.util.Objects.requireNonNull(newListener, "listener");
    }

    private void tell(BridgeEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("bridge listener failed on {}", event, e);
        }
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

    /** Why the broker connection is failing, while it is. */
    public Optional<String> lastFailure() {
        return link.lastFailure();
    }

    public List<String> deviceNames() {
        return List.copyOf(slots.keySet());
    }

    /** The massager of a device, once it is open. */
    public Optional<Massager> massager(String device) {
        return adapter(device).map(DeviceAdapter::massager);
    }

    /** The adapter of a device once it is open, for tests. */
    public Optional<DeviceAdapter> adapter(String device) {
        return Optional.ofNullable(slots.get(device)).flatMap(DeviceSlot::adapter);
    }

    /** Subscribes and connects; completes at the first connection. Devices that did not open start retrying. */
    public CompletableFuture<Void> connect() {
        slots.values().forEach(DeviceSlot::startRetrying);
        List<String> filters = new ArrayList<>();
        String base = config.baseTopic();
        filters.add(topics.setFilter());
        filters.add(base + "/+/get");
        filters.add(config.broker().protocol() == MqttProtocol.MQTT_5
                ? "$share/" + config.sharedGroup() + "/" + topics.bridgeRequestFilter()
                : topics.bridgeRequestFilter());
        filters.add(topics.defaultBridgeDevices());
        filters.add(topics.namedBridgeDevicesFilter());
        filters.add(topics.bridgeState());
        filters.add(topics.instance(identity.instance(), "+"));
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
        if (handingOverTo != null) {
            return;
        }
        publishOnline();
        for (DeviceSlot s : slots.values()) {
            s.publishAvailability();
        }
        publishDiscovery();
        for (DeviceSlot s : slots.values()) {
            s.publishState();
        }
        // The topics this bridge publishes retained, recorded, so that a later run clears only those.
        ObjectNode record = Json.object().put("bridge", config.name()).put("instance", identity.instance());
        ObjectNode owned = record.putObject("devices");
        for (String name : slots.keySet()) {
            ArrayNode t = owned.putArray(name).add(topics.state(name)).add(topics.availability(name));
            if (config.homeAssistant().enabled()) {
                t.add(DiscoveryPayloads.topic(config.homeAssistant().prefix(), name));
            }
        }
        if (!reconnect) {
            // Once the retained records of every bridge have arrived (our sync comes back after them),
            // the devices this bridge had last time and no longer has are cleared.
            publish(OutboundMessage.of(topics.instance(identity.instance(), "sync"), "{}", 1, false));
        }
        publish(new OutboundMessage(topics.bridgeDevices(), Json.bytes(record), 1, true, 0, Optional.empty(), new byte[0]));
        LOG.info("bridge '{}' ({}) online with {} device(s){}", config.name(), identity.instance(), slots.size(),
                reconnect ? " again" : "");
        long lostAt = lostAtNanos;
        lostAtNanos = -1;
        tell(new BridgeEvent.BrokerConnected(Redaction.redact(config.broker().url()), lostAt < 0 ? Optional.empty()
                : Optional.of(java.time.Duration.ofNanos(environment.timeline().nanoTime() - lostAt))));
    }

    private void publishOnline() {
        publish(new OutboundMessage(topics.bridgeState(), Json.bytes(identity.state("online", List.copyOf(slots.keySet()))),
                1, true, 0, Optional.empty(), new byte[0]));
    }

    /** This bridge's identity (instance id, host, pid). */
    public BridgeIdentity identity() {
        return identity;
    }

    /** Called once this instance has stepped aside for another ({@code --take-over}). */
    public void onHandedOver(Runnable callback) {
        this.onHandedOver = callback;
    }

    /** The instance this bridge handed over to, once it did. */
    public Optional<String> handedOverTo() {
        return Optional.ofNullable(handingOverTo);
    }

    @Override
    public void onConnectionLost(String cause) {
        if (closed.get()) {
            return;
        }
        brokerLosses.incrementAndGet();
        Timeline timeline = environment.timeline();
        lostAtNanos = timeline.nanoTime();
        tell(new BridgeEvent.BrokerLost(Redaction.redact(config.broker().url()), cause));
        long at = timeline.nanoTime() + config.brokerLoss().after().toNanos();
        brokerLossTimer = timeline.scheduleAt(at, () -> {
            if (!link.isConnected() && !closed.get()) {
                LOG.warn("broker unreachable for {} ms: applying the broker-loss policy ({})",
                        config.brokerLoss().after().toMillis(), config.brokerLoss().action().id());
                for (DeviceSlot s : slots.values()) {
                    try {
                        s.adapter().ifPresent(a -> a.onBrokerLost(config.brokerLoss().action()));
                    } catch (RuntimeException e) {
                        LOG.error("broker-loss policy failed on {}", s.name(), e);
                    }
                }
                tell(new BridgeEvent.BrokerLossPolicyApplied(config.brokerLoss().after(), config.brokerLoss().action().id()));
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
        if (topic.startsWith(topics.bridgeBase() + "/instance/" + identity.instance() + "/")) {
            instanceRequest(topic.substring(topic.lastIndexOf('/') + 1), message);
            return;
        }
        if (handingOverTo != null) {
            refuseWhileHandingOver(message);
            return;
        }
        Optional<BridgeIdentity> claimant = topic.equals(topics.bridgeState())
                ? Optional.ofNullable(parse(message)).filter(n -> n.path("state").asText().equals("online"))
                        .flatMap(BridgeIdentity::of) : Optional.empty();
        if (claimant.isPresent() && !claimant.get().instance().equals(identity.instance())) {
            // A newer instance says it runs this bridge (it started while the broker was out of reach, so it
            // could not see this one): both would execute every command. Say so; the operator decides.
            // An older one is the stale state of a run that died, which this instance's online replaces.
            if (claimant.get().started().isAfter(identity.started())) {
                LOG.error("another instance claims bridge '{}': {}; two instances execute every command twice. Stop "
                        + "one of them (or restart one with --take-over)", config.name(), claimant.get().describe());
            }
            return;
        }
        if (topic.equals(topics.bridgeState())) {
            // The last will of this bridge's previous run can arrive after we said online (the broker
            // notices the old connection is dead only at its keep-alive timeout): say it again.
            if (message.text().contains("\"offline\"") && link.isConnected() && !closed.get()) {
                LOG.info("a stale last will said the bridge is offline; publishing online again");
                publishOnline();
            }
            return;
        }
        if (topic.equals(topics.bridgeDevices())) {
            if (message.retained()) {
                ownPreviousRecord = parse(message);
            }
            return;
        }
        if (topics.isBridgeDevices(topic)) {
            otherBridgesDevices.put(topic, recordedDevices(parse(message)).keySet());
            return;
        }
        BridgeTopics.Route route = topics.route(topic);
        if (route instanceof BridgeTopics.Route.Set s) {
            DeviceSlot slot = slots.get(s.device());
            if (slot != null) {
                commands.incrementAndGet();
                slot.handleSet(s.attribute(), message);
            }
        } else if (route instanceof BridgeTopics.Route.Get g) {
            DeviceSlot slot = slots.get(g.device());
            if (slot != null) {
                slot.handleGet();
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
            for (DeviceSlot s : slots.values()) {
                s.publishAvailability();
                s.publishState();
            }
        }));
    }

    /** Discovery of every device whose profile is known (a device not open yet is announced when its URI names one). */
    private void publishDiscovery() {
        for (DeviceSlot s : slots.values()) {
            s.discoveryInfo().ifPresent(info -> publishDiscovery(s.name(), info, s.heatLimit()));
        }
    }

    private void publishDiscovery(String device, DeviceInfo info, int heatLimit) {
        if (!config.homeAssistant().enabled()) {
            return;
        }
        try {
            ObjectNode payload = DiscoveryPayloads.device(topics, device, info,
                    List.copyOf(new TreeSet<>(routines.keySet())), heatLimit);
            publish(new OutboundMessage(DiscoveryPayloads.topic(config.homeAssistant().prefix(), device),
                    Json.bytes(payload), 1, true, 0, Optional.empty(), new byte[0]));
        } catch (RuntimeException e) {
            LOG.error("discovery for {} failed", device, e);
        }
    }

    /**
     * Clears the retained topics of devices this bridge had last time but no longer has: only the
     * topics its record says it published, and only for a device no other bridge records as its own
     * now (a device moved to another bridge keeps its state and discovery).
     */
    private void removeGhosts() {
        JsonNode previous = ownPreviousRecord;
        ownPreviousRecord = null;
        if (previous == null) {
            return;
        }
        Map<String, List<String>> recorded = recordedDevices(previous);
        for (Map.Entry<String, List<String>> e : recorded.entrySet()) {
            String name = e.getKey();
            if (slots.containsKey(name)) {
                continue;
            }
            Optional<String> owner = otherBridgesDevices.entrySet().stream().filter(o -> o.getValue().contains(name))
                    .map(Map.Entry::getKey).findFirst();
            if (owner.isPresent()) {
                LOG.info("device '{}' is no longer on this bridge but {} records it as its own: its topics are left alone",
                        name, owner.get());
                continue;
            }
            LOG.info("device '{}' was removed from the configuration: clearing the retained topics this bridge "
                    + "published for it", name);
            for (String t : e.getValue()) {
                publish(OutboundMessage.clearRetained(t));
            }
        }
    }

    /**
     * The devices of a retained device record and the topics recorded for each. A record of an
     * older version (a list of names) recorded no topics: its devices' state, availability and
     * discovery topics are the ones that version published.
     */
    private Map<String, List<String>> recordedDevices(JsonNode record) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        if (record == null) {
            return result;
        }
        if (record.isArray()) {
            for (JsonNode n : record) {
                String name = n.asText();
                if (n.isTextual() && DeviceName.isValid(name)) {
                    List<String> t = new ArrayList<>(List.of(topics.state(name), topics.availability(name)));
                    if (config.homeAssistant().enabled()) {
                        t.add(DiscoveryPayloads.topic(config.homeAssistant().prefix(), name));
                    }
                    result.put(name, t);
                }
            }
            return result;
        }
        for (var it = record.path("devices").fields(); it.hasNext(); ) {
            var e = it.next();
            if (!DeviceName.isValid(e.getKey()) || !e.getValue().isArray()) {
                continue;
            }
            List<String> t = new ArrayList<>();
            for (JsonNode n : e.getValue()) {
                // Only topics a bridge could have published for this device: never a wildcard, never another base.
                String topic = n.asText();
                if (n.isTextual() && !topic.contains("+") && !topic.contains("#") && (topic.equals(topics.state(e.getKey()))
                        || topic.equals(topics.availability(e.getKey()))
                        || topic.equals(DiscoveryPayloads.topic(config.homeAssistant().prefix(), e.getKey())))) {
                    t.add(topic);
                }
            }
            result.put(e.getKey(), t);
        }
        return result;
    }

    private static JsonNode parse(InboundMessage message) {
        try {
            return message.payload().length == 0 ? null : Json.MAPPER.readTree(message.payload());
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("ignoring an unreadable message on {}", message.topic());
            return null;
        }
    }

    /** {@code ping}, {@code takeover} and {@code sync} on this instance's own topics. */
    private void instanceRequest(String what, InboundMessage message) {
        switch (what) {
            case "sync" -> {
                if (handingOverTo == null) {
                    removeGhosts();
                }
            }
            case "ping" -> publish(new OutboundMessage(topics.instance(identity.instance(), "pong"),
                    Json.bytes(identity.state(handingOverTo == null ? "online" : "handing-over", List.copyOf(slots.keySet()))),
                    1, false, 0, Optional.empty(), new byte[0]));
            case "takeover" -> {
                if (message.retained() || handingOverTo != null) {
                    return;
                }
                JsonNode from = parse(message);
                String successor = from == null ? "?" : from.path("instance").asText("?");
                handingOverTo = successor;
                LOG.warn("instance {} (host {}, pid {}) takes over bridge '{}': stopping every device and stepping aside",
                        successor, from == null ? "?" : from.path("host").asText("?"),
                        from == null ? "?" : from.path("pid").asText("?"), config.name());
                Thread t = new Thread(this::stepAside, "solemate-bridge-handover");
                t.setDaemon(true);
                t.start();
            }
            default -> LOG.debug("ignoring {} on this instance's topics", what);
        }
    }

    /**
     * Stops and closes every device (each ends at zero) without publishing their {@code offline}
     * or this bridge's: the successor publishes {@code online} over them, so Home Assistant never
     * shows the devices unavailable. Then says {@code released} and disconnects cleanly (no will).
     */
    private void stepAside() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        outlet.mute();
        closeDevices();
        List<OutboundMessage> lastWords = List.of(new OutboundMessage(topics.instance(identity.instance(), "released"),
                Json.bytes(identity.state("released", List.copyOf(slots.keySet()))), 1, false, 0, Optional.empty(),
                new byte[0]));
        shutDown(lastWords);
        LOG.info("bridge '{}' handed over to instance {}", config.name(), handingOverTo);
        onHandedOver.run();
    }

    private void refuseWhileHandingOver(InboundMessage message) {
        BridgeTopics.Route route = topics.route(message.topic());
        if (route instanceof BridgeTopics.Route.Set s && slots.containsKey(s.device())) {
            Replies.respond(this::publish, topics.response(s.device()), message, Json.error("bridge '" + config.name()
                    + "' is handing over to instance " + handingOverTo + "; send the command again in a few seconds",
                    Replies.transactionOf(message)));
        }
    }

    /** What devices and waiting slots publish: through the outlet, so that it can be muted at a handover. */
    private void publishDeviceMessage(OutboundMessage message) {
        outlet.publish(message).whenComplete((ok, e) -> {
            if (e != null) {
                LOG.debug("publish to {} failed: {}", message.topic(), e.toString());
            }
        });
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
        for (DeviceSlot s : slots.values()) {
            ObjectNode d = list.addObject();
            d.put("name", s.name());
            d.put("bridge", config.name());
            Optional<DeviceAdapter> a = s.adapter();
            Optional<DeviceProfile> profile = a.isPresent() ? Optional.of(a.get().massager().profile()) : s.expectedProfile();
            d.put("profile", profile.map(DeviceProfile::id).orElse(null));
            d.put("model", profile.map(DeviceProfile::name).orElse(null));
            d.put("serial", a.map(x -> x.massager().info().serialNumber()).orElse(null));
            d.put("connection", s.connection());
            d.put("routine", a.flatMap(DeviceAdapter::routine).orElse(null));
            s.failure().ifPresent(f -> d.put("error", f));
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
        h.put("devices", slots.size());
        ObjectNode connections = Json.object();
        ObjectNode errors = Json.object();
        for (DeviceSlot s : slots.values()) {
            connections.put(s.name(), s.connection());
            s.failure().ifPresent(f -> errors.put(s.name(), f));
        }
        h.put("connected", slots.values().stream().filter(s -> s.connection().equals(ConnectionState.CONNECTED.id())).count());
        h.put("playing", slots.values().stream().filter(s -> s.adapter().flatMap(DeviceAdapter::routine).isPresent()).count());
        h.set("device_connections", connections);
        h.set("device_errors", errors);
        h.put("commands", commands.get());
        h.put("busy", slots.values().stream().mapToLong(DeviceSlot::busyCount).sum());
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
        closeDevices();
        List<OutboundMessage> lastWords = new ArrayList<>();
        for (DeviceSlot s : slots.values()) {
            lastWords.add(s.stateMessage());
            lastWords.add(s.offlineMessage());
        }
        lastWords.add(new OutboundMessage(topics.bridgeState(), Json.bytes(identity.will()), 1, true, 0,
                Optional.empty(), new byte[0]));
        shutDown(lastWords);
        LOG.info("bridge '{}' stopped", config.name());
    }

    /** Cancels timers and retries and closes every device, a few at a time (each confirms its stop). */
    private void closeDevices() {
        for (Timeline.Cancellable t : new Timeline.Cancellable[] {brokerLossTimer, rediscoveryTimer}) {
            if (t != null) {
                t.cancel();
            }
        }
        opener.shutdown();
        ExecutorService closers = Executors.newFixedThreadPool(Math.min(8, Math.max(1, slots.size())), r -> {
            Thread t = new Thread(r, "solemate-bridge-close");
            t.setDaemon(true);
            return t;
        });
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (DeviceSlot s : slots.values()) {
            closing.add(CompletableFuture.runAsync(() -> {
                try {
                    s.close();
                } catch (RuntimeException e) {
                    LOG.warn("closing {} failed: {}", s.name(), e.toString());
                }
            }, closers));
        }
        try {
            CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("not every device confirmed its stop: {}", e.toString());
        }
        closers.shutdown();
        try {
            // An open in progress ends by closing the device it opened, as the bridge is closed.
            if (!opener.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("a device was still being opened at shutdown; it is closed as soon as it answers");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets queued publishes go out, then sends {@code lastWords} and disconnects cleanly. */
    private void shutDown(List<OutboundMessage> lastWords) {
        publisher.shutdown();
        try {
            publisher.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        link.close(lastWords);
    }
}
