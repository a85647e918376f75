package dev.solemate.cli.terminal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto a test starts on a free loopback port, kills (SIGKILL, like a crash) and starts
 * again on the same port; optionally with a TLS listener whose self-signed certificate no client
 * trusts.
 */
final class Broker implements AutoCloseable {

    private final Path dir;
    private final int port;
    private Process process;

    private Broker(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Anonymous access on a plain listener. */
    static Broker plain(Path dir) throws IOException {
        Tools.require("mosquitto");
        Broker b = new Broker(dir, Tools.freePort());
        b.config(List.of("listener " + b.port + " 127.0.0.1"));
        b.start();
        return b;
    }

    /** A TLS listener with a self-signed certificate (for 127.0.0.1) that no client trusts. */
    static Broker untrustedTls(Path dir) throws IOException, InterruptedException {
        Tools.require("mosquitto");
        Tools.require("openssl");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=127.0.0.1", "-keyout", dir.resolve("key.pem").toString(),
                "-out", dir.resolve("cert.pem").toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        if (!openssl.waitFor(30, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
            throw new IllegalStateException("openssl failed: " + Files.readString(dir.resolve("openssl.log")));
        }
        Broker b = new Broker(dir, Tools.freePort());
        b.config(List.of("listener " + b.port + " 127.0.0.1", "certfile " + dir.resolve("cert.pem"),
                "keyfile " + dir.resolve("key.pem")));
        b.start();
        return b;
    }

    int port() {
        return port;
    }

    private void config(List<String> listener) throws IOException {
        StringBuilder text = new StringBuilder("persistence false\nlog_dest stderr\nallow_anonymous true\n"
                + "user " + System.getProperty("user.name") + "\n");
        listener.forEach(l -> text.append(l).append('\n'));
        Files.writeString(dir.resolve("mosquitto.conf"), text);
    }

    /** Starts (or starts again) and waits until the port accepts connections. */
    synchronized void start() {
        try {
            process = new ProcessBuilder(Tools.path("mosquitto"), "-c", dir.resolve("mosquitto.conf").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited at start: " + log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("mosquitto did not listen on " + port + " within 10 s: " + log());
    }

    /** Kills it with SIGKILL: no clean disconnect, as in a crash or a pulled network cable. */
    synchronized void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }

    String log() {
        try {
            return Files.readString(dir.resolve("mosquitto.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public synchronized void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
