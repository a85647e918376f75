package dev.solemate.mqtt.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.after;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solemate.Massager;
import dev.solemate.mqtt.BridgeEnvironment;
import dev.solemate.mqtt.MqttBridge;
import dev.solemate.mqtt.client.InboundMessage;
import dev.solemate.mqtt.client.LinkListener;
import dev.solemate.mqtt.client.MqttLink;
import dev.solemate.mqtt.client.OutboundMessage;
import dev.solemate.mqtt.config.BridgeConfig;
import dev.solemate.mqtt.config.BrokerConfig;
import dev.solemate.mqtt.config.HomeAssistantConfig;
import dev.solemate.mqtt.testing.Bridges;
import dev.solemate.player.PlaybackOptions;
import dev.solemate.safety.SafetyLimits;
import dev.solemate.time.VirtualTimeline;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mockito.ArgumentCaptor;

/** Routing, refusals, broker-loss policy and discovery timing, with the MQTT link mocked and time virtual. */
@Timeout(30)
class BridgeCoreTest {

    private final VirtualTimeline timeline = new VirtualTimeline();
    private final MqttLink link = mock(MqttLink.class);
    private final List<OutboundMessage> published = new CopyOnWriteArrayList<>();
    private final AtomicBoolean brokerUp = new AtomicBoolean(true);
    private MqttBridge bridge;
    private LinkListener listener;
    private Massager bedroom;

    @BeforeEach
    void start() {
        when(link.publish(any())).thenAnswer(i -> {
            published.add(i.getArgument(0));
            return CompletableFuture.completedFuture(null);
        });
        when(link.connect()).thenReturn(CompletableFuture.completedFuture(null));
        when(link.subscribe(any())).thenReturn(CompletableFuture.completedFuture(null));
        // Answered from a flag: re-stubbing while device threads publish would race inside Mockito.
        when(link.isConnected()).thenAnswer(i -> brokerUp.get());
        when(link.clientId()).thenReturn("mock");
        BridgeConfig config = BridgeConfig.builder(BrokerConfig.of("tcp://127.0.0.1:1883"))
                .device("bedroom=" + Bridges.simUri("shiatsu-4zone").replace("latency=1ms", "latency=0ms"))
                .homeAssistant(HomeAssistantConfig.defaults().withResendDelay(Duration.ofSeconds(2)))
                .stopAfterBrokerLoss(Duration.ofSeconds(1))
                .build();
        BridgeEnvironment environment = BridgeEnvironment.defaults().withLinks(o -> link).withTimeline(timeline)
                .withLimits(SafetyLimits.defaults().withRiseRate(100))
                .withPlaybackOptions(new PlaybackOptions(60, Duration.ofSeconds(1)));
        bridge = MqttBridge.start(config, environment);
        ArgumentCaptor<LinkListener> captor = ArgumentCaptor.forClass(LinkListener.class);
        verify(link).setListener(captor.capture());
        listener = captor.getValue();
        bedroom = bridge.massager("bedroom").orElseThrow();
        listener.onConnected(false);
    }

    @AfterEach
    void stop() {
        Thread closer = new Thread(bridge::close);
        closer.start();
        while (closer.isAlive()) {
            timeline.advance(Duration.ofMillis(10));
        }
    }

    private void receive(String topic, String payload) {
        listener.onMessage(InboundMessage.of(topic, payload, false));
        timeline.advance(Duration.ofMillis(1));
    }

    private List<JsonNode> responses() {
        List<JsonNode> list = new ArrayList<>();
        for (OutboundMessage m : published) {
            if (m.topic().equals("solemate/bedroom/response")) {
                list.add(json(m));
            }
        }
        return list;
    }

