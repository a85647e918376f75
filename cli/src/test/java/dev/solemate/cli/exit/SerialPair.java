package dev.solemate.cli.exit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A pseudo-terminal pair made by {@code socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B}:
 * two real serial ports joined back to back, the host on A and the emulated board on B.
 */
final class SerialPair implements AutoCloseable {

    private final Path a;
    private final Path b;
    private final Process process;

    private SerialPair(Path a, Path b, Process process) {
        this.a = a;
        this.b = b;
        this.process = process;
    }

    /** Starts socat in {@code dir}; skips the test without socat, or fails in CI (SOLEMATE_REQUIRE_TOOLS=true). */
    static SerialPair start(Path dir) throws IOException, InterruptedException {
        require("socat");
        Path a = dir.resolve("A");
        Path b = dir.resolve("B");
        Process p = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!(Files.exists(a) && Files.exists(b))) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IOException("socat did not create " + a + " and " + b);
            }
            Thread.sleep(10);
        }
        return new SerialPair(a, b, p);
    }

    static void require(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, tool).canExecute()) {
                return;
            }
        }
        String hint = "install " + tool + ": apt-get install " + tool;
        if ("true".equals(System.getenv("SOLEMATE_REQUIRE_TOOLS"))) {
            Assertions.fail(tool + " is required because SOLEMATE_REQUIRE_TOOLS=true; " + hint);
        }
        Assumptions.abort(hint);
    }

    Path host() {
        return a;
    }

    Path board() {
        return b;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
