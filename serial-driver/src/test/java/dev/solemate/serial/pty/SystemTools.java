package dev.solemate.serial.pty;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import org.junit.jupiter.api.Assumptions;

/** System tools the hardware-in-the-loop tests need: required in CI, skipped with a hint elsewhere. */
public final class SystemTools {

    private SystemTools() {
    }

    /**
     * Fails when {@code tool} is missing and SOLEMATE_REQUIRE_TOOLS=true (CI); otherwise skips the test
     * with the command that installs it.
     */
    public static void require(String tool, String debianPackage) {
        if (onPath(tool)) {
            return;
        }
        String hint = "install " + tool + ": apt-get install " + debianPackage;
        if ("true".equals(System.getenv("SOLEMATE_REQUIRE_TOOLS"))) {
            fail(tool + " is required because SOLEMATE_REQUIRE_TOOLS=true but is not on the PATH; " + hint);
        }
        Assumptions.abort(hint);
    }

    public static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (new File(dir, tool).canExecute()) {
                return true;
            }
        }
        return false;
    }
}
