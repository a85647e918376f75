package dev.solemate.device;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A region of the foot (or leg) that a massager can work on, in order from toes to calf. */
public enum Zone {
    TOES, BALL, ARCH, HEEL, ANKLE, CALF;

    /** Made once: {@link #id()} is on every command's path (JSON, topics, wire lines). */
    private final String id = name().toLowerCase(Locale.ROOT);

    /** The lower-case name used in JSON, topics and on the wire, e.g. {@code "arch"}. */
    public String id() {
        return id;
    }

    /**
     * Parses a zone id, case-insensitively.
     *
     * @throws IllegalArgumentException naming the bad value and the allowed ones
     */
    public static Zone parse(String text) {
        if (text != null) {
            for (Zone zone : values()) {
                if (zone.id().equalsIgnoreCase(text.trim())) {
                    return zone;
                }
            }
        }
        throw new IllegalArgumentException("unknown zone '" + text + "' (expected one of: " + allowed() + ")");
    }

    /** The ids of every zone, comma-separated, for error messages. */
    public static String allowed() {
        return Arrays.stream(values()).map(Zone::id).collect(Collectors.joining(", "));
    }
}
