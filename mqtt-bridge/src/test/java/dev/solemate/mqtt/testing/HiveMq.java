package dev.solemate.mqtt.testing;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * HiveMQ Community Edition embedded in the test JVM, on a free loopback port with a temporary data
 * folder. Starting it takes a few seconds, so every test class shares one instance; it stops when the
 * JVM exits.
 */
public final class HiveMq {

    private static HiveMq shared;

    private final EmbeddedHiveMQ hive;
    private final int port;
    private final Path home;

    private HiveMq(int port) throws Exception {
        this.port = port;
        this.home = Files.createTempDirectory("solemate-hivemq");
        Path conf = Files.createDirectories(home.resolve("conf"));
        Files.writeString(conf.resolve("config.xml"), """
                <?xml version="1.0"?>
                <hivemq>
                  <listeners>
                    <tcp-listener>
                      <port>%d</port>
                      <bind-address>127.0.0.1</bind-address>
                    </tcp-listener>
                  </listeners>
                  <persistence><mode>in-memory</mode></persistence>
                  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                </hivemq>
                """.formatted(port));
        hive = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(Files.createDirectories(home.resolve("data")))
                .withExtensionsFolder(Files.createDirectories(home.resolve("extensions")))
                .withoutLoggingBootstrap()
                .build();
        hive.start().get(60, TimeUnit.SECONDS);
    }

    /** The shared broker, started on first use. */
    public static synchronized HiveMq shared() {
        if (shared == null) {
            try {
                shared = new HiveMq(FreePort.next());
            } catch (Exception e) {
                throw new IllegalStateException("cannot start embedded HiveMQ", e);
            }
            HiveMq started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "hivemq-stop"));
        }
        return shared;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    private void stop() {
        try {
            hive.stop().get(20, TimeUnit.SECONDS);
            hive.close();
        } catch (Exception ignored) {
            // the JVM is exiting
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
