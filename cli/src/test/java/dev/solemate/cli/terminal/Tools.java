package dev.solemate.cli.terminal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** The system tools the terminal tests run (socat, mosquitto, openssl): skipped without them, except in CI. */
final class Tools {

    private Tools() {
    }

    static void require(String tool) {
        boolean present = path(tool) != null;
        if (!present && "true".equals(System.getenv("SOLEMATE_REQUIRE_TOOLS"))) {
            throw new AssertionError(tool + " is required here (SOLEMATE_REQUIRE_TOOLS=true): apt-get install " + tool);
        }
        assumeTrue(present, tool + " is not installed; install it to run this test: apt-get install " + tool);
    }

    /** The tool's path, looking in /usr/sbin too (mosquitto lives there on Debian), or null. */
    static String path(String tool) {
        String path = System.getenv("PATH") == null ? "" : System.getenv("PATH");
        for (String dir : (path + File.pathSeparator + "/usr/sbin").split(File.pathSeparator)) {
            File file = new File(dir, tool);
            if (file.canExecute()) {
                return file.getPath();
            }
        }
        return null;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
