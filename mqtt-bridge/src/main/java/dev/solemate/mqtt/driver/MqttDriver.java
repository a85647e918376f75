package dev.solemate.mqtt.driver;

import dev.solemate.driver.DeviceConnection;
import dev.solemate.driver.DeviceUri;
import dev.solemate.driver.DriverContext;
import dev.solemate.driver.MassagerDriver;
import dev.solemate.mqtt.client.LinkOptions;
import dev.solemate.mqtt.client.MqttLinks;
import dev.solemate.mqtt.client.MqttProtocol;
import dev.solemate.mqtt.client.TlsOptions;
import dev.solemate.secret.PrivateFiles;
import dev.solemate.secret.Secret;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Opens a massager that speaks the bridge's topic API over MQTT: one behind another Solemate
 * bridge, or a networked massager whose firmware speaks it.
 * {@code mqtt://[user@]host:port/solemate/<device>} ({@code mqtts://} for TLS). Parameters:
 * {@code password_file} or {@code password_env} (a plain {@code password} works but is warned against), {@code ca} (PEM file for TLS), {@code timeout} (how long to wait for each
 * acknowledgement, default {@code 5s}), {@code expiry} (MQTT 5 message expiry of commands, default
 * {@code 10s}: a command stuck in a queue is dropped rather than run late), {@code profile} (a
 * built-in profile id or file, when the state does not name one), {@code protocol} ({@code 5}, the
 * default, or {@code 3.1.1}: answers are then matched by transaction). Commands complete when the bridge
 * answers on {@code /response} (MQTT 5 correlation data, or the transaction field).
 */
public final class MqttDriver implements MassagerDriver {

    static final Set<String> PARAMS = Set.of("password", "password_file", "password_env", "ca", "timeout", "expiry",
            "profile", "verify_hostname", "protocol");
    private static final Logger LOG = LoggerFactory.getLogger(MqttDriver.class);

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
        Optional<Secret> password = password(uri, address);
        if (address.user().isPresent()) {
            options = options.withCredentials(address.user().get(), password.orElse(null));
        } else if (password.isPresent()) {
            throw new IllegalArgumentException("a password in " + uri + " needs a user (expected mqtt://user@host:port/...)");
        }
        if (!address.tls() && (uri.param("ca").isPresent() || uri.param("verify_hostname").isPresent())) {
            throw new IllegalArgumentException("ca and verify_hostname in " + uri + " are TLS settings but mqtt:// is plain"
                    + " text: use mqtts://host:8883/... (a TLS setting never falls back to plain text)");
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

    /**
     * The broker password: from {@code password_file} (best), {@code password_env}, or, accepted but
     * warned against, {@code password=} or the user info ({@code user:password@}), which show in
     * process lists, shell history and configuration files.
     */
    private static Optional<Secret> password(DeviceUri uri, MqttDeviceAddress address) {
        List<String> given = new java.util.ArrayList<>();
        uri.param("password_file").ifPresent(x -> given.add("password_file"));
        uri.param("password_env").ifPresent(x -> given.add("password_env"));
        uri.param("password").ifPresent(x -> given.add("password"));
        address.userInfoPassword().ifPresent(x -> given.add("user:password@"));
        if (given.size() > 1) {
            throw new IllegalArgumentException(uri + " gives the password more than once (" + String.join(", ", given)
                    + "; expected one of password_file, password_env)");
        }
        if (uri.param("password_file").isPresent()) {
            Path file = Path.of(uri.param("password_file").get());
            PrivateFiles.sharedFileWarning(file, "a broker password").ifPresent(w -> LOG.warn("{}", w));
            try {
                return Optional.of(Secret.fromFile(file));
            } catch (IOException e) {
                throw new IllegalArgumentException("password_file in " + uri + " cannot be read: " + e.getMessage(), e);
            }
        }
        if (uri.param("password_env").isPresent()) {
            return Optional.of(Secret.fromEnvironment(uri.param("password_env").get(), System.getenv()));
        }
        Optional<Secret> inline = uri.param("password").map(Secret::of).or(address::userInfoPassword);
        inline.ifPresent(p -> LOG.warn("{}: a password written in the device URI shows in process lists, shell history "
                + "and files; use password_file=FILE (chmod 600) or password_env=VARIABLE instead", uri));
        return inline;
    }
}
