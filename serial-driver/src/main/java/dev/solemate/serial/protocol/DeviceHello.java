package dev.solemate.serial.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * A device's answer to HELLO: who it is and how to talk to it.
 *
 * @param protocolVersion the protocol major version the device speaks
 * @param model           model id (lower-case letters, digits, dashes)
 * @param firmware        firmware version, free text without spaces
 * @param serialNumber    a stable identity of this unit, without spaces
 * @param rxBuffer        bytes the device's receive buffer holds; the host keeps at most this many unacknowledged
 * @param heartbeatMillis the device stops everything after this long without a valid request; 0 = no watchdog
 * @param profileId       a profile id the host may know, or empty
 * @param capabilities    what the device can do, or empty when the profile id says it
 */
public record DeviceHello(int protocolVersion, String model, String firmware, String serialNumber, int rxBuffer,
        int heartbeatMillis, Optional<String> profileId, Optional<Capabilities> capabilities) {

    public DeviceHello {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(firmware, "firmware");
        Objects.requireNonNull(serialNumber, "serialNumber");
        Objects.requireNonNull(profileId, "profileId");
        Objects.requireNonNull(capabilities, "capabilities");
        if (rxBuffer < 16 || rxBuffer > 65535) {
            throw new IllegalArgumentException("rx buffer " + rxBuffer + " bytes is out of range (expected 16 to 65535)");
        }
        if (heartbeatMillis < 0 || heartbeatMillis > 65535) {
            throw new IllegalArgumentException("heartbeat " + heartbeatMillis + " ms is out of range (expected 0 to 65535)");
        }
        for (String s : new String[] {model, firmware, serialNumber}) {
            if (s.isEmpty() || s.chars().anyMatch(c -> c <= ' ' || c > '~' || c == '*' || c == '=')) {
                throw new IllegalArgumentException("hello field '" + s
                        + "' is not allowed (expected printable ASCII without spaces, '*' or '=')");
            }
        }
    }
}
