package dev.solemate.serial.pty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A pseudo-terminal pair made by {@code socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B}:
 * two real serial ports joined back to back. {@link #kill()} is the cable being pulled (socat
 * exits, both ends go away), {@link #restart()} the cable plugged back in (same link paths).
 */
public final class SocatPair implements AutoCloseable {

    private final Path a;
    private final Path b;
    private Process process;

    private SocatPair(Path dir) {
        this.a = dir.resolve("A");
        this.b = dir.resolve("B");
    }

    /** Starts socat in {@code dir} (skips or fails the test when socat is missing, see {@link SystemTools}). */
    public static SocatPair start(Path dir) throws IOException, InterruptedException {
        SystemTools.require("socat", "socat");
        SocatPair pair = new SocatPair(dir);
        pair.restart();
        return pair;
    }

    /** The host's end. */
    public Path a() {
        return a;
    }

    /** The emulator's end. */
    public Path b() {
        return b;
    }

    /** Starts socat again (after {@link #kill()}) and waits until both ends exist. */
    public void restart() throws IOException, InterruptedException {
        process = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!(Files.exists(a) && Files.exists(b))) {
            if (!process.isAlive()) {
                throw new IOException("socat exited with " + process.exitValue() + " before making the pair");
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("socat did not create " + a + " and " + b + " within 5 s");
            }
            Thread.sleep(10);
        }
    }

    /** Ends socat (SIGTERM: it removes the links, as an unplugged USB adapter's device file goes away). */
    public void kill() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
