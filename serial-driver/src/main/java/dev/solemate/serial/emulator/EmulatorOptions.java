package dev.solemate.serial.emulator;

import dev.solemate.device.DeviceProfile;
import dev.solemate.device.DeviceProfiles;
import java.time.Duration;
import java.util.Objects;

/**
 * How an emulated board behaves.
 *
 * @param protocolId        the dialect it speaks ({@code solemate-text} or {@code solemate-binary})
 * @param profile           what it can do; announced in its HELLO answer
 * @param serialNumber      its identity
 * @param firmware          its firmware version
 * @param rxBuffer          receive-buffer size in bytes, announced in HELLO (16 to 65535); the protocol asks for at
 *                          least 66 (text: one 64-byte line and {@code \r\n}) or 33 (binary: one 16-byte frame
 *                          stuffed), so a smaller one emulates a board that breaks that rule, to test a host with
 * @param heartbeat         the watchdog: everything stops after this long without a valid request (0 = off)
 * @param paceBaud          read input no faster than this line speed (8N1), as a real UART would; 0 = as fast as it comes
 * @param cutoffCelsius     the over-temperature cut-off
 * @param seed              seed for fault injection
 */
public record EmulatorOptions(String protocolId, DeviceProfile profile, String serialNumber, String firmware, int rxBuffer,
        Duration heartbeat, int paceBaud, double cutoffCelsius, long seed) {

    public EmulatorOptions {
        Objects.requireNonNull(protocolId, "protocolId");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(serialNumber, "serialNumber");
        Objects.requireNonNull(firmware, "firmware");
        Objects.requireNonNull(heartbeat, "heartbeat");
        if (rxBuffer < 16 || rxBuffer > 65535) {
            throw new IllegalArgumentException("rx buffer " + rxBuffer + " bytes is out of range (expected 16 to 65535)");
        }
        if (heartbeat.isNegative() || heartbeat.toMillis() > 65535) {
            throw new IllegalArgumentException("heartbeat " + heartbeat.toMillis() + " ms is out of range (expected 0 to 65535)");
        }
        if (paceBaud < 0) {
            throw new IllegalArgumentException("pace baud " + paceBaud + " is negative (expected 0 for unpaced, or a line speed)");
        }
    }

    /** A shiatsu-4zone board speaking the text protocol: 128-byte buffer, 1 s watchdog, unpaced. */
    public static EmulatorOptions defaults() {
        return new EmulatorOptions("solemate-text", DeviceProfiles.defaultProfile(), "EMU-0001", "emu-1.0.0", 128,
                Duration.ofSeconds(1), 0, 46.0, 1);
    }

    public EmulatorOptions withProtocol(String id) {
        return new EmulatorOptions(id, profile, serialNumber, firmware, rxBuffer, heartbeat, paceBaud, cutoffCelsius, seed);
    }

    public EmulatorOptions withProfile(DeviceProfile p) {
        return new EmulatorOptions(protocolId, p, serialNumber, firmware, rxBuffer, heartbeat, paceBaud, cutoffCelsius, seed);
    }

    public EmulatorOptions withSerialNumber(String sn) {
        return new EmulatorOptions(protocolId, profile, sn, firmware, rxBuffer, heartbeat, paceBaud, cutoffCelsius, seed);
    }

    public EmulatorOptions withRxBuffer(int bytes) {
        return new EmulatorOptions(protocolId, profile, serialNumber, firmware, bytes, heartbeat, paceBaud, cutoffCelsius, seed);
    }

    public EmulatorOptions withHeartbeat(Duration d) {
        return new EmulatorOptions(protocolId, profile, serialNumber, firmware, rxBuffer, d, paceBaud, cutoffCelsius, seed);
    }

    public EmulatorOptions withPaceBaud(int baud) {
        return new EmulatorOptions(protocolId, profile, serialNumber, firmware, rxBuffer, heartbeat, baud, cutoffCelsius, seed);
    }

    public EmulatorOptions withSeed(long s) {
        return new EmulatorOptions(protocolId, profile, serialNumber, firmware, rxBuffer, heartbeat, paceBaud, cutoffCelsius, s);
    }
}
