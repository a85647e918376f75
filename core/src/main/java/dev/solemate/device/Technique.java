package dev.solemate.device;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a zone is worked: the motion of the rollers, nodes, air bags or vibration motor. */
public enum Technique {
    KNEAD, ROLL, PRESS, VIBRATE, COMPRESS;

    /** Made once: {@link #id()} is on every command's path (JSON, topics, wire lines). */
    private final String id = name().toLowerCase(Locale.ROOT);

    /** The lower-case name used in JSON, topics and on the wire, e.g. {@code "knead"}. */
    public String id() {
        return id;
    }

    /**
     * Parses a technique id, case-insensitively.
     *
     * @throws IllegalArgumentException naming the bad value and the allowed ones
     */
    public static Technique parse(String text) {
        if (text != null) {
            for (Technique technique : values()) {
                if (technique.id().equalsIgnoreCase(text.trim())) {
                    return technique;
                }
            }
        }
        throw new IllegalArgumentException(
                "unknown technique '" + text + "' (expected one of: " + allowed() + ")");
    }

    /** The ids of every technique, comma-separated, for error messages. */
    public static String allowed() {
        return Arrays.stream(values()).map(Technique::id).collect(Collectors.joining(", "));
    }
}
