package dev.solemate.mqtt.config;

import dev.solemate.mqtt.client.LinkOptions;
import dev.solemate.mqtt.client.MqttProtocol;
import dev.solemate.mqtt.client.TlsOptions;
import dev.solemate.secret.Secret;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The broker connection of a bridge.
 *
 * @param url       {@code tcp://host:port} or {@code ssl://host:port}
 * @param clientId  a fixed client id, or empty for {@code solemate-<bridge>-<random>} (unique per run,
 *                  which is what you want: two clients with one id throw each other off)
 * @param username  optional
 * @param password  optional, only with a username; prints as {@code ***}
 * @param protocol  MQTT 5 (default) or 3.1.1
 * @param tls       TLS settings for {@code ssl://}
 * @param keepAlive keep-alive interval
 */
public record BrokerConfig(String url, Optional<String> clientId, Optional<String> username,
                           Optional<Secret> password, MqttProtocol protocol, TlsOptions tls, Duration keepAlive) {

    public BrokerConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(keepAlive, "keepAlive");
        // LinkOptions checks the URL, id and credentials with the same messages.
        new LinkOptions(url, clientId.orElse("check"), username, password, tls, Optional.empty(), protocol,
                keepAlive, 1, Duration.ofSeconds(1), Duration.ofSeconds(1), 1);
        if (!tls.equals(TlsOptions.defaults()) && !LinkOptions.isTlsUrl(url)) {
            throw plainTextWithTls(url);
        }
        if (keepAlive.toSeconds() < 1 || keepAlive.toSeconds() > 65535) {
            throw new IllegalArgumentException("broker.keepalive " + keepAlive.toSeconds()
                    + " s is out of range (expected 1 to 65535 s)");
        }
    }

    public static BrokerConfig of(String url) {
        return new BrokerConfig(url, Optional.empty(), Optional.empty(), Optional.empty(), MqttProtocol.MQTT_5,
                TlsOptions.defaults(), Duration.ofSeconds(30));
    }

    public BrokerConfig withClientId(String id) {
        return new BrokerConfig(url, Optional.ofNullable(id), username, password, protocol, tls, keepAlive);
    }

    public BrokerConfig withCredentials(String user, String pass) {
        return withCredentials(user, pass == null ? null : Secret.of(pass));
    }

    public BrokerConfig withCredentials(String user, Secret pass) {
        return new BrokerConfig(url, clientId, Optional.ofNullable(user), Optional.ofNullable(pass), protocol, tls,
                keepAlive);
    }

    /**
     * TLS settings; only with an {@code ssl://} or {@code mqtts://} url.
     *
     * @throws IllegalArgumentException for a plain-text url: TLS settings never fall back to plain text
     */
    public BrokerConfig withTls(TlsOptions newTls) {
        if (!LinkOptions.isTlsUrl(url)) {
            throw plainTextWithTls(url);
        }
        return new BrokerConfig(url, clientId, username, password, protocol, newTls, keepAlive);
    }

    public BrokerConfig withProtocol(MqttProtocol newProtocol) {
        return new BrokerConfig(url, clientId, username, password, newProtocol, tls, keepAlive);
    }

    public BrokerConfig withKeepAlive(Duration interval) {
        return new BrokerConfig(url, clientId, username, password, protocol, tls, interval);
    }

    private static IllegalArgumentException plainTextWithTls(String url) {
        return new IllegalArgumentException("broker.tls is set but broker.url " + url + " is plain text: use ssl://"
                + url.substring(url.indexOf("://") + 3) + " or mqtts://... (TLS settings never fall back to plain text,"
                + " which would send the password in clear)");
    }

    /** Link options for one connection; {@code role} tells apart the ids of several links of one bridge. */
    public LinkOptions linkOptions(String bridgeName) {
        String id = clientId.orElseGet(() -> "solemate-" + bridgeName + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
        return new LinkOptions(url, id, username, password, tls, Optional.empty(), protocol, keepAlive, 1000,
                Duration.ofMillis(500), Duration.ofSeconds(30), 1 << 20);
    }

    @Override
    public String toString() {
        return "BrokerConfig[" + url + ", user=" + username.orElse("-") + ", password="
                + (password.isPresent() ? "***" : "-") + ", protocol=" + protocol.id() + "]";
    }
}
