package dev.solemate.mqtt.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solemate.mqtt.MqttBridge;
import dev.solemate.mqtt.client.InboundMessage;
import dev.solemate.mqtt.config.BridgeConfig;
import dev.solemate.mqtt.config.DeviceRetryPolicy;
import dev.solemate.mqtt.testing.Bridges;
import dev.solemate.mqtt.testing.GatedDriver;
import dev.solemate.mqtt.testing.HiveMq;
import dev.solemate.mqtt.testing.Probe;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A device that does not answer at start (unplugged, its serial bridge not up yet) does not keep the
 * bridge or the other devices down: it is shown offline, refuses commands with the reason, and comes
 * online by itself, at zero, once it answers. Against HiveMQ CE embedded.
 */
@Timeout(60)
class AbsentDeviceOnHiveMqTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final DeviceRetryPolicy FAST_RETRY = new DeviceRetryPolicy(Duration.ofMillis(50), Duration.ofMillis(200));

    private String base;
    private Probe user;
    private MqttBridge bridge;

    @BeforeEach
    void connectUser() {
        base = Bridges.uniqueBase();
        user = new Probe(HiveMq.shared().url(), base + "/#", "homeassistant/device/#");
    }

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
        user.close();
    }

    private BridgeConfig.Builder config() {
        return Bridges.config(HiveMq.shared().url(), base).deviceRetry(FAST_RETRY);
    }

    @Test
    void bridgeStartsWithTheOtherDevicesWorkingAndTheAbsentOneOfflineUntilItAnswers() {
        GatedDriver.Gate gate = GatedDriver.newGate();
        String uri = gate.uri("budget-2zone");
        bridge = Bridges.start(config()
                .device("office=" + Bridges.simUri("shiatsu-4zone"))
                .device("bedroom=" + uri)
                .build());

        assertThat(bridge.devices()).containsExactly("office", "bedroom");
        assertThat(bridge.massager("bedroom")).isEmpty();
        user.await(base + "/bedroom/availability", m -> m.text().equals("offline"), WAIT);
        assertThat(user.received(base + "/bedroom/availability")).extracting(InboundMessage::text).containsOnly("offline");
        JsonNode waiting = user.awaitJson(base + "/bedroom", s -> s.has("connection"), WAIT);
        assertThat(waiting.path("connection").asText()).isEqualTo("disconnected");
        assertThat(waiting.path("connection_error").asText()).isEqualTo(uri + ": " + gate.refusal());
        assertThat(waiting.path("zones").has("ball")).isTrue();
        JsonNode discovery = user.awaitJson("homeassistant/device/solemate_bedroom/config",
                d -> d.path("state_topic").asText().equals(base + "/bedroom"), WAIT);
        assertThat(discovery.path("dev").path("mdl_id").asText()).isEqualTo("budget-2zone");

        user.publish(base + "/office/set", "{\"zones\":{\"arch\":{\"intensity\":40}},\"transaction\":\"o1\"}");
        JsonNode ok = user.awaitJson(base + "/office/response", r -> r.path("transaction").asText().equals("o1"), WAIT);
        assertThat(ok.path("status").asText()).isEqualTo("ok");

        user.publish(base + "/bedroom/set", "{\"zones\":{\"ball\":{\"intensity\":40}},\"transaction\":\"b1\"}");
        JsonNode refused = user.awaitJson(base + "/bedroom/response", r -> r.path("transaction").asText().equals("b1"), WAIT);
        assertThat(refused.path("status").asText()).isEqualTo("error");
        assertThat(refused.path("error").asText())
                .isEqualTo("device 'bedroom' is not connected (" + uri + ": " + gate.refusal() + "); retrying");

        user.publish(base + "/bridge/request/health", "{\"transaction\":\"h1\"}");
        JsonNode health = user.awaitJson(base + "/bridge/response/health", r -> r.path("transaction").asText().equals("h1"), WAIT);
        assertThat(health.path("data").path("device_connections").path("office").asText()).isEqualTo("connected");
        assertThat(health.path("data").path("device_connections").path("bedroom").asText()).isEqualTo("disconnected");
        assertThat(health.path("data").path("device_errors").path("bedroom").asText()).contains(gate.refusal());

        user.clear();
        user.publish(base + "/bedroom/get", "");
        assertThat(user.awaitJson(base + "/bedroom", s -> s.has("connection"), WAIT).path("connection").asText())
                .isEqualTo("disconnected");

        waitFor(() -> gate.attempts() >= 3);
        user.clear();
        gate.open();

        user.await(base + "/bedroom/availability", m -> m.text().equals("online"), WAIT);
        JsonNode online = user.awaitJson(base + "/bedroom", s -> s.path("connection").asText().equals("connected"), WAIT);
        assertThat(online.path("power").asText()).isEqualTo("OFF");
        assertThat(online.path("zones").path("ball").path("intensity").asDouble()).isZero();
        assertThat(online.has("connection_error")).isFalse();
        user.awaitJson("homeassistant/device/solemate_bedroom/config", d -> d.path("dev").path("sn").asText().startsWith("SIM"), WAIT);
        assertThat(bridge.massager("bedroom").orElseThrow().state().isAtZero()).isTrue();

        user.publish(base + "/bedroom/set", "{\"zones\":{\"ball\":{\"intensity\":50}},\"transaction\":\"b2\"}");
        JsonNode accepted = user.awaitJson(base + "/bedroom/response", r -> r.path("transaction").asText().equals("b2"), WAIT);
        assertThat(accepted.path("status").asText()).isEqualTo("ok");
    }

    @Test
    void bridgeStartsWhenNoDeviceAnswersAndCloseStopsTheRetries() {
        GatedDriver.Gate first = GatedDriver.newGate();
        GatedDriver.Gate second = GatedDriver.newGate();
        bridge = Bridges.start(config()
                .device("bedroom=" + first.uri(null))
                .device("den=" + second.uri(null))
                .build());

        user.awaitJson(base + "/bridge/state", s -> s.path("state").asText().equals("online"), WAIT);
        user.await(base + "/bedroom/availability", m -> m.text().equals("offline"), WAIT);
        user.await(base + "/den/availability", m -> m.text().equals("offline"), WAIT);
        JsonNode state = user.awaitJson(base + "/den", s -> s.has("connection"), WAIT);
        assertThat(state.path("device").path("profile").isNull()).isTrue();
        waitFor(() -> first.attempts() >= 3 && second.attempts() >= 3);

        bridge.close();
        bridge = null;
        int after = first.attempts();
        Probe.sleepFor(Duration.ofMillis(300));
        assertThat(first.attempts()).isEqualTo(after);
        user.awaitJson(base + "/bridge/state", s -> s.path("state").asText().equals("offline"), WAIT);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within %s", WAIT).isLessThan(deadline);
            Probe.sleepFor(Duration.ofMillis(10));
        }
    }
}
