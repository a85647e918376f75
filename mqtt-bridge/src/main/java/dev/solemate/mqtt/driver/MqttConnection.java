package dev.solemate.mqtt.driver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.solemate.DeviceDisconnectedException;
import dev.solemate.MassagerException;
import dev.solemate.device.DeviceProfile;
import dev.solemate.device.DeviceProfiles;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceCommand;
import dev.solemate.driver.DeviceConnection;
import dev.solemate.driver.DeviceEvent;
import dev.solemate.driver.DeviceInfo;
import dev.solemate.driver.DeviceStatus;
import dev.solemate.driver.ZoneSetting;
import dev.solemate.mqtt.bridge.Json;
import dev.solemate.mqtt.client.InboundMessage;
import dev.solemate.mqtt.client.LinkListener;
import dev.solemate.mqtt.client.MqttLink;
import dev.solemate.mqtt.client.OutboundMessage;
import dev.solemate.time.Timeline;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DeviceConnection} over the bridge topic API. Commands go to {@code <device>/set} as MQTT 5
 * requests (response topic, correlation data, message expiry) with a matching {@code transaction};
 * a command completes on the answer in {@code <device>/response}. The retained state topic feeds
 * status reports; {@code availability offline} (or the broker link going down) reports the device
 * disconnected. Link callbacks arrive on the link's dispatch thread, and listener calls are made there.
 */
final class MqttConnection implements DeviceConnection {

