package dev.solemate.consumer.broker;

import com.hivemq.embedded.EmbeddedHiveMQ;
import dev.solemate.consumer.ConsumerCheck;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts an embedded HiveMQ broker on a free loopback port, runs {@link ConsumerCheck} against it and
 * stops it. It lives on the class path in both runs: HiveMQ is not modular, and the point of the
 * module-path run is Solemate's module descriptors, not the broker's.
 */
public final class WithEmbeddedBroker {

    private WithEmbeddedBroker() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: WithEmbeddedBroker class-path|module-path");
            System.exit(2);
        }
        int status = 0;
        Path home = Files.createTempDirectory("solemate-consumer-broker");
        int port = freePort();
        EmbeddedHiveMQ broker = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(config(home, port))
                .withDataFolder(Files.createDirectories(home.resolve("data")))
                .withExtensionsFolder(Files.createDirectories(home.resolve("extensions")))
                .withoutLoggingBootstrap()
                .build();
        try {
            broker.start().get(60, TimeUnit.SECONDS);
            ConsumerCheck.run(args[0], "tcp://127.0.0.1:" + port);
        } catch (Exception | AssertionError e) {
            System.err.println("consumer check FAILED (" + args[0] + "): " + e);
            e.printStackTrace();
            status = 1;
        } finally {
            broker.stop().get(30, TimeUnit.SECONDS);
            broker.close();
            deleteTree(home);
        }
        // HiveMQ leaves non-daemon threads behind; the verdict is the exit status.
        System.exit(status);
    }

    private static Path config(Path home, int port) throws IOException {
        Path conf = Files.createDirectories(home.resolve("conf"));
        Files.writeString(conf.resolve("config.xml"), """
                <?xml version="1.0"?>
                <hivemq>
                  <listeners>
                    <tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address></tcp-listener>
                  </listeners>
                  <persistence><mode>in-memory</mode></persistence>
                  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                </hivemq>
                """.formatted(port));
        return conf;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
