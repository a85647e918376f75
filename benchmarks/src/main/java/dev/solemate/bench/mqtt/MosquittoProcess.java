package dev.solemate.bench.mqtt;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/** A Mosquitto broker on a free loopback port for one benchmark run, anonymous, no persistence. */
final class MosquittoProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    MosquittoProcess() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("solemate-bench-mosquitto");
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, String.join("\n",
                "persistence false",
                "allow_anonymous true",
                "log_dest stderr",
                "log_type error",
                "max_inflight_messages 100",
                "set_tcp_nodelay true",
                "max_queued_messages 100000",
                "user " + System.getProperty("user.name"),
                "listener " + port + " 127.0.0.1", ""));
        String binary = new File("/usr/sbin/mosquitto").canExecute() ? "/usr/sbin/mosquitto" : "mosquitto";
        process = new ProcessBuilder(binary, "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IllegalStateException("mosquitto did not start (apt-get install mosquitto)");
                }
                Thread.sleep(20);
            }
        }
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    String version() {
        try {
            Process p = new ProcessBuilder(new File("/usr/sbin/mosquitto").canExecute() ? "/usr/sbin/mosquitto" : "mosquitto", "-h")
                    .redirectErrorStream(true).start();
            String first = new String(p.getInputStream().readAllBytes()).lines().findFirst().orElse("?");
            p.waitFor();
            return first;
        } catch (Exception e) {
            return "?";
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
