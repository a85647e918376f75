package dev.solemate.serial.driver;

import dev.solemate.device.DeviceProfile;
import dev.solemate.device.DeviceProfiles;
import dev.solemate.driver.DeviceUri;
import dev.solemate.serial.protocol.WireProtocol;
import dev.solemate.serial.protocol.WireProtocols;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a link behaves, from the URI parameters every link scheme shares:
 * {@code protocol}, {@code profile}, {@code ack} (acknowledgement timeout), {@code retries},
 * {@code timeout} (handshake) and {@code reconnect}.
 *
 * @param protocol          the dialect
 * @param profile           a profile that overrides what the device reports, or empty
 * @param ackTimeout        how long to wait for an acknowledgement before resending
 * @param retries           resends before the device is given up for lost
 * @param connectTimeout    how long the handshake may take (a board may reboot when the port opens)
 * @param reconnect         whether to reconnect by itself after the link is lost
 * @param reconnectInterval how often to look for the device again
 */
public record LinkSettings(WireProtocol protocol, Optional<DeviceProfile> profile, Duration ackTimeout, int retries,
        Duration connectTimeout, boolean reconnect, Duration reconnectInterval) {

    /** The URI parameters read here; drivers add their own. */
    public static final Set<String> PARAMS = Set.of("protocol", "profile", "ack", "retries", "timeout", "reconnect");

    public LinkSettings {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(profile, "profile");
        if (ackTimeout.toMillis() < 5 || ackTimeout.toMillis() > 10_000) {
            throw new IllegalArgumentException("ack timeout " + ackTimeout.toMillis() + " ms is out of range (expected 5 to 10000)");
        }
        if (retries < 0 || retries > 20) {
            throw new IllegalArgumentException("retries " + retries + " is out of range (expected 0 to 20)");
        }
        if (connectTimeout.compareTo(ackTimeout) < 0) {
            throw new IllegalArgumentException("connect timeout " + connectTimeout.toMillis()
                    + " ms is shorter than the ack timeout " + ackTimeout.toMillis() + " ms");
        }
    }

    /** Defaults for a dialect: 250 ms acks, 3 resends, 3 s handshake, reconnect every 250 ms. */
    public static LinkSettings defaults(WireProtocol protocol) {
        return new LinkSettings(protocol, Optional.empty(), Duration.ofMillis(250), 3, Duration.ofSeconds(3), true,
                Duration.ofMillis(250));
    }

    /** Reads the shared parameters of a URI. */
    public static LinkSettings from(DeviceUri uri) {
        Optional<DeviceProfile> profile = uri.param("profile").map(DeviceProfiles::resolve);
        String protocolId = uri.param("protocol")
                .orElse(profile.map(DeviceProfile::protocol).orElse(WireProtocols.DEFAULT));
        String reconnect = uri.param("reconnect").orElse("true");
        if (!reconnect.equals("true") && !reconnect.equals("false")) {
            throw new IllegalArgumentException("parameter 'reconnect' in " + uri + ": '" + reconnect
                    + "' is not allowed (expected true or false)");
        }
        return new LinkSettings(WireProtocols.byId(protocolId), profile,
                uri.durationParam("ack", Duration.ofMillis(250)), uri.intParam("retries", 3, 0, 20),
                uri.durationParam("timeout", Duration.ofSeconds(3)), reconnect.equals("true"), Duration.ofMillis(250));
    }

    public LinkSettings withProtocol(WireProtocol p) {
        return new LinkSettings(p, profile, ackTimeout, retries, connectTimeout, reconnect, reconnectInterval);
    }

    public LinkSettings withAckTimeout(Duration d) {
        return new LinkSettings(protocol, profile, d, retries, connectTimeout.compareTo(d) < 0 ? d : connectTimeout,
                reconnect, reconnectInterval);
    }

    public LinkSettings withConnectTimeout(Duration d) {
        return new LinkSettings(protocol, profile, ackTimeout, retries, d, reconnect, reconnectInterval);
    }
}
