package dev.solemate.mqtt.bridge;

import dev.solemate.Massager;
import dev.solemate.device.DeviceProfile;
import dev.solemate.safety.SafetyLimits;
import dev.solemate.secret.Redaction;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A configured device that did not open at start (unplugged, or its network serial bridge not up
 * yet): how to open it again and why it failed, so the bridge can show it offline and retry.
 *
 * @param name            the device name
 * @param uri             its driver URI (secrets included: named in errors only through {@link #shownUri()})
 * @param defaultRoutine  the routine {@code power ON} starts once it is open
 * @param expectedProfile the profile its URI names ({@code ?profile=}), if any: lets discovery go out before it answers
 * @param limits          the safety limits it will open with (for the state shown meanwhile)
 * @param failure         why the first attempt failed
 * @param opener          opens it, or throws when it still cannot be opened
 */
public record PendingDevice(String name, String uri, String defaultRoutine, Optional<DeviceProfile> expectedProfile,
                            SafetyLimits limits, String failure, Supplier<Massager> opener) {

    public PendingDevice {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(defaultRoutine, "defaultRoutine");
        Objects.requireNonNull(expectedProfile, "expectedProfile");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(opener, "opener");
        failure = Redaction.redact(failure);
    }

    /** The URI as it may be shown: passwords and tokens replaced by {@code ***}. */
    public String shownUri() {
        return Redaction.redact(uri);
    }

    @Override
    public String toString() {
        return "PendingDevice[" + name + ", " + shownUri() + "]";
    }
}
