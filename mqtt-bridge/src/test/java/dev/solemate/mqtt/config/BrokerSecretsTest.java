package dev.solemate.mqtt.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.solemate.json.InvalidFileException;
import dev.solemate.mqtt.client.LinkOptions;
import dev.solemate.mqtt.client.TlsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the broker password comes from (a file, an environment variable, the configuration), that it
 * never prints, and that TLS settings never go with a plain-text url.
 */
@Timeout(30)
class BrokerSecretsTest {

    @TempDir
    Path dir;

    private BridgeConfig parse(String broker, Map<String, String> env) {
        return BridgeConfigFile.parse("bridge.yaml", "broker:\n" + broker + "devices:\n  bedroom: \"sim:\"\n", dir, env);
    }

    @Test
    void passwordFromAFileNextToTheConfiguration() throws Exception {
        Files.writeString(dir.resolve("mqtt.pw"), "S3cr3t-Pa55!\n");
        BridgeConfig config = parse("  url: tcp://h:1883\n  username: solemate\n  password_file: mqtt.pw\n", Map.of());

        assertThat(config.broker().password().orElseThrow().reveal()).isEqualTo("S3cr3t-Pa55!");
        assertThat(config.broker().toString()).doesNotContain("S3cr3t");
        assertThat(config.toString()).doesNotContain("S3cr3t");
        assertThat(config.broker().linkOptions("default").toString()).doesNotContain("S3cr3t");
    }

    @Test
    void passwordFromAnEnvironmentVariable() {
        BridgeConfig config = parse("  url: tcp://h:1883\n  username: solemate\n  password_env: MQTT_PW\n",
                Map.of("MQTT_PW", "S3cr3t"));
        assertThat(config.broker().password().orElseThrow().reveal()).isEqualTo("S3cr3t");
        assertThatThrownBy(() -> parse("  url: tcp://h:1883\n  username: solemate\n  password_env: MQTT_PW\n", Map.of()))
                .isInstanceOf(InvalidFileException.class).hasMessageContaining("MQTT_PW is not set");
    }

    @Test
    void twoSourcesOfOnePasswordAreAnError() {
        assertThatThrownBy(() -> parse("  url: tcp://h:1883\n  username: u\n  password: a\n  password_env: B\n", Map.of("B", "b")))
                .isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("broker.password and broker.password_env are both set")
                .hasMessageNotContaining(": a");
    }

    @Test
    void anUnreadablePasswordFileIsNamedButNotShown() {
        assertThatThrownBy(() -> parse("  url: tcp://h:1883\n  username: u\n  password_file: missing.pw\n", Map.of()))
                .isInstanceOf(InvalidFileException.class)
                .hasMessageContaining(dir.resolve("missing.pw").toString());
    }

    @Test
    void aTlsBlockWithAPlainTextUrlIsAnErrorSayingToUseSsl() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "x");
        for (String url : new String[] {"tcp://broker.home:1883", "mqtt://broker.home:1883"}) {
            assertThatThrownBy(() -> parse("  url: " + url + "\n  tls:\n    ca: " + ca + "\n", Map.of()))
                    .isInstanceOf(InvalidFileException.class)
                    .hasMessageContaining("$.broker.tls")
                    .hasMessageContaining("use ssl://host:8883 or mqtts://host:8883");
        }
    }

    @Test
    void tlsSettingsInCodeWithAPlainTextUrlAreRefusedToo() {
        TlsOptions tls = TlsOptions.defaults().withCaFile(dir.resolve("ca.crt"));
        assertThatThrownBy(() -> BrokerConfig.of("tcp://h:1883").withTls(tls))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use ssl://h:1883");
        assertThatThrownBy(() -> LinkOptions.of("mqtt://h:1883", "x").withTls(tls))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never fall back to plain text");
        assertThat(BrokerConfig.of("ssl://h:8883").withTls(tls).tls()).isEqualTo(tls);
    }

    @Test
    void aBrokerUrlWithAUserAndPasswordInItIsRefusedWithoutShowingThePassword() {
        assertThatThrownBy(() -> BrokerConfig.of("tcp://solemate:S3cr3t@broker.home:1883"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has a user in it").hasMessageContaining("password_file")
                .hasMessageNotContaining("S3cr3t");
    }
}
