package dev.solemate.mqtt.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solemate.Massager;
import dev.solemate.Massagers;
import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.mqtt.MqttBridge;
import dev.solemate.mqtt.client.MqttProtocol;
import dev.solemate.mqtt.client.OutboundMessage;
import dev.solemate.mqtt.config.BrokerConfig;
import dev.solemate.mqtt.testing.Bridges;
import dev.solemate.mqtt.testing.Mosquitto;
import dev.solemate.mqtt.testing.Probe;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bridge speaking MQTT 3.1.1, as it must to a broker that knows nothing newer. */
@Timeout(60)
class Mqtt311BrokerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private Mosquitto broker;

    @BeforeEach
    void startBroker() throws Exception {
        broker = Mosquitto.plain(Files.createTempDirectory("solemate-311"));
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    @Test
    void commandsRequestsAndStateWorkWithoutMqtt5Features() {
        try (Probe user = new Probe(broker.url(), "solemate/#");
             MqttBridge bridge = Bridges.start(Bridges.config(broker.url(), "solemate")
                     .broker(BrokerConfig.of(broker.url()).withProtocol(MqttProtocol.MQTT_3_1_1))
                     .device("bedroom=" + Bridges.simUri("shiatsu-4zone")).build())) {
            user.awaitJson("solemate/bridge/state", s -> s.path("state").asText().equals("online"), WAIT);
            user.publish("solemate/bedroom/set", "{\"zones\":{\"heel\":{\"intensity\":40}},\"transaction\":\"v3\"}");
            JsonNode response = user.awaitJson("solemate/bedroom/response", r -> r.path("transaction").asText().equals("v3"), WAIT);
            assertThat(response.path("status").asText()).isEqualTo("ok");
            user.awaitJson("solemate/bedroom", s -> s.path("zones").path("heel").path("level").asInt() == 2, WAIT);

            user.publish("solemate/bridge/request/routines", "{\"transaction\":\"r\"}");
            JsonNode routines = user.awaitJson("solemate/bridge/response/routines", r -> r.path("transaction").asText().equals("r"), WAIT);
            assertThat(routines.path("data").findValuesAsText("name")).contains("bedtime");
        }
    }

    @Test
    void mqttDriverSpeaks311AndMatchesAnswersByTransaction() throws Exception {
        try (MqttBridge bridge = Bridges.start(Bridges.config(broker.url(), "solemate")
                .broker(BrokerConfig.of(broker.url()).withProtocol(MqttProtocol.MQTT_3_1_1))
                .device("den=" + Bridges.simUri("budget-2zone")).build());
             Massager remote = Massagers.open("mqtt://127.0.0.1:" + broker.port() + "/solemate/den?protocol=3.1.1")) {
            remote.setZone(Zone.BALL, Technique.KNEAD, Intensity.of(34)).get(5, TimeUnit.SECONDS);
            remote.stop().get(5, TimeUnit.SECONDS);
            assertThat(bridge.massager("den").orElseThrow().state().isAtZero()).isTrue();
        }
    }

    @Test
    void retainedCommandReplayedAtSubscriptionIsRefused() {
        try (Probe user = new Probe(broker.url(), "solemate/#")) {
            user.publish(OutboundMessage.of("solemate/bedroom/set", "{\"routine\":\"bedtime\"}", 1, true));
            try (MqttBridge bridge = Bridges.start(Bridges.config(broker.url(), "solemate")
                    .broker(BrokerConfig.of(broker.url()).withProtocol(MqttProtocol.MQTT_3_1_1))
                    .device("bedroom=" + Bridges.simUri("shiatsu-4zone")).build())) {
                user.awaitJson("solemate/bedroom/response", r -> r.path("error").asText().startsWith("ignored a retained command"), WAIT);
                assertThat(bridge.massager("bedroom").orElseThrow().state().isAtZero()).isTrue();
            } finally {
                user.publish(OutboundMessage.clearRetained("solemate/bedroom/set"));
            }
        }
    }
}
