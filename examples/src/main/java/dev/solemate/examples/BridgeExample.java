package dev.solemate.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.embedded.EmbeddedHiveMQ;
import dev.solemate.mqtt.MqttBridge;
import dev.solemate.mqtt.config.BridgeConfig;
import dev.solemate.mqtt.config.BrokerConfig;
import dev.solemate.mqtt.config.DeviceConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

/**
 * Starts an MQTT bridge from code, with a broker (HiveMQ Community Edition) embedded in the same
 * JVM, so it runs with nothing else installed: a simulated massager named {@code bedroom} appears
 * on the broker, a client sets its arch zone over MQTT and watches the state the bridge publishes.
 */
public final class BridgeExample {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BridgeExample() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    /** Runs the whole story and returns the state message that showed the arch moving. */
    public static String run(PrintStream out) throws Exception {
        Path home = Files.createTempDirectory("solemate-broker");
        int port = freePort();
        EmbeddedHiveMQ broker = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(config(home, port))
                .withDataFolder(Files.createDirectories(home.resolve("data")))
                .withExtensionsFolder(Files.createDirectories(home.resolve("extensions")))
                .withoutLoggingBootstrap()
                .build();
        try {
            broker.start().get(60, TimeUnit.SECONDS);
            out.println("broker listening on 127.0.0.1:" + port);
            return withBroker(out, "tcp://127.0.0.1:" + port);
        } finally {
            broker.stop().get(30, TimeUnit.SECONDS);
            broker.close();
            delete(home);
        }
    }

    private static String withBroker(PrintStream out, String url) throws Exception {
        // tag::bridge[]
        BridgeConfig config = BridgeConfig.builder(BrokerConfig.of(url))
                .device(DeviceConfig.of("bedroom", "sim:?profile=shiatsu-4zone"))
                .build();
        try (MqttBridge bridge = MqttBridge.start(config)) {
            bridge.awaitConnected(Duration.ofSeconds(10));
            out.println("bridge connected; devices: " + bridge.devices());

            // Any MQTT client can now drive the massager: here Paho, as Home Assistant or Node-RED would.
            MqttClient client = new MqttClient(url, "bridge-example", new MemoryPersistence());
            client.connect(new MqttConnectionOptions());
            CompletableFuture<String> archMoving = new CompletableFuture<>();
            // (Paho 1.2.5's subscribe(String, int, listener) recurses forever; the array form works.)
            client.subscribe(new MqttSubscription[] {new MqttSubscription("solemate/bedroom", 1)},
                    new IMqttMessageListener[] {(topic, message) -> {
                        JsonNode state = JSON.readTree(message.getPayload());
                        if (state.path("zones").path("arch").path("level").asInt() > 0) {
                            archMoving.complete(state.toString());
                        }
                    }});
            client.publish("solemate/bedroom/set", new MqttMessage(
                    "{\"zones\":{\"arch\":{\"technique\":\"knead\",\"intensity\":20}}}".getBytes(StandardCharsets.UTF_8)));
            String state = archMoving.get(10, TimeUnit.SECONDS);
            out.println("state: " + state);

            client.publish("solemate/bedroom/set", new MqttMessage("{\"power\":\"OFF\"}".getBytes(StandardCharsets.UTF_8)));
            client.disconnect();
            client.close();
            return state;
        }
        // end::bridge[]
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

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
