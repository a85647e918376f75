package dev.solemate.serial.driver;

import dev.solemate.MassagerException;
import dev.solemate.device.DeviceProfile;
import dev.solemate.device.DeviceProfiles;
import dev.solemate.serial.protocol.DeviceHello;
import java.util.Optional;

/** The profile a link uses for a device, from what the device said in its HELLO (docs/protocol.md §3). */
final class HelloProfiles {

    /** The protocol major version this host speaks (§12). */
    static final int PROTOCOL_VERSION = 1;

    private HelloProfiles() {
    }

    /**
     * @param override a profile from the URI, which wins over what the device reports
     * @throws MassagerException when the device speaks another version, or names no profile this host can build
     */
    static DeviceProfile profileFor(String name, DeviceHello h, Optional<DeviceProfile> override, String protocolId) {
        if (h.protocolVersion() != PROTOCOL_VERSION) {
            throw new MassagerException(name + " speaks protocol v" + h.protocolVersion() + "; this version of Solemate speaks v"
                    + PROTOCOL_VERSION + " (update Solemate or the firmware)");
        }
        if (override.isPresent()) {
            return override.get();
        }
        if (h.capabilities().isPresent()) {
            String id = h.profileId().orElse(h.model());
            return h.capabilities().get().toProfile(id, h.model() + " (firmware " + h.firmware() + ")", protocolId);
        }
        if (h.profileId().isPresent() && DeviceProfiles.builtIn().containsKey(h.profileId().get())) {
            return DeviceProfiles.builtIn(h.profileId().get());
        }
        throw new MassagerException(name + " (model " + h.model() + ") reports no capabilities and profile '"
                + h.profileId().orElse("") + "' is not built in; add ?profile=<id or file.json> to the URI (built in: "
                + String.join(", ", DeviceProfiles.builtIn().keySet()) + ")");
    }
}
