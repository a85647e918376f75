package dev.solemate.mqtt.client;

import dev.solemate.secret.Redaction;
import dev.solemate.secret.Secret;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to reach the broker.
 *
 * @param serverUri        {@code tcp://host:port} or {@code ssl://host:port}
 * @param clientId         unique per running instance; two clients with one id kick each other off
 * @param username         optional user name
 * @param password         optional password (only with a user name); prints as {@code ***}
 * @param tls              TLS settings; used when the URI is {@code ssl://}
 * @param will             the last will the broker publishes if this client vanishes
 * @param protocol         MQTT 5 (default) or 3.1.1
 * @param keepAlive        keep-alive interval
 * @param maxInFlight      publishes handed to the client library at once; more wait in our queue
 * @param reconnectMin     first reconnect delay
 * @param reconnectMax     longest reconnect delay (the delay doubles up to it, with jitter)
 * @param maxIncomingBytes the largest packet we accept from the broker (MQTT 5; the broker drops bigger ones)
 */
public record LinkOptions(
        String serverUri,
        String clientId,
        Optional<String> username,
        Optional<Secret> password,
        TlsOptions tls,
        Optional<OutboundMessage> will,
        MqttProtocol protocol,
        Duration keepAlive,
        int maxInFlight,
        Duration reconnectMin,
        Duration reconnectMax,
        int maxIncomingBytes) {

    private static final Pattern URI = Pattern.compile("(tcp|ssl|mqtt|mqtts)://[^/?#\\s]+:\\d{1,5}");

    public LinkOptions {
        Objects.requireNonNull(serverUri, "serverUri");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(will, "will");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(keepAlive, "keepAlive");
        Objects.requireNonNull(reconnectMin, "reconnectMin");
        Objects.requireNonNull(reconnectMax, "reconnectMax");
        if (serverUri.contains("@")) {
            // A password there would be shown wherever the address is: in logs, banners and errors.
            throw new IllegalArgumentException("broker '" + Redaction.redact(serverUri) + "' has a user in it (expected "
                    + "tcp://host:port or ssl://host:port, with the user as username and the password in password_file "
                    + "or password_env)");
        }
        if (!URI.matcher(serverUri).matches()) {
            throw new IllegalArgumentException("broker '" + Redaction.redact(serverUri)
                    + "' is not a broker address (expected tcp://host:port or ssl://host:port)");
        }
        if (clientId.isEmpty() || clientId.length() > 128) {
            throw new IllegalArgumentException("client id '" + clientId + "' (expected 1 to 128 characters)");
        }
        if (password.isPresent() && username.isEmpty()) {
            throw new IllegalArgumentException("a password without a username (expected both or neither)");
        }
        if (maxInFlight < 1 || maxInFlight > 65535) {
            throw new IllegalArgumentException("maxInFlight " + maxInFlight + " is out of range (expected 1 to 65535)");
        }
        if (reconnectMin.isNegative() || reconnectMin.isZero() || reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("reconnect delays " + reconnectMin + " to " + reconnectMax
                    + " (expected 0 < min <= max)");
        }
    }

    /** Defaults for a broker address and client id: MQTT 5, 30 s keep-alive, 1-30 s reconnect. */
    public static LinkOptions of(String serverUri, String clientId) {
        return new LinkOptions(serverUri, clientId, Optional.empty(), Optional.empty(), TlsOptions.defaults(),
                Optional.empty(), MqttProtocol.MQTT_5, Duration.ofSeconds(30), 1000, Duration.ofMillis(500),
                Duration.ofSeconds(30), 1 << 20);
    }

    /** True for {@code ssl://} and {@code mqtts://} addresses. */
    public boolean usesTls() {
        return isTlsUrl(serverUri);
    }

    /** True for {@code ssl://} and {@code mqtts://} addresses. */
    public static boolean isTlsUrl(String url) {
        return url.startsWith("ssl://") || url.startsWith("mqtts://");
    }

    /** The address in the form Paho accepts ({@code tcp://} or {@code ssl://}). */
    public String pahoUri() {
        if (serverUri.startsWith("mqtts://")) {
            return "ssl://" + serverUri.substring("mqtts://".length());
        }
        if (serverUri.startsWith("mqtt://")) {
            return "tcp://" + serverUri.substring("mqtt://".length());
        }
        return serverUri;
    }

    public LinkOptions withCredentials(String user, String pass) {
        return withCredentials(user, pass == null ? null : Secret.of(pass));
    }

    public LinkOptions withCredentials(String user, Secret pass) {
        return new LinkOptions(serverUri, clientId, Optional.ofNullable(user), Optional.ofNullable(pass), tls, will,
                protocol, keepAlive, maxInFlight, reconnectMin, reconnectMax, maxIncomingBytes);
    }

    /** TLS settings; @throws IllegalArgumentException for a plain-text address (no silent fall-back to plain text) */
    public LinkOptions withTls(TlsOptions newTls) {
        if (!usesTls()) {
            throw new IllegalArgumentException("TLS settings for " + serverUri + ", which is plain text: use ssl:// or "
                    + "mqtts:// (TLS settings never fall back to plain text)");
        }
        return new LinkOptions(serverUri, clientId, username, password, newTls, will, protocol, keepAlive,
                maxInFlight, reconnectMin, reconnectMax, maxIncomingBytes);
    }

    public LinkOptions withWill(OutboundMessage newWill) {
        return new LinkOptions(serverUri, clientId, username, password, tls, Optional.of(newWill), protocol,
                keepAlive, maxInFlight, reconnectMin, reconnectMax, maxIncomingBytes);
    }

    public LinkOptions withProtocol(MqttProtocol newProtocol) {
        return new LinkOptions(serverUri, clientId, username, password, tls, will, newProtocol, keepAlive,
                maxInFlight, reconnectMin, reconnectMax, maxIncomingBytes);
    }

    public LinkOptions withReconnect(Duration min, Duration max) {
        return new LinkOptions(serverUri, clientId, username, password, tls, will, protocol, keepAlive,
                maxInFlight, min, max, maxIncomingBytes);
    }

    public LinkOptions withMaxInFlight(int max) {
        return new LinkOptions(serverUri, clientId, username, password, tls, will, protocol, keepAlive,
                max, reconnectMin, reconnectMax, maxIncomingBytes);
    }

    public LinkOptions withKeepAlive(Duration interval) {
        return new LinkOptions(serverUri, clientId, username, password, tls, will, protocol, interval,
                maxInFlight, reconnectMin, reconnectMax, maxIncomingBytes);
    }

    @Override
    public String toString() {
        return "LinkOptions[" + serverUri + ", clientId=" + clientId + ", user=" + username.orElse("-")
                + ", password=" + (password.isPresent() ? "***" : "-") + ", protocol=" + protocol.id() + "]";
    }
}
