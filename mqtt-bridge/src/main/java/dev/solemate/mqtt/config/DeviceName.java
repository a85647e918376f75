package dev.solemate.mqtt.config;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rule for device names, which become MQTT topic levels and Home Assistant ids: 1 to 64 of
 * {@code A-Z a-z 0-9 _ -}. That excludes the wildcards {@code +} and {@code #}, the level separator
 * {@code /}, a leading {@code $} (reserved by brokers), spaces and anything Home Assistant ids reject.
 * {@code bridge} is reserved for the bridge's own topics.
 */
public final class DeviceName {

    public static final String ALLOWED = "1 to 64 of A-Z a-z 0-9 _ -, not 'bridge'";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> RESERVED = Set.of("bridge");

    private DeviceName() {
    }

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches() && !RESERVED.contains(name);
    }

    /** @throws IllegalArgumentException naming the bad name and the allowed set */
    public static String require(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("device name '" + name + "' is not allowed (expected " + ALLOWED + ")");
        }
        return name;
    }
}
