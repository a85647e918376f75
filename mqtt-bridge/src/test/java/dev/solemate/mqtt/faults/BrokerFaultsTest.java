package dev.solemate.mqtt.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solemate.Massager;
import dev.solemate.mqtt.MqttBridge;
import dev.solemate.mqtt.client.InboundMessage;
import dev.solemate.mqtt.client.OutboundMessage;
import dev.solemate.mqtt.config.BrokerConfig;
import dev.solemate.mqtt.testing.Bridges;
import dev.solemate.mqtt.testing.Mosquitto;
import dev.solemate.mqtt.testing.Probe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What happens when things go wrong around the bridge, against a real Mosquitto the test can kill. */
@Timeout(90)
class BrokerFaultsTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private Mosquitto broker;

    @BeforeEach
    void startBroker() throws Exception {
        broker = Mosquitto.plain(Files.createTempDirectory("solemate-faults"));
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    @Test
    void brokerKilledMidRoutineStopsTheDeviceThenTheBridgeComesBackWhole() throws Exception {
        try (MqttBridge bridge = Bridges.start(Bridges.config(broker.url(), "solemate")
                .device("bedroom=" + Bridges.simUri("shiatsu-4zone")).build())) {
            Massager bedroom = bridge.massager("bedroom").orElseThrow();
            try (Probe user = new Probe(broker.url(), "solemate/#")) {
                user.publish("solemate/bedroom/set", "{\"routine\":\"bedtime\"}");
                user.awaitJson("solemate/bedroom", s -> s.path("playback").asText().equals("playing")
                        && s.path("power").asText().equals("ON"), WAIT);
            }
            awaitTrue(() -> bedroom.state().isActive());

            broker.kill();
            long killed = System.nanoTime();
            awaitTrue(() -> bedroom.state().isAtZero());
            long stoppedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            assertThat(stoppedAfter).as("stopped after the 1 s policy delay").isBetween(500L, 5000L);
            assertThat(bridge.isConnected()).isFalse();

            broker.start();
            assertThat(bridge.awaitConnected(WAIT)).isTrue();
            try (Probe ha = new Probe(broker.url(), "solemate/#", "homeassistant/#")) {
                // The restarted broker lost everything retained: the bridge must have published it again.
                ha.awaitJson("solemate/bridge/state", s -> s.path("state").asText().equals("online"), WAIT);
                ha.await("solemate/bedroom/availability", m -> m.retained() && m.text().equals("online"), WAIT);
                ha.awaitJson("homeassistant/device/solemate_bedroom/config", d -> d.has("cmps"), WAIT);
                JsonNode state = ha.awaitJson("solemate/bedroom", s -> s.has("power"), WAIT);
                assertThat(state.path("routine").isNull()).isTrue();

                ha.publish("solemate/bedroom/set", "{\"zones\":{\"ball\":{\"intensity\":20}},\"transaction\":\"again\"}");
                ha.awaitJson("solemate/bedroom/response", r -> r.path("transaction").asText().equals("again")
                        && r.path("status").asText().equals("ok"), WAIT);
                ha.awaitJson("solemate/bedroom", s -> s.path("zones").path("ball").path("level").asInt() == 1, WAIT);
            }
        }
    }

    @Test
    void homeAssistantRestartGetsDiscoveryAndStatesAgain() {
        try (MqttBridge bridge = Bridges.start(Bridges.config(broker.url(), "solemate")
                .device("bedroom=" + Bridges.simUri("shiatsu-4zone")).build());
             Probe ha = new Probe(broker.url(), "homeassistant/device/#", "solemate/bedroom")) {
            ha.awaitJson("homeassistant/device/solemate_bedroom/config", d -> d.has("cmps"), WAIT);
            ha.clear();
            // Home Assistant's birth message after its restart.
            ha.publish("homeassistant/status", "online");
            ha.awaitJson("homeassistant/device/solemate_bedroom/config", d -> d.has("cmps"), WAIT);
            ha.awaitJson("solemate/bedroom", s -> s.has("power"), WAIT);
        }
    }

    @Test
    void stormOfTenThousandMalformedCommandsIsAnsweredAndChangesNothing() throws Exception {
        try (MqttBridge bridge = Bridges.start(Bridges.config(broker.url(), "solemate")
                .device("bedroom=" + Bridges.simUri("shiatsu-4zone"))
                .device("office=" + Bridges.simUri("budget-2zone")).build());
             Probe attacker = new Probe(broker.url(), "solemate/bedroom/response", "solemate/office/response")) {
            Massager bedroom = bridge.massager("bedroom").orElseThrow();
            Massager office = bridge.massager("office").orElseThrow();
            var before = List.of(bedroom.state().zones(), office.state().zones());
            Random random = new Random(7);
            int count = 10_000;
            CompletableFuture<?>[] sent = new CompletableFuture<?>[count];
            for (int i = 0; i < count; i++) {
                String device = i % 2 == 0 ? "bedroom" : "office";
                sent[i] = attacker.link().publish(new OutboundMessage("solemate/" + device + "/set", garbage(random, i),
                        1, false, 0, java.util.Optional.empty(), new byte[0]));
            }
            CompletableFuture.allOf(sent).get(60, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (responses(attacker) < count && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(responses(attacker)).isEqualTo(count);
            assertThat(attacker.received("solemate/bedroom/response")).allMatch(m -> Probe.json(m) != null
                    && Probe.json(m).path("status").asText().equals("error"));
            assertThat(List.of(bedroom.state().zones(), office.state().zones())).isEqualTo(before);
            assertThat(bridge.isConnected()).isTrue();
            attacker.publish("solemate/office/set", "{\"zones\":{\"heel\":{\"intensity\":30}},\"transaction\":\"after\"}");
            attacker.awaitJson("solemate/office/response", r -> r.path("transaction").asText().equals("after")
                    && r.path("status").asText().equals("ok"), WAIT);
        }
    }

    private static int responses(Probe probe) {
        return probe.received("solemate/bedroom/response").size() + probe.received("solemate/office/response").size();
    }

    private static byte[] garbage(Random random, int i) {
        String[] shapes = {"{\"zones\":{\"arch\":{\"intensity\":%d}}}", "{\"routine\":\"r%d\"}", "{\"heat\":%d00}", "[%d]",
            "{\"power\":%d}", "{\"zones\":{\"calf\":{}}}%d", "{{{%d", "{\"comfort_cap\":-%d}", "{\"unknown\":%d}"};
        if (i % 7 == 0) {
            byte[] b = new byte[1 + random.nextInt(200)];
            random.nextBytes(b);
            return b;
        }
        if (i % 997 == 0) {
            return ("{\"routine\":\"" + "x".repeat(20_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        }
        return String.format(shapes[i % shapes.length], 1000 + i).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void twoBridgesWithTheSameClientIdSettleInsteadOfKickingEachOtherForever() throws Exception {
        BrokerConfig fixed = BrokerConfig.of(broker.url()).withClientId("solemate-fixed");
        try (MqttBridge first = Bridges.start(Bridges.config(broker.url(), "solemate").broker(fixed).name("one")
                .device("bedroom=" + Bridges.simUri("shiatsu-4zone")).build());
             MqttBridge second = Bridges.start(Bridges.config(broker.url(), "solemate").broker(fixed).name("two")
                     .device("office=" + Bridges.simUri("budget-2zone")).build())) {
            // After at most a couple of take-overs one of them backs off to its longest delay (30 s).
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            int stableTicks = 0;
            boolean lastFirst = first.isConnected();
            while (stableTicks < 30 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                boolean now = first.isConnected();
                boolean exactlyOne = now != second.isConnected();
                stableTicks = now == lastFirst && exactlyOne ? stableTicks + 1 : 0;
                lastFirst = now;
            }
            assertThat(stableTicks).as("one bridge connected for 3 s in a row, the other backing off").isEqualTo(30);
        }
    }

    @Test
    void twoBridgesShareOneBrokerAndEachBridgeRequestIsAnsweredOnce() throws Exception {
        try (MqttBridge up = Bridges.start(Bridges.config(broker.url(), "solemate").name("upstairs")
                .device("bedroom=" + Bridges.simUri("shiatsu-4zone")).build());
             MqttBridge down = Bridges.start(Bridges.config(broker.url(), "solemate").name("downstairs")
                     .device("lounge=" + Bridges.simUri("budget-2zone")).build());
             Probe user = new Probe(broker.url(), "solemate/#")) {
            int requests = 20;
            for (int i = 0; i < requests; i++) {
                user.publish("solemate/bridge/request/health", "{\"transaction\":" + i + "}");
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (user.received("solemate/bridge/response/health").size() < requests && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(300);
            List<InboundMessage> answers = user.received("solemate/bridge/response/health");
            assertThat(answers).hasSize(requests);
            Set<Integer> transactions = new HashSet<>();
            Set<String> answeredBy = new HashSet<>();
            for (InboundMessage m : answers) {
                transactions.add(Probe.json(m).path("transaction").asInt());
                answeredBy.add(Probe.json(m).path("data").path("bridge").asText());
            }
            assertThat(transactions).hasSize(requests);
            assertThat(answeredBy).containsExactlyInAnyOrder("upstairs", "downstairs");

            user.publish("solemate/lounge/set", "{\"zones\":{\"ball\":{\"intensity\":30}},\"transaction\":\"l\"}");
            user.publish("solemate/bedroom/set", "{\"zones\":{\"ball\":{\"intensity\":20}},\"transaction\":\"b\"}");
            user.awaitJson("solemate/lounge/response", r -> r.path("transaction").asText().equals("l"), WAIT);
            user.awaitJson("solemate/bedroom/response", r -> r.path("transaction").asText().equals("b"), WAIT);
            user.awaitJson("solemate/bridge/upstairs/state", s -> s.path("state").asText().equals("online"), WAIT);
            user.awaitJson("solemate/bridge/downstairs/state", s -> s.path("state").asText().equals("online"), WAIT);
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            Thread.sleep(10);
        }
    }
}