    private static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);
    private static final AtomicLong IDS = new AtomicLong();

    private final MqttDeviceAddress address;
    private final MqttLink link;
    private final Timeline timeline;
    private final Duration timeout;
    private final Duration expiry;
    private final Map<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
    private final String prefix = Long.toHexString(System.nanoTime()) + "-";
    private final CompletableFuture<JsonNode> firstState = new CompletableFuture<>();
    private volatile DeviceInfo info;
    private volatile Listener listener = e -> { };
    private volatile boolean available = true;
    private volatile boolean closed;
    /** The latest retained state: who the remote device says it is when the link comes back. */
    private volatile JsonNode latestState;
    private Optional<String> profileParam = Optional.empty();

    private MqttConnection(MqttDeviceAddress address, MqttLink link, Timeline timeline, Duration timeout, Duration expiry) {
        this.address = address;
        this.link = link;
        this.timeline = timeline;
        this.timeout = timeout;
        this.expiry = expiry;
    }

    static MqttConnection open(MqttDeviceAddress address, MqttLink link, Timeline timeline, Duration timeout,
                               Duration expiry, Optional<String> profileParam) {
        MqttConnection c = new MqttConnection(address, link, timeline, timeout, expiry);
        c.profileParam = profileParam;
        link.setListener(c.new Events());
        link.subscribe(List.of(address.topic(""), address.topic("availability"), address.topic("response")));
        try {
            link.connect().get(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
            JsonNode state = c.firstState.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            c.info = c.infoFrom(state, profileParam);
            // A driver hands the core a device at zero, whatever it was doing before.
            c.stopAll().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            java.util.Optional<String> failure = link.isConnected() ? java.util.Optional.empty() : link.lastFailure();
            link.close();
            if (failure.isPresent()) {
                // Not "is the bridge running?": the broker itself could not be reached, and this says why (TLS too).
                throw new MassagerException("cannot connect to " + address.brokerUrl() + ": " + failure.get());
            }
            throw new MassagerException("no retained state on " + address.topic("") + " at " + address.brokerUrl()
                    + " within " + timeout.toMillis() + " ms: is the bridge running and the device name right?");
        } catch (java.util.concurrent.ExecutionException e) {
            link.close();
            throw new MassagerException("cannot reach " + address.brokerUrl() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            link.close();
            throw new MassagerException("interrupted while opening " + address.topic(""), e);
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
        return c;
    }

    private DeviceInfo infoFrom(JsonNode state, Optional<String> profileParam) {
        JsonNode device = state.path("device");
        String profileId = profileParam.orElse(device.path("profile").asText(""));
        if (profileId.isEmpty()) {
            throw new MassagerException("the state on " + address.topic("") + " does not name a device profile "
                    + "(add ?profile=<id or file.json> to the URI)");
        }
        DeviceProfile profile;
        try {
            profile = DeviceProfiles.resolve(profileId);
        } catch (RuntimeException e) {
            throw new MassagerException("device profile '" + profileId + "' of " + address.topic("")
                    + " is not known here: " + e.getMessage() + " (add ?profile=<file.json> to the URI)", e);
        }
        return new DeviceInfo(profile, device.path("firmware").asText("n/a"),
                device.path("serial").asText("mqtt:" + address.device()));
    }

    @Override
    public DeviceInfo info() {
        return info;
    }

    /** Who the remote says it is in its latest retained state (another unit may sit behind the name now). */
    private DeviceInfo infoNow() {
        JsonNode state = latestState;
        if (state != null) {
            try {
                DeviceInfo now = infoFrom(state, profileParam);
                info = now;
                return now;
            } catch (RuntimeException e) {
                LOG.warn("{}: cannot read who the device is from its state ({}); keeping {}", address.topic(""),
                        e.getMessage(), info.serialNumber());
            }
        }
        return info;
    }

    @Override
    public CompletableFuture<Void> send(DeviceCommand command) {
        ObjectNode body = Json.object();
        if (command instanceof DeviceCommand.SetZone z) {
            double percent = 100.0 * z.level() / info.profile().intensitySteps();
            body.putObject("zones").putObject(z.zone().id()).put("technique", z.technique().id())
                    .put("intensity", percent);
        } else if (command instanceof DeviceCommand.SetHeat h) {
            body.put("heat", h.celsius());
        } else if (command instanceof DeviceCommand.HeatOff) {
            body.putNull("heat");
        } else {
            body.put("power", "OFF");
        }
        return request(body);
    }

    @Override
    public CompletableFuture<Void> stopAll() {
        ObjectNode body = Json.object().put("power", "OFF");
        try {
            return request(body);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Void> request(ObjectNode body) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new DeviceDisconnectedException(address.topic("") + " is closed"));
            return done;
        }
        if (!available || !link.isConnected()) {
            done.completeExceptionally(new DeviceDisconnectedException(address.topic("") + " is offline"));
            return done;
        }
        String id = prefix + IDS.incrementAndGet();
        body.put("transaction", id);
        pending.put(id, done);
        Timeline.Cancellable timer = timeline.scheduleAt(timeline.nanoTime() + timeout.toNanos(), () -> {
            CompletableFuture<Void> p = pending.remove(id);
            if (p != null) {
                p.completeExceptionally(new MassagerException("no answer from " + address.topic("") + " within "
                        + timeout.toMillis() + " ms"));
            }
        });
        done.whenComplete((v, e) -> timer.cancel());
        OutboundMessage message = new OutboundMessage(address.topic("set"), Json.bytes(body), 1, false,
                expiry.toSeconds(), Optional.empty(), new byte[0])
                .asRequest(expiry.toSeconds(), address.topic("response"), id.getBytes(StandardCharsets.UTF_8));
        link.publish(message).whenComplete((v, e) -> {
            if (e != null) {
                CompletableFuture<Void> p = pending.remove(id);
                if (p != null) {
                    p.completeExceptionally(new DeviceDisconnectedException("cannot send to " + address.topic("set")
                            + ": " + e.getMessage()));
                }
            }
        });
        return done;
    }

    @Override
    public void setListener(Listener newListener) {
        this.listener = newListener;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            stopAll().get(Math.min(2000, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.debug("stop before closing {}: {}", address.topic(""), e.toString());
        }
        closed = true;
        link.close();
        failAll("closed");
    }

    private void failAll(String why) {
        for (Iterator<Map.Entry<String, CompletableFuture<Void>>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            CompletableFuture<Void> p = it.next().getValue();
            it.remove();
            p.completeExceptionally(new DeviceDisconnectedException(address.topic("") + " " + why));
        }
    }

    private void emit(DeviceEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("listener failed on {}", event, e);
        }
    }

    /** Link events, on the link's dispatch thread. */
    private final class Events implements LinkListener {

        /**
         * The link is back: the remote massager may have kept running all the while (its bridge
         * decides that), so it is reported as reconnected, never as at zero; the core answers with
         * a stop, which this connection sends like any request and which completes when the remote
         * bridge confirms it.
         */
        @Override
        public void onConnected(boolean reconnect) {
            if (reconnect && available && info != null) {
                emit(new DeviceEvent.Reconnected(infoNow()));
            }
        }

        @Override
        public void onConnectionLost(String cause) {
            failAll("lost its broker link: " + cause);
            if (info != null && available) {
                emit(new DeviceEvent.Disconnected("broker link lost: " + cause));
            }
        }

        @Override
        public void onMessage(InboundMessage message) {
            String topic = message.topic();
            if (topic.equals(address.topic("response"))) {
                onResponse(message);
            } else if (topic.equals(address.topic("availability"))) {
                boolean online = message.text().trim().equals("online");
                if (online != available) {
                    available = online;
                    if (info != null) {
                        if (online) {
                            emit(new DeviceEvent.Reconnected(infoNow()));
                        } else {
                            failAll("went offline");
                            emit(new DeviceEvent.Disconnected(address.topic("availability") + " says offline"));
                        }
                    }
                }
            } else if (topic.equals(address.topic(""))) {
                JsonNode state = parse(message.payload());
                if (state == null || !state.isObject()) {
                    return;
                }
                latestState = state;
                if (!firstState.isDone()) {
                    firstState.complete(state);
                } else if (info != null) {
                    status(state).ifPresent(s -> emit(new DeviceEvent.StatusReport(s)));
                }
            }
        }

        private void onResponse(InboundMessage message) {
            JsonNode body = parse(message.payload());
            String id = message.correlationData().length > 0
                    ? new String(message.correlationData(), StandardCharsets.UTF_8)
                    : body == null ? "" : body.path("transaction").asText("");
            CompletableFuture<Void> p = pending.remove(id);
            if (p == null) {
                return;
            }
            if (body != null && body.path("status").asText().equals("ok")) {
                p.complete(null);
            } else {
                String error = body == null ? "unreadable response" : body.path("error").asText("unknown error");
                p.completeExceptionally(new MassagerException(address.device() + " refused: " + error));
            }
        }
    }

    private Optional<DeviceStatus> status(JsonNode state) {
        try {
            Map<Zone, ZoneSetting> zones = new EnumMap<>(Zone.class);
            for (Iterator<Map.Entry<String, JsonNode>> it = state.path("zones").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Zone zone = Zone.parse(e.getKey());
                if (!info.profile().hasZone(zone)) {
                    continue;
                }
                int level = e.getValue().has("level") ? e.getValue().path("level").asInt()
                        : info.profile().levelOf(dev.solemate.device.Intensity.of(e.getValue().path("intensity").asDouble()));
                zones.put(zone, new ZoneSetting(Technique.parse(e.getValue().path("technique").asText()),
                        Math.max(0, Math.min(level, info.profile().intensitySteps()))));
            }
            OptionalInt heat = state.path("heat").canConvertToInt() && !state.path("heat").isNull()
                    ? OptionalInt.of(state.path("heat").asInt()) : OptionalInt.empty();
            OptionalDouble temperature = state.path("temperature").isNumber()
                    ? OptionalDouble.of(state.path("temperature").asDouble()) : OptionalDouble.empty();
            return Optional.of(new DeviceStatus(zones, heat, temperature));
        } catch (RuntimeException e) {
            LOG.debug("ignoring a state I cannot read on {}: {}", address.topic(""), e.toString());
            return Optional.empty();
        }
    }

    private static JsonNode parse(byte[] payload) {
        try {
            return payload.length == 0 ? null : Json.MAPPER.readTree(payload);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
