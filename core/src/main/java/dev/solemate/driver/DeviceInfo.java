package dev.solemate.driver;

import dev.solemate.device.DeviceProfile;
import java.util.Objects;

/**
 * Who a connected device is: its profile (capabilities), and the identity it reported, so that a
 * device keeps its name across sessions and ports.
 *
 * @param profile      what the device can do
 * @param firmware     firmware version as the device reports it, or {@code "n/a"}
 * @param serialNumber a stable identity for this unit (a serial number, or a driver-made id)
 */
public record DeviceInfo(DeviceProfile profile, String firmware, String serialNumber) {

    public DeviceInfo {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(firmware, "firmware");
        Objects.requireNonNull(serialNumber, "serialNumber");
    }
}
