package dev.solemate.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root directory, found from the test's working directory (Maven runs tests in the module). */
public final class RepoRoot {

    private RepoRoot() {
    }

    public static Path find() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("cli"))
                    && Files.isDirectory(dir.resolve("core"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find the repository root above " + Path.of("").toAbsolutePath());
    }
}
