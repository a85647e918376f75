package dev.solemate.player;

/** How a playback ended. Whatever the ending, the device was stopped. */
public enum PlaybackEnding {
    /** Played to the end. */
    COMPLETED,
    /** Stopped by a caller (stop(), Ctrl-C, an MQTT command). */
    STOPPED,
    /** Ended by an error: a device error, a lost link, a listener that threw, the session limit. */
    FAILED,
    /** The process was going away (SIGTERM, SIGHUP, {@code System.exit}): the JVM shutdown hook stopped it. */
    TERMINATED;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
