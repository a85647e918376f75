package dev.solemate.mqtt.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solemate.mqtt.MqttBridge;
import dev.solemate.mqtt.MqttBridgeException;
import dev.solemate.mqtt.client.InboundMessage;
import dev.solemate.mqtt.client.LinkOptions;
import dev.solemate.mqtt.client.PahoMqttLink;
import dev.solemate.mqtt.client.TlsOptions;
import dev.solemate.mqtt.config.BridgeConfig;
import dev.solemate.mqtt.config.BrokerConfig;
import dev.solemate.mqtt.testing.BridgeProcess;
import dev.solemate.mqtt.testing.Bridges;
import dev.solemate.mqtt.testing.Mosquitto;
import dev.solemate.mqtt.testing.Probe;
import dev.solemate.mqtt.testing.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bridge as a hostile network and a careless operator would try it, against Mosquitto with TLS
 * (a CA made for the test), a password file and an ACL: passwords are nowhere to be found, TLS
 * never falls back to plain text and its failures are named, and two bridges cannot fight.
 */
@Timeout(90)
class SecurityOnMosquittoTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    /** The passwords Mosquitto.secured() sets up; none may appear in anything the bridge shows or publishes. */
    private static final List<String> SECRETS = List.of("bridge-secret", "ha-secret");
    private static Path dir;
    private static TestCertificates certs;
    private static TestCertificates strangers;
    private static Mosquitto broker;

    @BeforeAll
    static void startBroker() throws Exception {
        dir = Files.createTempDirectory("solemate-security");
        certs = TestCertificates.create(Files.createDirectory(dir.resolve("certs")));
        strangers = TestCertificates.create(Files.createDirectory(dir.resolve("other-ca")));
        broker = Mosquitto.secured(dir, certs);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static Probe homeAssistant(String... filters) {
        return new Probe(LinkOptions.of(broker.url(), "ha-" + System.nanoTime()).withCredentials("ha", "ha-secret"), filters);
    }

    private static void assertNoSecretIn(String what, String text) {
        for (String secret : SECRETS) {
            assertThat(text).as(what + " must not contain the password").doesNotContain(secret);
        }
    }

    private static void assertNoSecretIn(List<InboundMessage> messages) {
        for (InboundMessage m : messages) {
            assertNoSecretIn("message on " + m.topic(), m.topic() + " " + m.text());
        }
    }

    @Test
    void noPasswordInAnyOutputLogRetainedTopicOrAnswer() throws Exception {
        String base = "solemate/" + Bridges.uniqueBase();
        Path password = Files.writeString(dir.resolve("bridge.pw-" + System.nanoTime()), "bridge-secret\n");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-r--r--"));
        String remote = "mqtts://ha@127.0.0.1:" + broker.tlsPort() + "/" + base + "/nothere?password=ha-secret&ca="
                + certs.caCert() + "&timeout=1s";
        Path config = Files.writeString(dir.resolve("bridge-" + System.nanoTime() + ".yaml"), """
                broker:
                  url: %s
                  username: solemate
                  password_file: %s
                  tls:
                    ca: %s
                bridge:
                  base_topic: %s
                devices:
                  bed1: "%s"
                  remote1: "%s"
                """.formatted(broker.tlsUrl(), password, certs.caCert(), base, Bridges.simUri("shiatsu-4zone"), remote));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));

        try (Probe ha = homeAssistant(base + "/#", "homeassistant/#")) {
            BridgeProcess bridge = BridgeProcess.start(config);
            try {
                assertThat(bridge.awaitOutput("bridge running as", 30_000)).as(bridge.output()).isTrue();
                JsonNode waiting = ha.awaitJson(base + "/remote1", s -> s.has("connection_error"), WAIT);
                assertThat(waiting.path("connection_error").asText()).contains("password=***");
                ha.publish(base + "/remote1/set", "{\"power\":\"OFF\",\"transaction\":\"r1\"}");
                JsonNode refused = ha.awaitJson(base + "/remote1/response", r -> r.path("transaction").asText().equals("r1"), WAIT);
                assertThat(refused.path("error").asText()).contains("is not connected").contains("password=***");
                ha.publish(base + "/bed1/set", "{\"routine\":\"bedtime\",\"transaction\":\"b1\"}");
                ha.awaitJson(base + "/bed1/response", r -> r.path("transaction").asText().equals("b1"), WAIT);
            } finally {
                bridge.close();
            }
            String output = bridge.output();
            assertThat(output).contains("chmod 600 " + password).contains("password=***");
            assertNoSecretIn("the bridge's output and debug log", output);
        }
        // Everything retained afterwards, as any client allowed to read it sees it.
        try (Probe late = homeAssistant(base + "/#", "homeassistant/#")) {
            late.awaitJson(base + "/remote1", s -> s.has("connection_error"), WAIT);
            assertNoSecretIn(late.all());
        }
    }

    @Test
    void aConfigurationFileHoldingThePasswordThatOthersCanReadIsNamedWithTheFix() throws Exception {
        Path config = Files.writeString(dir.resolve("shared-" + System.nanoTime() + ".yaml"), """
                broker:
                  url: %s
                  username: solemate
                  password: bridge-secret
                bridge:
                  base_topic: solemate/%s
                devices:
                  bed3: "%s"
                """.formatted(broker.url(), Bridges.uniqueBase(), Bridges.simUri("budget-2zone")));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        BridgeProcess bridge = BridgeProcess.start(config);
        try {
            assertThat(bridge.awaitOutput("bridge running as", 30_000)).as(bridge.output()).isTrue();
        } finally {
            bridge.close();
        }
        assertThat(bridge.output()).contains(config + " holds a broker password but its group or others can open it")
                .contains("chmod 600 " + config);
        assertNoSecretIn("the output", bridge.output());
    }

    @Test
    void aTlsBlockWithAPlainTextUrlStopsTheStartSayingToUseSsl() throws Exception {
        Path config = Files.writeString(dir.resolve("plain-" + System.nanoTime() + ".yaml"), """
                broker:
                  url: %s
                  username: solemate
                  password: bridge-secret
                  tls:
                    ca: %s
                devices:
                  bed2: "sim:"
                """.formatted(broker.url(), certs.caCert()));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        BridgeProcess bridge = BridgeProcess.start(config);
        assertThat(bridge.awaitExit(30_000)).as(bridge.output()).isEqualTo(2);
        assertThat(bridge.output()).contains("$.broker.tls").contains("use ssl://host:8883 or mqtts://host:8883");
        assertNoSecretIn("the output", bridge.output());
    }

    private static String failureOf(String url, TlsOptions tls) {
        PahoMqttLink link = new PahoMqttLink(LinkOptions.of(url, "tls-" + System.nanoTime())
                .withCredentials("ha", "ha-secret").withTls(tls).withReconnect(Duration.ofMillis(200), Duration.ofSeconds(1)));
        try {
            link.connect();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (link.lastFailure().isEmpty() && System.nanoTime() < deadline) {
                Probe.sleepFor(Duration.ofMillis(50));
            }
            assertThat(link.isConnected()).isFalse();
            return link.lastFailure().orElse("(no failure reported)");
        } finally {
            link.close();
        }
    }

    @Test
    void aCertificateForAnotherHostIsNamedAgainstTheHostAskedFor() {
        String failure = failureOf(broker.wrongHostTlsUrl(), TlsOptions.defaults().withCaFile(certs.caCert()));
        assertThat(failure).startsWith("TLS: the broker's certificate names wrong.example")
                .contains("not '127.0.0.1'");
    }

    @Test
    void aCertificateFromAnUnknownCaNamesTheCaFileUsed() {
        String failure = failureOf(broker.tlsUrl(), TlsOptions.defaults().withCaFile(strangers.caCert()));
        assertThat(failure).contains("is not signed by a CA in the CA file " + strangers.caCert())
                .contains("issued by CN=Solemate Test CA");
    }

    @Test
    void aPlainTextListenerBehindATlsUrlIsNamed() {
        String failure = failureOf("ssl://127.0.0.1:" + broker.port(), TlsOptions.defaults().withCaFile(certs.caCert()));
        assertThat(failure).contains("plain-text MQTT listener").contains("127.0.0.1:" + broker.port());
    }

    @Test
    void theMqttDriverNamesATlsFailureInsteadOfAskingWhetherTheBridgeRuns() {
        assertThatThrownBy(() -> dev.solemate.Massagers.open("mqtts://ha@127.0.0.1:" + broker.port()
                + "/solemate/x/bedroom?password=ha-secret&ca=" + certs.caCert() + "&timeout=1s"))
                .hasMessageContaining("cannot connect to ssl://127.0.0.1:" + broker.port())
                .hasMessageContaining("plain-text MQTT listener")
                .hasMessageNotContaining("ha-secret");
    }

    private static BridgeConfig.Builder bridgeOn(String base) {
        return Bridges.config(broker.url(), base)
                .broker(BrokerConfig.of(broker.url()).withCredentials("solemate", "bridge-secret"));
    }

    @Test
    void aSecondBridgeWithTheSameNameRefusesAndTakeOverHandsOverWithoutUnavailability() throws Exception {
        String base = "solemate/" + Bridges.uniqueBase();
        try (Probe ha = homeAssistant(base + "/#");
             MqttBridge first = Bridges.start(bridgeOn(base).device("bedroom=" + Bridges.simUri("shiatsu-4zone")).build())) {
            ha.await(base + "/bedroom/availability", m -> m.text().equals("online"), WAIT);

            assertThatThrownBy(() -> Bridges.start(bridgeOn(base).device("bedroom=" + Bridges.simUri("shiatsu-4zone")).build()))
                    .isInstanceOf(MqttBridgeException.class)
                    .hasMessageContaining("is already running: instance " + first.identity().instance())
                    .hasMessageContaining("pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("--take-over");
            ha.publish(base + "/bedroom/set", "{\"zones\":{\"arch\":{\"intensity\":40}},\"transaction\":\"once\"}");
            ha.awaitJson(base + "/bedroom/response", r -> r.path("transaction").asText().equals("once"), WAIT);
            Probe.sleepFor(Duration.ofMillis(300));
            assertThat(ha.received(base + "/bedroom/response")).hasSize(1);

            ha.clear();
            try (MqttBridge second = Bridges.start(bridgeOn(base).takeOver(true)
                    .device("bedroom=" + Bridges.simUri("shiatsu-4zone")).build())) {
                assertThat(first.handedOverTo()).contains(second.identity().instance());
                assertThat(first.massager("bedroom").orElseThrow().state().isAtZero()).isTrue();
                ha.awaitJson(base + "/bridge/state", s -> s.path("instance").asText().equals(second.identity().instance()), WAIT);
                ha.publish(base + "/bedroom/set", "{\"power\":\"OFF\",\"transaction\":\"after\"}");
                ha.awaitJson(base + "/bedroom/response", r -> r.path("transaction").asText().equals("after"), WAIT);
                Probe.sleepFor(Duration.ofMillis(300));

                assertThat(ha.received(base + "/bedroom/availability")).extracting(InboundMessage::text).doesNotContain("offline");
                assertThat(ha.received(base + "/bridge/state")).extracting(InboundMessage::text).noneMatch(t -> t.contains("offline"));
                assertThat(ha.received(base + "/bedroom/response")).hasSize(1);
            }
        }
    }

    @Test
    void bridgesWithDifferentNamesShareABrokerAndBothWork() {
        String base = "solemate/" + Bridges.uniqueBase();
        try (Probe ha = homeAssistant(base + "/#");
             MqttBridge upstairs = Bridges.start(bridgeOn(base).name("upstairs").device("attic=" + Bridges.simUri("budget-2zone")).build());
             MqttBridge downstairs = Bridges.start(bridgeOn(base).name("downstairs").device("den=" + Bridges.simUri("budget-2zone")).build())) {
            for (String device : new String[] {"attic", "den"}) {
                ha.publish(base + "/" + device + "/set", "{\"power\":\"OFF\",\"transaction\":\"" + device + "\"}");
                JsonNode answer = ha.awaitJson(base + "/" + device + "/response", r -> r.path("transaction").asText().equals(device), WAIT);
                assertThat(answer.path("status").asText()).isEqualTo("ok");
            }
            ha.awaitJson(base + "/bridge/upstairs/state", s -> s.path("state").asText().equals("online"), WAIT);
            ha.awaitJson(base + "/bridge/downstairs/state", s -> s.path("state").asText().equals("online"), WAIT);
            assertThat(upstairs.isConnected() && downstairs.isConnected()).isTrue();
        }
    }

    @Test
    void theRetainedStateOfABridgeThatDiedDoesNotBlockTheNextStart() {
        String base = "solemate/" + Bridges.uniqueBase();
        try (Probe ha = homeAssistant(base + "/#")) {
            ha.publish(new dev.solemate.mqtt.client.OutboundMessage(base + "/bridge/state",
                    "{\"state\":\"online\",\"instance\":\"dead0001\",\"host\":\"gone\",\"pid\":1,\"started\":\"2026-01-01T00:00:00Z\"}"
                            .getBytes(StandardCharsets.UTF_8), 1, true, 0, Optional.empty(), new byte[0]));
            try (MqttBridge bridge = Bridges.start(bridgeOn(base).device("hall=" + Bridges.simUri("budget-2zone")).build())) {
                ha.awaitJson(base + "/bridge/state", s -> s.path("instance").asText().equals(bridge.identity().instance()), WAIT);
            }
        }
    }
}
