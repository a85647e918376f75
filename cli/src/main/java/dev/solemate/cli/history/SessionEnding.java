package dev.solemate.cli.history;

import dev.solemate.player.PlaybackEnding;
import java.util.Locale;

/**
 * How a session in the history ended, as far as the history knows: the player's three endings,
 * plus {@code terminated} (SIGTERM: the device was stopped and the end recorded), {@code playing}
 * (started, no end yet: a run going on now) and {@code interrupted} (started, but the program
 * vanished without recording the end: kill -9, a crash, a power cut).
 */
public enum SessionEnding {
    COMPLETED, STOPPED, FAILED, TERMINATED, PLAYING, INTERRUPTED;

    /** The player's ending. */
    public static SessionEnding of(PlaybackEnding ending) {
        return valueOf(ending.name());
    }

    /** Parses {@link #id()}. @throws IllegalArgumentException for anything else */
    public static SessionEnding parse(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }

    /** The lower-case id kept in the history file, e.g. {@code completed}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
