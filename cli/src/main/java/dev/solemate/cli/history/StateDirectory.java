package dev.solemate.cli.history;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where Solemate keeps per-user state, following the XDG base directory rules:
 * {@code $SOLEMATE_STATE_DIR} if set (tests, portable installs), else {@code $XDG_STATE_HOME/solemate},
 * else {@code ~/.local/state/solemate}.
 */
public final class StateDirectory {

    /** Overrides the state directory; the test suite points it into {@code target/}. */
    public static final String OVERRIDE_ENV = "SOLEMATE_STATE_DIR";

    private StateDirectory() {
    }

    /** The state directory for this process's environment and user. */
    public static Path forUser() {
        return resolve(System.getenv(), System.getProperty("user.home"));
    }

    /** The state directory for the given environment and home directory. */
    public static Path resolve(Map<String, String> env, String userHome) {
        String override = env.get(OVERRIDE_ENV);
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String xdg = env.get("XDG_STATE_HOME");
        // The XDG spec says a relative path is invalid and must be ignored.
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "solemate");
        }
        return Path.of(userHome, ".local", "state", "solemate");
    }
}
