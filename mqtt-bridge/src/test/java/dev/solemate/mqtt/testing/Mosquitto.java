package dev.solemate.mqtt.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Mosquitto 2.0, started by a test on free loopback ports with its own configuration:
 * optionally a password file and ACL ({@code mosquitto_passwd -b -c}), and a TLS listener with a CA
 * and certificates generated during the test ({@link TestCertificates}). It can be killed (SIGKILL)
 * and restarted on the same ports to simulate a broker crash. Persistence is off, so a restart
 * loses every retained message, as a crash of a non-persistent broker does.
 */
public final class Mosquitto implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final int tlsPort;
    private final int wrongHostPort;
    private final boolean secured;
    private Process process;

    private Mosquitto(Path dir, int port, int tlsPort, boolean secured) {
        this.dir = dir;
        this.port = port;
        this.tlsPort = tlsPort;
        this.wrongHostPort = secured ? FreePort.next() : 0;
        this.secured = secured;
    }

    /** Anonymous access on one plain listener. */
    public static Mosquitto plain(Path dir) {
        Tools.require("mosquitto");
        Mosquitto m = new Mosquitto(dir, FreePort.next(), 0, false);
        m.writeConfig();
        m.start();
        return m;
    }

    /**
     * Users {@code solemate}/{@code bridge-secret} (bridge topics), {@code ha}/{@code ha-secret}
     * (everything) and {@code viewer}/{@code viewer-secret} (read only), on a plain listener and a
     * TLS listener whose certificate names 127.0.0.1 and localhost.
     */
    public static Mosquitto secured(Path dir, TestCertificates certs) {
        Tools.require("mosquitto", "mosquitto_passwd", "openssl");
        Mosquitto m = new Mosquitto(dir, FreePort.next(), FreePort.next(), true);
        m.run(Tools.path("mosquitto_passwd"), "-b", "-c", dir.resolve("passwd").toString(), "solemate", "bridge-secret");
        m.run(Tools.path("mosquitto_passwd"), "-b", dir.resolve("passwd").toString(), "ha", "ha-secret");
        m.run(Tools.path("mosquitto_passwd"), "-b", dir.resolve("passwd").toString(), "viewer", "viewer-secret");
        write(dir.resolve("acl"), """
                user solemate
                topic readwrite solemate/#
                topic readwrite homeassistant/#

                user ha
                topic readwrite #

                user viewer
                topic read solemate/#
                """);
        m.writeConfig(certs);
        m.start();
        return m;
    }

    public int port() {
        return port;
    }

    public int tlsPort() {
        return tlsPort;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** A TLS listener whose certificate names wrong.example, not 127.0.0.1. */
    public String wrongHostTlsUrl() {
        return "ssl://127.0.0.1:" + wrongHostPort;
    }

    public String tlsUrl() {
        return "ssl://127.0.0.1:" + tlsPort;
    }

    private void writeConfig() {
        writeConfig(null);
    }

    private void writeConfig(TestCertificates certs) {
        List<String> lines = new ArrayList<>(List.of(
                "per_listener_settings false",
                "persistence false",
                "log_dest stderr",
                "log_type error",
                "log_type warning",
                "log_type notice",
                "max_queued_messages 0",
                "max_inflight_messages 100",
                "user " + System.getProperty("user.name")));
        if (secured) {
            lines.add("allow_anonymous false");
            lines.add("password_file " + dir.resolve("passwd"));
            lines.add("acl_file " + dir.resolve("acl"));
        } else {
            lines.add("allow_anonymous true");
        }
        lines.add("listener " + port + " 127.0.0.1");
        if (certs != null) {
            lines.add("listener " + tlsPort + " 127.0.0.1");
            lines.add("cafile " + certs.caCert());
            lines.add("certfile " + certs.serverCert());
            lines.add("keyfile " + certs.serverKey());
            lines.add("require_certificate false");
            lines.add("listener " + wrongHostPort + " 127.0.0.1");
            lines.add("cafile " + certs.caCert());
            lines.add("certfile " + certs.wrongHostCert());
            lines.add("keyfile " + certs.wrongHostKey());
        }
        write(dir.resolve("mosquitto.conf"), String.join("\n", lines) + "\n");
    }

    /** Starts (or restarts) the broker and waits until it accepts connections. */
    public synchronized void start() {
        try {
            process = new ProcessBuilder(Tools.path("mosquitto"), "-c", dir.resolve("mosquitto.conf").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
                    .start();
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
                Probe.sleep(20);
            }
        }
        throw new IllegalStateException("mosquitto did not listen on " + port + " within 10 s: " + log());
    }

    /** Kills the broker with SIGKILL: no clean disconnects, no wills delivered. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("mosquitto.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private void run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
