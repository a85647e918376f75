package dev.solemate.mqtt.driver;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.solemate.Massagers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The mqtt:// driver's URI: errors never show the password, and TLS settings never go with a plain-text URI. */
@Timeout(30)
class MqttDriverSecretsTest {

    @Test
    void anUnknownParameterIsNamedWithoutThePassword() {
        assertThatThrownBy(() -> Massagers.open("mqtt://ha@127.0.0.1:1/solemate/b?password=S3cr3t-Pa55!&colour=red"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("colour").hasMessageContaining("password=***")
                .hasMessageNotContaining("S3cr3t");
    }

    @Test
    void aCaFileWithPlainMqttIsAnError() {
        assertThatThrownBy(() -> Massagers.open("mqtt://ha@127.0.0.1:1/solemate/b?ca=/etc/ca.crt"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use mqtts://");
    }

    @Test
    void thePasswordIsGivenOnceOnly(@TempDir Path dir) throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), "S3cr3t\n");
        assertThatThrownBy(() -> Massagers.open("mqtt://ha:S3cr3t@127.0.0.1:1/solemate/b?password_file=" + pw))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than once")
                .hasMessageNotContaining("S3cr3t");
    }
}
