package dev.solemate.mqtt.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solemate.Massager;
import dev.solemate.Massagers;
import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.mqtt.MqttBridge;
import dev.solemate.mqtt.MqttBridgeException;
import dev.solemate.mqtt.client.LinkOptions;
import dev.solemate.mqtt.client.PahoMqttLink;
import dev.solemate.mqtt.client.TlsOptions;
import dev.solemate.mqtt.config.BrokerConfig;
import dev.solemate.mqtt.testing.Bridges;
import dev.solemate.mqtt.testing.Mosquitto;
import dev.solemate.mqtt.testing.Probe;
import dev.solemate.mqtt.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Against Debian's Mosquitto 2.0 with a password file, an ACL and TLS with certificates made for the
 * test: what a real home set-up looks like.
 */
@Timeout(60)
class MosquittoInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static Path dir;
    private static TestCertificates certs;
    private static Mosquitto broker;

    @BeforeAll
    static void startBroker() throws Exception {
        dir = Files.createTempDirectory("solemate-mosquitto");
        certs = TestCertificates.create(dir);
        broker = Mosquitto.secured(dir, certs);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static Probe homeAssistant() {
        return new Probe(LinkOptions.of(broker.url(), "ha-" + System.nanoTime()).withCredentials("ha", "ha-secret"),
                "solemate/#", "homeassistant/#");
    }

    private static BrokerConfig tlsBroker() {
        return BrokerConfig.of(broker.tlsUrl()).withCredentials("solemate", "bridge-secret")
                .withTls(TlsOptions.defaults().withCaFile(certs.caCert()));
    }

    @Test
    void bridgeOverTlsWithPasswordAppearsInHomeAssistantAndObeys() {
        try (Probe ha = homeAssistant();
             MqttBridge bridge = Bridges.start(Bridges.config(broker.tlsUrl(), "solemate").broker(tlsBroker())
                     .device("bedroom=" + Bridges.simUri("shiatsu-4zone")).build())) {
            JsonNode discovery = ha.awaitJson("homeassistant/device/solemate_bedroom/config", d -> d.has("cmps"), WAIT);
            assertThat(discovery.path("cmps").has("solemate_bedroom_power")).isTrue();
            ha.await("solemate/bedroom/availability", m -> m.text().equals("online"), WAIT);

            ha.publish("solemate/bedroom/set/power", "ON");
            ha.awaitJson("solemate/bedroom", s -> s.path("routine").asText().equals("bedtime"), WAIT);
            ha.clear();
            ha.publish("solemate/bedroom/set/power", "OFF");
            ha.awaitJson("solemate/bedroom/event", e -> e.path("event").asText().equals("routine_stopped"), WAIT);
            ha.awaitJson("solemate/bedroom", s -> s.path("power").asText().equals("OFF"), WAIT);
            assertThat(bridge.massager("bedroom").orElseThrow().state().isAtZero()).isTrue();
        }
    }

    @Test
    void clientCertificateIsAccepted() throws Exception {
        LinkOptions options = LinkOptions.of(broker.tlsUrl(), "cert-" + System.nanoTime())
                .withCredentials("ha", "ha-secret")
                .withTls(TlsOptions.defaults().withCaFile(certs.caCert()).withClientCertificate(certs.clientCert(), certs.clientKey()));
        PahoMqttLink link = new PahoMqttLink(options);
        try {
            link.connect().get(10, TimeUnit.SECONDS);
            assertThat(link.isConnected()).isTrue();
        } finally {
            link.close();
        }
    }

    @Test
    void brokerCertificateForAnotherHostIsRejected() {
        PahoMqttLink link = new PahoMqttLink(LinkOptions.of(broker.wrongHostTlsUrl(), "wrong-" + System.nanoTime())
                .withCredentials("ha", "ha-secret").withTls(TlsOptions.defaults().withCaFile(certs.caCert())));
        try {
            assertThatThrownBy(() -> link.connect().get(3, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
            assertThat(link.isConnected()).isFalse();
        } finally {
            link.close();
        }
    }

    @Test
    void wrongPasswordStopsStartUpWithAClearMessage() {
        assertThatThrownBy(() -> Bridges.start(Bridges.config(broker.url(), "solemate")
                .broker(BrokerConfig.of(broker.url()).withCredentials("solemate", "nope"))
                .device("bedroom=" + Bridges.simUri("shiatsu-4zone")).build()))
                .isInstanceOf(MqttBridgeException.class)
                .hasMessageContaining("refused client")
                .hasMessageContaining("(check username, password and the broker's ACL)");
    }

    @Test
    void userTheAclKeepsReadOnlyCannotCommandTheMassager() {
        try (MqttBridge bridge = Bridges.start(Bridges.config(broker.url(), "solemate")
                .broker(BrokerConfig.of(broker.url()).withCredentials("solemate", "bridge-secret"))
                .device("den=" + Bridges.simUri("shiatsu-4zone")).build());
             Probe viewer = new Probe(LinkOptions.of(broker.url(), "viewer-" + System.nanoTime())
                     .withCredentials("viewer", "viewer-secret"), "solemate/#")) {
            viewer.awaitJson("solemate/den", s -> s.has("power"), WAIT);
            viewer.link().publish(dev.solemate.mqtt.client.OutboundMessage.of("solemate/den/set",
                    "{\"zones\":{\"arch\":{\"intensity\":60}}}", 1, false));
            Probe.sleepFor(Duration.ofMillis(500));
            assertThat(viewer.received("solemate/den/response")).isEmpty();
            assertThat(bridge.massager("den").orElseThrow().state().isAtZero()).isTrue();
        }
    }

    @Test
    void mqttDriverLogsInWithUserAndPassword() throws Exception {
        try (MqttBridge bridge = Bridges.start(Bridges.config(broker.url(), "solemate")
                .broker(BrokerConfig.of(broker.url()).withCredentials("solemate", "bridge-secret"))
                .device("study=" + Bridges.simUri("budget-2zone")).build());
             Massager remote = Massagers.open("mqtt://ha@127.0.0.1:" + broker.port() + "/solemate/study?password=ha-secret")) {
            remote.setZone(Zone.HEEL, Technique.ROLL, Intensity.of(34)).get(5, TimeUnit.SECONDS);
            Massager local = bridge.massager("study").orElseThrow();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (local.state().zones().get(Zone.HEEL).level() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(local.state().zones().get(Zone.HEEL).technique()).isEqualTo(Technique.ROLL);
            assertThat(local.state().zones().get(Zone.HEEL).level()).isEqualTo(2);
        }
    }
}
