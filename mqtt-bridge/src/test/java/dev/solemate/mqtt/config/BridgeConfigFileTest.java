package dev.solemate.mqtt.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.solemate.json.InvalidFileException;
import dev.solemate.mqtt.client.MqttProtocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bridge configuration file: everything checked before anything starts, with messages naming key and rule. */
@Timeout(30)
class BridgeConfigFileTest {

    @Test
    void readsAFullYamlFile() {
        BridgeConfig config = BridgeConfigFile.parse("bridge.yaml", """
                broker:
                  url: tcp://127.0.0.1:1883
                  username: solemate
                  password: secret
                  protocol: "3.1.1"
                  keepalive: 20s
                bridge:
                  name: upstairs
                  base_topic: home/solemate
                  broker_loss: { action: stop, after: 3s }
                homeassistant:
                  discovery_prefix: ha
                  resend_delay: 500ms
                devices:
                  bedroom: serial:/dev/ttyUSB0
                  office:
                    uri: sim:?profile=budget-2zone
                    comfort_cap: 60
                    default_routine: quick-unwind
                """);
        assertThat(config.broker().username()).contains("solemate");
        assertThat(config.broker().protocol()).isEqualTo(MqttProtocol.MQTT_3_1_1);
        assertThat(config.broker().keepAlive()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.name()).isEqualTo("upstairs");
        assertThat(config.baseTopic()).isEqualTo("home/solemate");
        assertThat(config.brokerLoss().after()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.homeAssistant().prefix()).isEqualTo("ha");
        assertThat(config.homeAssistant().statusTopic()).isEqualTo("ha/status");
        assertThat(config.devices()).extracting(DeviceConfig::name).containsExactly("bedroom", "office");
        assertThat(config.devices().get(1).comfortCap().getAsInt()).isEqualTo(60);
        assertThat(config.broker().toString()).doesNotContain("secret");
    }

    @Test
    void readsJsonFilesWithLineNumbersInErrors(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bridge.json");
        Files.writeString(file, "{\n  \"broker\": {\"url\": \"tcp://h:1883\"},\n  \"devices\": {\"bedroom\": {\"uri\": \"sim:\", \"comfort_cap\": 140}}\n}\n");
        assertThatThrownBy(() -> BridgeConfigFile.load(file))
                .isInstanceOf(InvalidFileException.class)
                .hasMessage(file + ":3:15 at $.devices.bedroom: devices.bedroom.comfort_cap 140 is out of range (expected 1 to 100)");
    }

    @Test
    void unknownKeyIsAnErrorListingTheKnownOnes() {
        assertThatThrownBy(() -> BridgeConfigFile.parse("bridge.yaml", """
                broker:
                  url: tcp://127.0.0.1:1883
                  pasword: x
                devices:
                  bedroom: "sim:"
                """))
                .hasMessage("bridge.yaml:3:3 at $.broker.pasword: unknown key 'pasword' (expected one of: client_id, "
                        + "keepalive, password, password_env, password_file, protocol, tls, url, username)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bed+room", "bed#room", "bed/room", "$bed", "bed room", "bridge", ""})
    void deviceNamesThatWouldBreakTopicsAreRefused(String name) {
        assertThatThrownBy(() -> DeviceConfig.of(name, "sim:"))
                .hasMessage("device name '" + name + "' is not allowed (expected 1 to 64 of A-Z a-z 0-9 _ -, not 'bridge')");
    }

    @Test
    void badBrokerAddressIsNamedWithTheExpectedForm() {
        assertThatThrownBy(() -> BridgeConfigFile.parse("b.yaml", "broker: {url: localhost}\ndevices: {a: 'sim:'}\n"))
                .hasMessage("b.yaml:1:10 at $.broker.url: broker 'localhost' is not a broker address "
                        + "(expected tcp://host:port or ssl://host:port)");
    }

    @Test
    void missingDevicesAndDuplicateKeysAreRefused() {
        assertThatThrownBy(() -> BridgeConfigFile.parse("b.yaml", "broker: {url: 'tcp://h:1883'}\n"))
                .hasMessageEndingWith("at $.devices: missing (expected a mapping)");
        assertThatThrownBy(() -> BridgeConfigFile.parse("b.yaml", "broker: {url: 'tcp://h:1883'}\ndevices:\n  a: 'sim:'\n  a: 'sim:'\n"))
                .hasMessageContaining("Duplicate field 'a'");
    }

    @Test
    void quickFlagsBuildTheSameConfiguration() {
        BridgeConfig config = BridgeConfig.builder(BrokerConfig.of("tcp://127.0.0.1:1883"))
                .device("bedroom=serial:/dev/ttyUSB0").build();
        assertThat(config.devices().get(0).uri()).isEqualTo("serial:/dev/ttyUSB0");
        assertThat(config.baseTopic()).isEqualTo("solemate");
        assertThat(config.brokerLoss().after()).isEqualTo(BrokerLossPolicy.DEFAULT_AFTER);
        assertThatThrownBy(() -> DeviceConfig.parseFlag("bedroom"))
                .hasMessage("--device 'bedroom' (expected name=uri, e.g. bedroom=sim:)");
        assertThatThrownBy(() -> BridgeConfig.builder(BrokerConfig.of("tcp://h:1")).device("a=sim:").device("a=sim:").build())
                .hasMessage("device name 'a' is used twice (expected unique names)");
    }

    @Test
    void generatedClientIdsAreUniquePerRun() {
        BrokerConfig broker = BrokerConfig.of("tcp://127.0.0.1:1883");
        assertThat(broker.linkOptions("default").clientId()).startsWith("solemate-default-")
                .isNotEqualTo(broker.linkOptions("default").clientId());
        assertThat(broker.withClientId("fixed").linkOptions("default").clientId()).isEqualTo("fixed");
    }

    @Test
    void deviceRetryBackoffIsReadAndChecked() {
        BridgeConfig config = BridgeConfigFile.parse("b.yaml", """
                broker: {url: 'tcp://h:1883'}
                bridge:
                  device_retry: { initial: 500ms, max: 30s }
                devices: {a: 'sim:'}
                """);
        assertThat(config.deviceRetry()).isEqualTo(new DeviceRetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(30)));
        assertThat(BridgeConfigFile.parse("b.yaml", "broker: {url: 'tcp://h:1883'}\ndevices: {a: 'sim:'}\n").deviceRetry())
                .isEqualTo(DeviceRetryPolicy.defaults());
        assertThatThrownBy(() -> BridgeConfigFile.parse("b.yaml", """
                broker: {url: 'tcp://h:1883'}
                bridge:
                  device_retry: { initial: 2s, max: 1s }
                devices: {a: 'sim:'}
                """))
                .hasMessage("b.yaml:3:32 at $.bridge.device_retry.max: bridge.device_retry.max 1000 ms is out of range "
                        + "(expected bridge.device_retry.initial, 2000 ms, to 1 h)");
        assertThatThrownBy(() -> BridgeConfigFile.parse("b.yaml", """
                broker: {url: 'tcp://h:1883'}
                bridge:
                  device_retry: { initial: 1ms, max: 5s }
                devices: {a: 'sim:'}
                """))
                .hasMessageEndingWith("at $.bridge.device_retry.initial: bridge.device_retry.initial 1 ms is out of range "
                        + "(expected 10 ms to 1 h)");
    }
}
