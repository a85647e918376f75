package dev.solemate.mqtt.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import org.junit.jupiter.api.Assumptions;

/**
 * System tools some tests need. When one is missing the test is skipped with how to install it,
 * or fails when {@code SOLEMATE_REQUIRE_TOOLS=true} (as in CI, where .ci/run installs them).
 */
public final class Tools {

    private Tools() {
    }

    public static boolean has(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (new File(dir, tool).canExecute()) {
                return true;
            }
        }
        return new File("/usr/sbin/" + tool).canExecute();
    }

    /** Skips (or fails in CI) unless every tool is installed. */
    public static void require(String... tools) {
        for (String tool : tools) {
            if (!has(tool)) {
                String message = tool + " is not installed: install mosquitto: apt-get install mosquitto mosquitto-clients";
                if ("true".equals(System.getenv("SOLEMATE_REQUIRE_TOOLS"))) {
                    fail(message + " (SOLEMATE_REQUIRE_TOOLS=true)");
                }
                Assumptions.abort(message);
            }
        }
    }

    /** Path of a tool, looking in /usr/sbin too (mosquitto lives there on Debian). */
    public static String path(String tool) {
        return new File("/usr/sbin/" + tool).canExecute() ? "/usr/sbin/" + tool : tool;
    }
}
