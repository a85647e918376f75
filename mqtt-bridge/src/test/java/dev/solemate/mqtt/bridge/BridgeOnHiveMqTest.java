package dev.solemate.mqtt.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solemate.mqtt.MqttBridge;
import dev.solemate.mqtt.client.OutboundMessage;
import dev.solemate.mqtt.testing.Bridges;
import dev.solemate.mqtt.testing.HiveMq;
import dev.solemate.mqtt.testing.Probe;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bridge end to end against a real MQTT 5 broker (HiveMQ CE embedded in the test JVM). */
@Timeout(60)
class BridgeOnHiveMqTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private String base;
    private MqttBridge bridge;
    private Probe user;

    @BeforeEach
    void start() {
        HiveMq broker = HiveMq.shared();
        base = Bridges.uniqueBase();
        user = new Probe(broker.url(), base + "/#", "homeassistant/device/#");
        bridge = Bridges.start(Bridges.config(broker.url(), base)
                .device("bedroom=" + Bridges.simUri("shiatsu-4zone"))
                .device("office=" + Bridges.simUri("budget-2zone"))
                .build());
    }

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
        user.close();
    }

    @Test
    void announcesItselfOnlineWithEveryDeviceAvailableAndItsStateRetained() {
        user.awaitJson(base + "/bridge/state", s -> s.path("state").asText().equals("online"), WAIT);
        user.await(base + "/bedroom/availability", m -> m.text().equals("online"), WAIT);
        JsonNode state = user.awaitJson(base + "/office", s -> s.has("power"), WAIT);
        assertThat(state.path("power").asText()).isEqualTo("OFF");
        assertThat(state.path("routine").isNull()).isTrue();
        assertThat(state.path("zones").has("ball")).isTrue();
        assertThat(state.path("connection").asText()).isEqualTo("connected");

        try (Probe late = new Probe(HiveMq.shared().url(), base + "/bedroom")) {
            assertThat(late.await(base + "/bedroom", m -> m.retained(), WAIT).retained()).isTrue();
        }
    }

    @Test
    void zoneCommandMovesTheZoneAndIsAnsweredWithTheTransaction() {
        user.awaitJson(base + "/bedroom", s -> s.has("power"), WAIT);
        user.publish(base + "/bedroom/set", "{\"zones\":{\"arch\":{\"technique\":\"roll\",\"intensity\":40}},\"transaction\":\"t1\"}");

        JsonNode response = user.awaitJson(base + "/bedroom/response", r -> r.path("transaction").asText().equals("t1"), WAIT);
        assertThat(response.path("status").asText()).isEqualTo("ok");
        JsonNode state = user.awaitJson(base + "/bedroom", s -> s.path("zones").path("arch").path("intensity").asDouble() == 40, WAIT);
        assertThat(state.path("zones").path("arch").path("technique").asText()).isEqualTo("roll");
        assertThat(state.path("power").asText()).isEqualTo("ON");
    }

    @Test
    void attributeShortcutSetsOneValue() {
        user.publish(base + "/bedroom/set/heel_intensity", "20");
        user.awaitJson(base + "/bedroom", s -> s.path("zones").path("heel").path("intensity").asDouble() == 20, WAIT);
        user.publish(base + "/bedroom/set/power", "OFF");
        user.awaitJson(base + "/bedroom", s -> s.path("power").asText().equals("OFF"), WAIT);
    }

    @Test
    void invalidCommandIsAnsweredWithAnErrorAndChangesNothing() {
        JsonNode before = user.awaitJson(base + "/bedroom", s -> s.has("power"), WAIT);
        user.publish(base + "/bedroom/set", "{\"zones\":{\"arch\":{\"intensity\":140}},\"transaction\":7}");

        JsonNode response = user.awaitJson(base + "/bedroom/response", r -> r.path("transaction").asInt() == 7, WAIT);
        assertThat(response.path("status").asText()).isEqualTo("error");
        assertThat(response.path("error").asText())
                .isEqualTo("zones.arch.intensity 140 is out of range (expected 0 to 100)");
        assertThat(bridge.massager("bedroom").orElseThrow().state().isAtZero()).isTrue();
        user.publish(base + "/bedroom/get", "");
        JsonNode after = user.awaitJson(base + "/bedroom", s -> s.has("power"), WAIT);
        assertThat(after.path("zones")).isEqualTo(before.path("zones"));
    }

    @Test
    void routineStartsWithAnEventAndPowerOffStopsItWithAReason() {
        user.publish(base + "/bedroom/set", "{\"routine\":\"bedtime\",\"transaction\":\"r\"}");
        user.awaitJson(base + "/bedroom/response", r -> r.path("transaction").asText().equals("r")
                && r.path("status").asText().equals("ok"), WAIT);
        user.awaitJson(base + "/bedroom/event", e -> e.path("event").asText().equals("routine_started")
                && e.path("routine").asText().equals("bedtime"), WAIT);
        user.awaitJson(base + "/bedroom", s -> s.path("routine").asText().equals("bedtime")
                && s.path("playback").asText().equals("playing") && s.path("remaining").asLong() > 0, WAIT);

        user.publish(base + "/bedroom/set", "{\"power\":\"OFF\"}");
        JsonNode stopped = user.awaitJson(base + "/bedroom/event", e -> e.path("event").asText().equals("routine_stopped"), WAIT);
        assertThat(stopped.path("reason").asText()).isNotEmpty();
        user.awaitJson(base + "/bedroom", s -> s.path("routine").isNull() && s.path("power").asText().equals("OFF"), WAIT);
        assertThat(bridge.massager("bedroom").orElseThrow().state().isAtZero()).isTrue();
    }

    @Test
    void retainedSetLeftOnTheBrokerIsNeverActedOn() {
        String topic = base + "/office/set";
        user.publish(OutboundMessage.of(topic, "{\"routine\":\"bedtime\"}", 1, true));
        try (MqttBridge second = Bridges.start(Bridges.config(HiveMq.shared().url(), base).name("second")
                .device("office=" + Bridges.simUri("budget-2zone")).build())) {
            JsonNode response = user.awaitJson(base + "/office/response", r -> r.path("error").asText().contains("retained"), WAIT);
            assertThat(response.path("status").asText()).isEqualTo("error");
            assertThat(second.massager("office").orElseThrow().state().isAtZero()).isTrue();
        } finally {
            user.publish(OutboundMessage.clearRetained(topic));
        }
        assertThat(bridge.massager("office").orElseThrow().state().isAtZero()).isTrue();
    }

    @Test
    void bridgeRequestListsDevicesWithTheTransactionEchoed() {
        user.publish(base + "/bridge/request/devices", "{\"transaction\":\"d1\"}");
        JsonNode response = user.awaitJson(base + "/bridge/response/devices", r -> r.path("transaction").asText().equals("d1"), WAIT);
        assertThat(response.path("status").asText()).isEqualTo("ok");
        assertThat(response.path("data").findValuesAsText("name")).containsExactly("bedroom", "office");

        user.publish(base + "/bridge/request/reboot", "{\"transaction\":\"x\"}");
        JsonNode error = user.awaitJson(base + "/bridge/response/error", r -> r.path("transaction").asText().equals("x"), WAIT);
        assertThat(error.path("error").asText()).isEqualTo("unknown request 'reboot' (expected one of: devices, health, routines)");
    }

    @Test
    void cleanShutdownStopsEveryDeviceAndPublishesOffline() {
        user.publish(base + "/bedroom/set", "{\"zones\":{\"toes\":{\"intensity\":20}}}");
        user.awaitJson(base + "/bedroom", s -> s.path("power").asText().equals("ON"), WAIT);
        var massager = bridge.massager("bedroom").orElseThrow();
        bridge.close();
        bridge = null;
        assertThat(massager.state().isAtZero()).isTrue();
        user.await(base + "/bedroom/availability", m -> m.text().equals("offline"), WAIT);
        user.awaitJson(base + "/bridge/state", s -> s.path("state").asText().equals("offline"), WAIT);
    }
}
