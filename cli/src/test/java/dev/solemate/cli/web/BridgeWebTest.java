package dev.solemate.cli.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solemate.device.Zone;
import dev.solemate.mqtt.MqttBridge;
import dev.solemate.mqtt.config.BridgeConfig;
import dev.solemate.mqtt.config.BrokerConfig;
import dev.solemate.sim.SimulatedDevice;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code solemate bridge --http}: the page and API over the bridge's own massagers. The broker is
 * not needed for that (the bridge keeps retrying it), and a device the bridge could not open yet is
 * shown disconnected with the reason.
 */
@Timeout(60)
class BridgeWebTest {

    @Test
    void thePageControlsTheBridgesMassagerAndShowsTheOneNotOpenYet() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        BridgeConfig config = BridgeConfig.builder(BrokerConfig.of("tcp://127.0.0.1:" + closedPort))
                .device("bedroom=sim:?name=bridge-web")
                .device("attic=serial:/dev/solemate-no-such-port?profile=budget-2zone")
                .build();
        StringWriter out = new StringWriter();
        try (MqttBridge bridge = MqttBridge.start(config);
             BridgeWeb web = BridgeWeb.start(bridge, "127.0.0.1:0", new PrintWriter(out, true))) {
            String base = "http://127.0.0.1:" + web.address().getPort();
            HttpClient http = HttpClient.newHttpClient();
            assertThat(out.toString()).startsWith("Dashboard on " + base + "/");

            JsonNode attic = null;
            HttpResponse<String> set = null;
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (System.nanoTime() < deadline) {
                set = http.send(HttpRequest.newBuilder(URI.create(base + "/api/devices/bedroom/zones/heel"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"level\":1}")).build(), HttpResponse.BodyHandlers.ofString());
                attic = Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/devices/attic")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                if (set.statusCode() == 200 && attic.at("/state/connection_error").isTextual()) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
            assertThat(SimulatedDevice.named("bridge-web").zone(Zone.HEEL).level()).isEqualTo(1);
            assertThat(attic.at("/state/connection").asText()).isEqualTo("disconnected");
            assertThat(attic.at("/state/connection_error").asText()).contains("retrying");

            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base + "/api/devices/attic/stop"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).contains("not connected");
        }
    }
}
