package dev.solemate.mqtt.config;

import dev.solemate.secret.Redaction;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One device the bridge exposes.
 *
 * @param name           the topic name, see {@link DeviceName}
 * @param uri            the driver URI, e.g. {@code serial:/dev/ttyUSB0} or {@code sim:?profile=budget-2zone}
 * @param comfortCap     the user's comfort cap in percent (1-100), when set
 * @param defaultRoutine the routine {@code power ON} starts, when set (else {@code bedtime} if known)
 */
public record DeviceConfig(String name, String uri, OptionalInt comfortCap, Optional<String> defaultRoutine) {

    public DeviceConfig {
        DeviceName.require(name);
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(comfortCap, "comfortCap");
        Objects.requireNonNull(defaultRoutine, "defaultRoutine");
        if (uri.isBlank()) {
            throw new IllegalArgumentException("devices." + name + ".uri is empty (expected a driver URI such as sim: or serial:/dev/ttyUSB0)");
        }
        if (comfortCap.isPresent() && (comfortCap.getAsInt() < 1 || comfortCap.getAsInt() > 100)) {
            throw new IllegalArgumentException("devices." + name + ".comfort_cap " + comfortCap.getAsInt()
                    + " is out of range (expected 1 to 100)");
        }
    }

    /** The URI as it may be shown: passwords and tokens replaced by {@code ***}. */
    public String shownUri() {
        return Redaction.redact(uri);
    }

    @Override
    public String toString() {
        return "DeviceConfig[" + name + ", " + shownUri() + "]";
    }

    public static DeviceConfig of(String name, String uri) {
        return new DeviceConfig(name, uri, OptionalInt.empty(), Optional.empty());
    }

    /** Parses the quick flag form {@code name=uri}, e.g. {@code bedroom=serial:/dev/ttyUSB0}. */
    public static DeviceConfig parseFlag(String flag) {
        int eq = flag == null ? -1 : flag.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--device '" + Redaction.redact(flag) + "' (expected name=uri, e.g. bedroom=sim:)");
        }
        return of(flag.substring(0, eq), flag.substring(eq + 1));
    }
}
