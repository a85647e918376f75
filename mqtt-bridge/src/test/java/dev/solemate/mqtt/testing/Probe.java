package dev.solemate.mqtt.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solemate.mqtt.bridge.Json;
import dev.solemate.mqtt.client.InboundMessage;
import dev.solemate.mqtt.client.LinkListener;
import dev.solemate.mqtt.client.LinkOptions;
import dev.solemate.mqtt.client.MqttLink;
import dev.solemate.mqtt.client.OutboundMessage;
import dev.solemate.mqtt.client.PahoMqttLink;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A test MQTT client standing in for Home Assistant or a user: subscribes, records every message
 * and waits for one that matches.
 */
public final class Probe implements AutoCloseable {

    private static final AtomicInteger IDS = new AtomicInteger();
    private final MqttLink link;
    private final List<InboundMessage> received = new CopyOnWriteArrayList<>();

    public Probe(String url, String... filters) {
        this(LinkOptions.of(url, "probe-" + IDS.incrementAndGet() + "-" + ProcessHandle.current().pid()), filters);
    }

    public Probe(LinkOptions options, String... filters) {
        link = new PahoMqttLink(options);
        link.setListener(new LinkListener() {
            @Override
            public void onConnected(boolean reconnect) {
            }

            @Override
            public void onConnectionLost(String cause) {
            }

            @Override
            public void onMessage(InboundMessage message) {
                received.add(message);
            }
        });
        link.subscribe(List.of(filters));
        try {
            link.connect().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("probe cannot connect to " + options.serverUri(), e);
        }
    }

    public MqttLink link() {
        return link;
    }

    public void publish(String topic, String payload) {
        publish(OutboundMessage.of(topic, payload, 1, false));
    }

    public void publish(OutboundMessage message) {
        try {
            link.publish(message).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("publish to " + message.topic() + " failed", e);
        }
    }

    public List<InboundMessage> received(String topic) {
        List<InboundMessage> list = new ArrayList<>();
        for (InboundMessage m : received) {
            if (m.topic().equals(topic)) {
                list.add(m);
            }
        }
        return list;
    }

    /** Every message received so far, on every topic. */
    public List<InboundMessage> all() {
        return List.copyOf(received);
    }

    public void clear() {
        received.clear();
    }

    /** Waits for a message on {@code topic} whose payload matches. */
    public InboundMessage await(String topic, Predicate<InboundMessage> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (InboundMessage m : received) {
                if (m.topic().equals(topic) && match.test(m)) {
                    return m;
                }
            }
            sleep(10);
        }
        throw new AssertionError("no matching message on " + topic + " within " + timeout.toMillis() + " ms; got: "
                + received(topic).stream().map(InboundMessage::text).toList());
    }

    /** Waits for a JSON message on {@code topic} that matches. */
    public JsonNode awaitJson(String topic, Predicate<JsonNode> match, Duration timeout) {
        return json(await(topic, m -> {
            JsonNode n = json(m);
            return n != null && match.test(n);
        }, timeout));
    }

    public JsonNode awaitJson(String topic, Predicate<JsonNode> match) {
        return awaitJson(topic, match, Duration.ofSeconds(10));
    }

    public static JsonNode json(InboundMessage m) {
        try {
            return m.payload().length == 0 ? null : Json.MAPPER.readTree(m.payload());
        } catch (IOException e) {
            return null;
        }
    }

    /** Latest message on a topic, if any. */
    public Optional<InboundMessage> last(String topic) {
        List<InboundMessage> list = received(topic);
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(list.size() - 1));
    }

    public static void sleepFor(Duration duration) {
        sleep(duration.toMillis());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        link.close();
    }
}
