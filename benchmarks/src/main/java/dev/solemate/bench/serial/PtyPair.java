package dev.solemate.bench.serial;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A socat pseudo-terminal pair in a temporary directory, for as long as a measurement needs it. */
final class PtyPair implements AutoCloseable {

    final Path dir;
    final Path a;
    final Path b;
    private final Process socat;

    PtyPair() throws IOException, InterruptedException {
        dir = Files.createTempDirectory("solemate-bench-pty");
        a = dir.resolve("A");
        b = dir.resolve("B");
        socat = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!(Files.exists(a) && Files.exists(b))) {
            if (!socat.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("socat did not make a pty pair (is socat installed? apt-get install socat)");
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() throws InterruptedException {
        socat.destroy();
        socat.waitFor(5, TimeUnit.SECONDS);
    }
}
