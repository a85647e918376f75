package dev.solemate.mqtt.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solemate.mqtt.MqttBridge;
import dev.solemate.mqtt.testing.Bridges;
import dev.solemate.mqtt.testing.HiveMq;
import dev.solemate.mqtt.testing.Probe;
import dev.solemate.mqtt.testing.QuietDriver;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Against a real broker, with a device that acknowledges and never reports on its own (as a serial
 * device): the retained state and {@code /get} follow the governor's gradual rise to the level the
 * device runs at, not the first step the command got.
 */
@Timeout(60)
class StateFollowsRiseOnHiveMqTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private String base;
    private MqttBridge bridge;
    private Probe user;

    @BeforeEach
    void start() {
        HiveMq broker = HiveMq.shared();
        base = Bridges.uniqueBase();
        user = new Probe(broker.url(), base + "/#");
        // Rises at 100 points a second: shiatsu-4zone's 5 levels take 0.8 s after the first.
        bridge = Bridges.start(Bridges.config(broker.url(), base)
                .device("bedroom=" + QuietDriver.uri("shiatsu-4zone")).build());
    }

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
        user.close();
    }

    @Test
    void theRetainedStateReachesTheLevelTheGovernorRaisedTheDeviceTo() {
        user.awaitJson(base + "/bedroom", s -> s.has("power"), WAIT);
        user.publish(base + "/bedroom/set", "{\"zones\":{\"arch\":{\"technique\":\"knead\",\"intensity\":100}},\"transaction\":\"up\"}");
        JsonNode response = user.awaitJson(base + "/bedroom/response", r -> r.path("transaction").asText().equals("up"), WAIT);
        assertThat(response.path("status").asText()).isEqualTo("ok");

        user.awaitJson(base + "/bedroom", s -> s.path("zones").path("arch").path("level").asInt() == 5, WAIT);
        List<Integer> levels = user.received(base + "/bedroom").stream()
                .map(m -> Probe.json(m).path("zones").path("arch").path("level").asInt()).distinct().toList();
        assertThat(levels).as("states seen during the rise, in order").isSorted().endsWith(5);

        try (Probe late = new Probe(HiveMq.shared().url(), base + "/bedroom")) {
            JsonNode retained = Probe.json(late.await(base + "/bedroom", m -> m.retained(), WAIT));
            assertThat(retained.path("zones").path("arch").path("level").asInt()).as("the retained state").isEqualTo(5);
        }
        user.clear();
        user.publish(base + "/bedroom/get", "");
        JsonNode got = user.awaitJson(base + "/bedroom", s -> s.has("zones"), WAIT);
        assertThat(got.path("zones").path("arch").path("level").asInt()).as("/get").isEqualTo(5);

        user.publish(base + "/bedroom/set", "{\"power\":\"OFF\"}");
        user.awaitJson(base + "/bedroom", s -> s.path("zones").path("arch").path("level").asInt() == 0, WAIT);
    }
}
