package dev.solemate.secret;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.driver.DeviceUri;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** What {@link Redaction} hides, wherever a URI appears in a text, and what it leaves for a person to read. */
class RedactionTest {

    @Test
    void passwordParameterOfADeviceUriIsHidden() {
        assertThat(Redaction.redact("mqtts://ha@broker.home:8883/solemate/bedroom?password=S3cr3t-Pa55!&ca=/etc/ca.crt"))
                .isEqualTo("mqtts://ha@broker.home:8883/solemate/bedroom?password=***&ca=/etc/ca.crt");
    }

    @Test
    void passwordInUserInfoIsHidden() {
        assertThat(Redaction.redact("mqtt://ha:S3cr3t@127.0.0.1:1883/solemate/bedroom"))
                .isEqualTo("mqtt://ha:***@127.0.0.1:1883/solemate/bedroom");
    }

    @Test
    void tokensPassphrasesAndKeyPasswordsAreHiddenToo() {
        assertThat(Redaction.redact("x://h/p?token=abc&key_password=def&passphrase=ghi&access_token=jkl&profile=budget"))
                .isEqualTo("x://h/p?token=***&key_password=***&passphrase=***&access_token=***&profile=budget");
    }

    @Test
    void whereASecretIsKeptStaysVisible() {
        String uri = "mqtt://ha@h:1883/solemate/b?password_file=/etc/solemate/pw&password_env=MQTT_PW";
        assertThat(Redaction.redact(uri)).isEqualTo(uri);
    }

    @Test
    void aUriInsideAMessageIsRedactedAndTheRestKept() {
        assertThat(Redaction.redact("device 'remote' (mqtts://h:8883/s/remote?password=hunter2) cannot be opened: timeout"))
                .isEqualTo("device 'remote' (mqtts://h:8883/s/remote?password=***) cannot be opened: timeout");
        assertThat(Redaction.redact("{\"error\":\"mqtt://h:1/s/d?password=x\"}")).isEqualTo("{\"error\":\"mqtt://h:1/s/d?password=***\"}");
    }

    @Test
    void textWithoutSecretsIsUnchanged() {
        String s = "serial:/dev/ttyUSB0?baud=115200&profile=shiatsu-4zone; a=b c@d";
        assertThat(Redaction.redact(s)).isEqualTo(s);
        assertThat(Redaction.redact(null)).isNull();
    }

    @Test
    void deviceUriPrintsRedactedAndItsErrorsNeverShowTheSecret() {
        DeviceUri uri = DeviceUri.parse("mqtt://ha@h:1883/solemate/b?password=S3cr3t&timeout=zz");
        assertThat(uri.toString()).doesNotContain("S3cr3t").contains("password=***");
        assertThat(uri.text()).contains("S3cr3t");
        try {
            uri.requireOnly(java.util.Set.of("timeout"));
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).doesNotContain("S3cr3t").contains("password");
        }
        try {
            DeviceUri.parse("mqtt://h:1/s/b?password=S3cr3t&password=S3cr3t");
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).doesNotContain("S3cr3t");
        }
    }

    @Property
    void aPasswordNeverSurvivesRedaction(@ForAll @AlphaChars @NumericChars @StringLength(min = 4, max = 30) String password,
                                         @ForAll("secretNames") String name) {
        String text = "mqtt://user:" + password + "@h:1/s/d?" + name + "=" + password + "&profile=x";
        assertThat(Redaction.redact(text)).doesNotContain(password);
        assertThat(Redaction.redact(Redaction.redact(text))).isEqualTo(Redaction.redact(text));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> secretNames() {
        return net.jqwik.api.Arbitraries.of("password", "pass", "token", "secret", "key_password", "passphrase", "PASSWORD",
                "apikey", "auth");
    }

    @Test
    void secretNeverPrintsItsValue() {
        Secret s = Secret.of("S3cr3t");
        assertThat(s.toString()).isEqualTo("***");
        assertThat(String.valueOf(java.util.Optional.of(s))).doesNotContain("S3cr3t");
        assertThat(s.reveal()).isEqualTo("S3cr3t");
        assertThat(s).isEqualTo(Secret.of("S3cr3t")).isNotEqualTo(Secret.of("other"));
    }
}
