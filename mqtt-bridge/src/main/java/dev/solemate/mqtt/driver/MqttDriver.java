package dev.solemate.mqtt.driver;

import dev.solemate.driver.DeviceConnection;
import dev.solemate.driver.DeviceUri;
import dev.solemate.driver.DriverContext;
import dev.solemate.driver.MassagerDriver;
import dev.solemate.mqtt.client.LinkOptions;
import dev.solemate.mqtt.client.MqttLinks;
import dev.solemate.mqtt.client.MqttProtocol;
import dev.solemate.mqtt.client.TlsOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Opens a massager that speaks the bridge's topic API over MQTT: one behind another Solemate
 * bridge, or a networked massager whose firmware speaks it.
 * {@code mqtt://[user@]host:port/solemate/<device>} ({@code mqtts://} for TLS). Parameters:
 * {@code password}, {@code ca} (PEM file for TLS), {@code timeout} (how long to wait for each
 * acknowledgement, default {@code 5s}), {@code expiry} (MQTT 5 message expiry of commands, default
 * {@code 10s}: a command stuck in a queue is dropped rather than run late), {@code profile} (a
 * built-in profile id or file, when the state does not name one), {@code protocol} ({@code 5}, the
 * default, or {@code 3.1.1}: answers are then matched by transaction). Commands complete when the bridge
 * answers on {@code /response} (MQTT 5 correlation data, or the transaction field).
 */
public final class MqttDriver implements MassagerDriver {

    static final Set<String> PARAMS = Set.of("password", "ca", "timeout", "expiry", "profile", "verify_hostname",
            "protocol");

    @Override
    public Set<String> schemes() {
        return Set.of("mqtt", "mqtts");
    }

    @Override
    public String description() {
        return "massager behind an MQTT broker speaking the Solemate topic API (mqtt://host:1883/solemate/<device>)";
    }

    @Override
    public DeviceConnection connect(DeviceUri uri, DriverContext context) {
        uri.requireOnly(PARAMS);
        MqttDeviceAddress address = MqttDeviceAddress.parse(uri);
        Duration timeout = uri.durationParam("timeout", Duration.ofSeconds(5));
        Duration expiry = uri.durationParam("expiry", Duration.ofSeconds(10));
        if (timeout.isZero() || expiry.toSeconds() < 1) {
            throw new IllegalArgumentException("timeout and expiry in " + uri + " must be at least 1 s");
        }
        String clientId = "solemate-driver-" + address.device() + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        LinkOptions options = LinkOptions.of(address.brokerUrl(), clientId)
                .withReconnect(Duration.ofMillis(200), Duration.ofSeconds(10));
        if (uri.param("protocol").isPresent()) {
            try {
                options = options.withProtocol(MqttProtocol.parse(uri.param("protocol").get()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("parameter 'protocol' in " + uri + ": " + e.getMessage(), e);
            }
        }
        if (address.user().isPresent()) {
            options = options.withCredentials(address.user().get(), uri.param("password").orElse(null));
        } else if (uri.param("password").isPresent()) {
            throw new IllegalArgumentException("password in " + uri + " needs a user (expected mqtt://user@host:port/...)");
        }
        if (address.tls()) {
            TlsOptions tls = TlsOptions.defaults()
                    .withVerifyHostname(!"false".equals(uri.param("verify_hostname").orElse("true")));
            if (uri.param("ca").isPresent()) {
                tls = tls.withCaFile(Path.of(uri.param("ca").get()));
            }
            options = options.withTls(tls);
        }
        return MqttConnection.open(address, MqttLinks.create(options), context.timeline(), timeout, expiry,
                uri.param("profile"));
    }
}