    private static JsonNode json(OutboundMessage m) {
        try {
            return Json.MAPPER.readTree(m.payload());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static org.mockito.ArgumentMatcher<OutboundMessage> on(String topic) {
        return m -> m != null && m.topic().equals(topic);
    }

    @Test
    void connectingAnnouncesBridgeDevicesAvailabilityAndDiscovery() {
        String instance = bridge.identity().instance();
        verify(link, timeout(2000)).publish(argThat(m -> on("solemate/bridge/state").matches(m) && m.retained()
                && m.text().startsWith("{\"state\":\"online\",\"instance\":\"" + instance + "\",\"host\":")
                && m.text().contains("\"pid\":" + ProcessHandle.current().pid())
                && m.text().endsWith("\"devices\":[\"bedroom\"]}")));
        verify(link).publish(argThat(m -> on("solemate/bedroom/availability").matches(m) && m.text().equals("online")));
        verify(link).publish(argThat(m -> on("homeassistant/device/solemate_bedroom/config").matches(m) && m.retained()));
        verify(link).publish(argThat(m -> on("solemate/bridge/devices").matches(m) && m.text().equals(
                "{\"bridge\":\"default\",\"instance\":\"" + instance + "\",\"devices\":{\"bedroom\":[\"solemate/bedroom\","
                + "\"solemate/bedroom/availability\",\"homeassistant/device/solemate_bedroom/config\"]}}")));
        verify(link, timeout(2000)).publish(argThat(m -> on("solemate/bedroom").matches(m) && m.retained()));
    }

    @Test
    void subscribesToCommandsAndSharesBridgeRequests() {
        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<String>> filters = ArgumentCaptor.forClass(List.class);
        verify(link).subscribe(filters.capture());
        assertThat(filters.getValue()).contains("solemate/+/set/#", "solemate/+/get",
                "$share/solemate/solemate/bridge/request/+", "homeassistant/status");
    }

    @Test
    void aCommandPublishesItsNewStateOnceAndBeforeItsResponse() {
        // A first command makes the simulator report, with its temperature, which the state shows from then on.
        receive("solemate/bedroom/set", "{\"zones\":{\"arch\":{\"technique\":\"knead\",\"intensity\":20}}}");
        verify(link, timeout(2000)).publish(argThat(m -> on("solemate/bedroom").matches(m) && m.text().contains("\"temperature\":22")));
        verify(link, timeout(2000)).publish(argThat(on("solemate/bedroom/response")));
        clearInvocations(link);
        published.clear();

        receive("solemate/bedroom/set", "{\"zones\":{\"arch\":{\"technique\":\"roll\",\"intensity\":20}}}");
        verify(link, timeout(2000)).publish(argThat(on("solemate/bedroom/response")));
        // The device's own status report and the acknowledgement change nothing the state shows:
        // no second, identical state follows.
        verify(link, after(300).atLeastOnce()).publish(any());
        List<String> topics = published.stream().map(OutboundMessage::topic)
                .filter(t -> t.equals("solemate/bedroom") || t.equals("solemate/bedroom/response")).toList();
        assertThat(topics).containsExactly("solemate/bedroom", "solemate/bedroom/response");
        assertThat(json(published.get(0)).path("zones").path("arch").path("technique").asText()).isEqualTo("roll");
    }

    @Test
    void getRepublishesTheStateEvenWhenNothingChanged() {
        verify(link, timeout(2000)).publish(argThat(on("solemate/bedroom")));
        published.clear();

        receive("solemate/bedroom/get", "");
        verify(link, timeout(2000).times(2)).publish(argThat(on("solemate/bedroom")));
        receive("solemate/bedroom/get", "");
        verify(link, timeout(2000).times(3)).publish(argThat(on("solemate/bedroom")));
    }

    @Test
    void commandForADeviceOfAnotherBridgeIsLeftAlone() {
        receive("solemate/attic/set", "{\"power\":\"OFF\"}");
        verify(link, after(200).never()).publish(argThat(m -> m.topic().startsWith("solemate/attic")));
        assertThat(responses()).isEmpty();
    }

    @Test
    void retainedCommandIsRefusedAndChangesNothing() {
        listener.onMessage(InboundMessage.of("solemate/bedroom/set", "{\"zones\":{\"arch\":{\"intensity\":60}}}", true));
        timeline.advance(Duration.ofSeconds(1));
        assertThat(responses()).singleElement().satisfies(r -> {
            assertThat(r.path("status").asText()).isEqualTo("error");
            assertThat(r.path("error").asText()).startsWith("ignored a retained command");
        });
        assertThat(bedroom.state().isAtZero()).isTrue();
    }

    @Test
    void theRefusalOfARetainedCommandCarriesItsTransaction() {
        listener.onMessage(InboundMessage.of("solemate/bedroom/set", "{\"power\":\"ON\",\"transaction\":\"ret-1\"}", true));
        listener.onMessage(InboundMessage.of("solemate/bedroom/set", "{\"power\":\"ON\",\"transaction\":7}", true));
        timeline.advance(Duration.ofSeconds(1));
        assertThat(responses()).extracting(r -> r.path("transaction").toString()).containsExactly("\"ret-1\"", "7");
        assertThat(bedroom.state().isAtZero()).isTrue();
    }

    @Test
    void everyMessageUnderSetIsAnsweredEvenWithAnEmptyOrDeepAttribute() {
        for (String topic : new String[] {"solemate/bedroom/set/", "solemate/bedroom/set//", "solemate/bedroom/set/x/y"}) {
            listener.onMessage(InboundMessage.of(topic, "1", false));
        }
        timeline.advance(Duration.ofSeconds(1));
        assertThat(responses()).hasSize(3).allSatisfy(r -> assertThat(r.path("error").asText())
                .contains("attribute").contains("(expected one of: arch_intensity,"));
    }

    @Test
    void expiredCommandIsNotExecuted() {
        InboundMessage stale = new InboundMessage("solemate/bedroom/set",
                "{\"zones\":{\"arch\":{\"intensity\":60}},\"transaction\":\"old\"}".getBytes(StandardCharsets.UTF_8),
                1, false, Optional.empty(), new byte[0], OptionalLong.of(1), System.nanoTime() - Duration.ofSeconds(3).toNanos());
        listener.onMessage(stale);
        timeline.advance(Duration.ofSeconds(1));
        assertThat(responses()).singleElement().satisfies(r ->
                assertThat(r.path("error").asText()).startsWith("command expired before it could be executed"));
        assertThat(bedroom.state().isAtZero()).isTrue();
    }

    @Test
    void brokerLossStopsTheDeviceOnlyOnceTheLinkHasBeenDownForTheConfiguredDelay() {
        receive("solemate/bedroom/set", "{\"zones\":{\"arch\":{\"intensity\":60}}}");
        timeline.advance(Duration.ofSeconds(1));
        assertThat(bedroom.state().isActive()).isTrue();

        brokerUp.set(false);
        listener.onConnectionLost("test");
        timeline.advance(Duration.ofMillis(900));
        assertThat(bedroom.state().isActive()).isTrue();
        timeline.advance(Duration.ofMillis(200));
        assertThat(bedroom.state().isAtZero()).isTrue();
    }

    @Test
    void brokerBackWithinTheDelayLeavesTheDeviceRunning() {
        receive("solemate/bedroom/set", "{\"zones\":{\"arch\":{\"intensity\":60}}}");
        timeline.advance(Duration.ofSeconds(1));
        brokerUp.set(false);
        listener.onConnectionLost("blip");
        timeline.advance(Duration.ofMillis(500));
        brokerUp.set(true);
        listener.onConnected(true);
        timeline.advance(Duration.ofSeconds(2));
        assertThat(bedroom.state().isActive()).isTrue();
    }

    @Test
    void homeAssistantBirthResendsDiscoveryAfterARandomDelayNotAtOnce() {
        clearInvocations(link);
        listener.onMessage(InboundMessage.of("homeassistant/status", "online", false));
        verify(link, after(200).never()).publish(argThat(on("homeassistant/device/solemate_bedroom/config")));
        timeline.advance(Duration.ofMillis(2001));
        verify(link, timeout(2000)).publish(argThat(on("homeassistant/device/solemate_bedroom/config")));
        verify(link, timeout(2000).atLeastOnce()).publish(argThat(on("solemate/bedroom")));
    }

    @Test
    void whileARoutinePlaysStatesAreThrottledToFiveASecondAndTheLastOneGoesOut() throws Exception {
        receive("solemate/bedroom/set", "{\"routine\":\"bedtime\"}");
        Thread.sleep(100);
        published.clear();
        for (int i = 0; i < 100; i++) {
            timeline.advance(Duration.ofMillis(20));
            Thread.sleep(2);
        }
        Thread.sleep(200);
        long states = published.stream().filter(m -> m.topic().equals("solemate/bedroom")).count();
        assertThat(states).as("state messages in 2 s (2 minutes of routine at speed 60)").isBetween(2L, 11L);

        // The last change must go out: hold the routine still (a moving routine always has a newer change
        // due), let the governor finish its rises, then give the trailing state its interval.
        receive("solemate/bedroom/set", "{\"playback\":\"pause\"}");
        for (int i = 0; i < 100; i++) {
            timeline.advance(Duration.ofMillis(20));
            Thread.sleep(2);
        }
        Thread.sleep(200);
        timeline.advance(Duration.ofMillis(DeviceAdapter.ROUTINE_STATE_INTERVAL_NANOS / 1_000_000));
        Thread.sleep(200);
        OutboundMessage last = published.stream().filter(m -> m.topic().equals("solemate/bedroom"))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(json(last).path("zones").path("arch").path("level").asInt())
                .isEqualTo(bedroom.state().zones().get(dev.solemate.device.Zone.ARCH).level());
    }

    @Test
    void staleLastWillOfAPreviousRunIsAnsweredWithOnlineAgain() {
        clearInvocations(link);
        listener.onMessage(InboundMessage.of("solemate/bridge/state", "{\"state\":\"offline\",\"instance\":\"old\"}", false));
        verify(link).publish(argThat(m -> on("solemate/bridge/state").matches(m) && m.retained()
                && m.text().startsWith("{\"state\":\"online\",\"instance\":\"" + bridge.identity().instance())));
    }

    private void sync() {
        listener.onMessage(InboundMessage.of("solemate/bridge/instance/" + bridge.identity().instance() + "/sync", "{}", false));
    }

    @Test
    void devicesRemovedFromTheConfigurationLoseTheRetainedTopicsRecordedForThem() {
        listener.onMessage(InboundMessage.of("solemate/bridge/devices", "{\"bridge\":\"default\",\"instance\":\"old\","
                + "\"devices\":{\"bedroom\":[\"solemate/bedroom\"],\"attic\":[\"solemate/attic\",\"solemate/attic/availability\","
                + "\"homeassistant/device/solemate_attic/config\"],\"cellar\":[\"solemate/cellar\",\"solemate/bedroom\","
                + "\"other/x\",\"solemate/#\"]}}", true));
        sync();
        verify(link).publish(argThat(m -> on("solemate/attic").matches(m) && m.retained() && m.payload().length == 0));
        verify(link).publish(argThat(m -> on("solemate/attic/availability").matches(m) && m.payload().length == 0));
        verify(link).publish(argThat(m -> on("homeassistant/device/solemate_attic/config").matches(m) && m.payload().length == 0));
        // only what was recorded for a device, and only that device's own topics
        verify(link).publish(argThat(m -> on("solemate/cellar").matches(m) && m.payload().length == 0));
        verify(link, never()).publish(argThat(m -> on("solemate/cellar/availability").matches(m)));
        verify(link, never()).publish(argThat(m -> on("other/x").matches(m)));
        verify(link, never()).publish(argThat(m -> on("solemate/#").matches(m)));
        verify(link, never()).publish(argThat(m -> on("solemate/bedroom").matches(m) && m.payload().length == 0));
    }

    @Test
    void aRemovedDeviceThatAnotherBridgeNowRecordsAsItsOwnIsLeftAlone() {
        listener.onMessage(InboundMessage.of("solemate/bridge/upstairs/devices", "{\"bridge\":\"upstairs\",\"instance\":\"u1\","
                + "\"devices\":{\"attic\":[\"solemate/attic\",\"solemate/attic/availability\"]}}", true));
        listener.onMessage(InboundMessage.of("solemate/bridge/devices", "[\"bedroom\",\"attic\",\"den\"]", true));
        sync();
        verify(link, never()).publish(argThat(m -> on("solemate/attic").matches(m) && m.payload().length == 0));
        verify(link, never()).publish(argThat(m -> on("homeassistant/device/solemate_attic/config").matches(m)
                && m.payload().length == 0));
        verify(link).publish(argThat(m -> on("solemate/den").matches(m) && m.payload().length == 0));
    }

    @Test
    void answersPingsOnItsInstanceTopicAndStepsAsideForATakeOverWithoutSayingOffline() throws Exception {
        String me = "solemate/bridge/instance/" + bridge.identity().instance();
        listener.onMessage(InboundMessage.of(me + "/ping", "{\"instance\":\"new\"}", false));
        verify(link).publish(argThat(m -> on(me + "/pong").matches(m) && !m.retained()));
        listener.onMessage(InboundMessage.of("solemate/bedroom/set", "{\"zones\":{\"arch\":{\"intensity\":40}}}", false));
        clearInvocations(link);

        AtomicBoolean handedOver = new AtomicBoolean();
        Thread clock = new Thread(() -> {
            while (!handedOver.get()) {
                timeline.advance(Duration.ofMillis(10));
                Thread.onSpinWait();
            }
        });
        clock.start();
        listener.onMessage(InboundMessage.of(me + "/takeover", "{\"instance\":\"new\",\"host\":\"h\",\"pid\":1}", false));
        bridge.awaitClose();
        handedOver.set(true);
        clock.join();

        assertThat(bridge.handedOverTo()).contains("new");
        assertThat(bedroom.state().isAtZero()).isTrue();
        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<OutboundMessage>> lastWords = ArgumentCaptor.forClass(List.class);
        verify(link, timeout(5000)).close(lastWords.capture());
        assertThat(lastWords.getValue()).extracting(OutboundMessage::topic).containsExactly(me + "/released");
        verify(link, never()).publish(argThat(m -> on("solemate/bedroom/availability").matches(m)));
        verify(link, never()).publish(argThat(m -> on("solemate/bridge/state").matches(m)));
    }

    @Test
    void devicesRemovedFromTheConfigurationLoseTheirRetainedTopics() {
        listener.onMessage(InboundMessage.of("solemate/bridge/devices", "[\"bedroom\",\"attic\"]", true));
        sync();
        verify(link).publish(argThat(m -> on("solemate/attic").matches(m) && m.retained() && m.payload().length == 0));
        verify(link).publish(argThat(m -> on("solemate/attic/availability").matches(m) && m.payload().length == 0));
        verify(link).publish(argThat(m -> on("homeassistant/device/solemate_attic/config").matches(m) && m.payload().length == 0));
        verify(link, never()).publish(argThat(m -> on("solemate/bedroom").matches(m) && m.payload().length == 0));
    }

    @Test
    void stormOfMalformedCommandsIsAnsweredOneByOneAndChangesNothing() {
        Random random = new Random(42);
        String[] templates = {"{\"zones\":{\"arch\":{\"intensity\":%d}}}", "{\"routine\":\"x%d\"}", "{\"heat\":%d00}",
            "%d", "{\"power\":%d}", "{\"zones\":{\"calf\":{\"intensity\":%d}}}", "{{{%d", "{\"comfort_cap\":-%d}"};
        int count = 10_000;
        for (int i = 0; i < count; i++) {
            String payload = i % 10 == 0 ? randomBytes(random) : String.format(templates[i % templates.length], 1000 + i);
            listener.onMessage(InboundMessage.of("solemate/bedroom/set", payload, false));
        }
        timeline.advance(Duration.ofSeconds(1));
        List<JsonNode> responses = responses();
        assertThat(responses).hasSize(count).allMatch(r -> r.path("status").asText().equals("error"));
        assertThat(bedroom.state().isAtZero()).isTrue();
    }

    private static String randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(64)];
        random.nextBytes(b);
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
