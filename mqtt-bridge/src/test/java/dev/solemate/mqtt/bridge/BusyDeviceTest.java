package dev.solemate.mqtt.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solemate.mqtt.BridgeEnvironment;
import dev.solemate.mqtt.MqttBridge;
import dev.solemate.mqtt.client.InboundMessage;
import dev.solemate.mqtt.client.LinkListener;
import dev.solemate.mqtt.client.MqttLink;
import dev.solemate.mqtt.client.OutboundMessage;
import dev.solemate.mqtt.config.BridgeConfig;
import dev.solemate.mqtt.config.BrokerConfig;
import dev.solemate.mqtt.testing.HoldingDriver;
import dev.solemate.safety.SafetyLimits;
import dev.solemate.time.VirtualTimeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mockito.ArgumentCaptor;

/**
 * A device that cannot keep up: at most {@link DeviceSlot#MAX_WAITING} commands wait for it, the
 * rest are answered {@code busy} at once with their transaction, and every command is answered.
 * The device acknowledges nothing until the test lets it ({@link HoldingDriver}), so the queue fills for sure.
 */
@Timeout(30)
class BusyDeviceTest {

    private final VirtualTimeline timeline = new VirtualTimeline();
    private final MqttLink link = mock(MqttLink.class);
    private final List<OutboundMessage> published = new CopyOnWriteArrayList<>();
    private MqttBridge bridge;
    private LinkListener listener;

    @BeforeEach
    void start() {
        when(link.publish(any())).thenAnswer(i -> {
            published.add(i.getArgument(0));
            return CompletableFuture.completedFuture(null);
        });
        when(link.connect()).thenReturn(CompletableFuture.completedFuture(null));
        when(link.subscribe(any())).thenReturn(CompletableFuture.completedFuture(null));
        when(link.isConnected()).thenReturn(true);
        when(link.clientId()).thenReturn("mock");
        BridgeConfig config = BridgeConfig.builder(BrokerConfig.of("tcp://127.0.0.1:1883"))
                .device("bedroom=holding:").build();
        bridge = MqttBridge.start(config, BridgeEnvironment.defaults().withLinks(o -> link).withTimeline(timeline)
                .withLimits(SafetyLimits.defaults().withRiseRate(100)));
        ArgumentCaptor<LinkListener> captor = ArgumentCaptor.forClass(LinkListener.class);
        verify(link).setListener(captor.capture());
        listener = captor.getValue();
        listener.onConnected(false);
    }

    @AfterEach
    void stop() {
        HoldingDriver.stopHolding();
        Thread closer = new Thread(bridge::close);
        closer.start();
        while (closer.isAlive()) {
            timeline.advance(Duration.ofMillis(10));
        }
    }

    private List<JsonNode> responses() throws Exception {
        List<JsonNode> list = new ArrayList<>();
        for (OutboundMessage m : published) {
            if (m.topic().equals("solemate/bedroom/response")) {
                list.add(Json.MAPPER.readTree(m.payload()));
            }
        }
        return list;
    }

    @Test
    void aFloodBeyondTheQueueIsAnsweredBusyWithItsTransactionAndEveryCommandIsAnswered() throws Exception {
        int count = DeviceSlot.MAX_WAITING + 36;
        HoldingDriver.hold();
        for (int i = 0; i < count; i++) {
            listener.onMessage(InboundMessage.of("solemate/bedroom/set", "{\"power\":\"OFF\",\"transaction\":\"t" + i + "\"}",
                    false));
        }
        List<JsonNode> early = responses();
        assertThat(early).hasSize(36).allMatch(r -> r.path("status").asText().equals("busy"));
        assertThat(early).extracting(r -> r.path("transaction").asText())
                .containsExactlyElementsOf(java.util.stream.IntStream.range(DeviceSlot.MAX_WAITING, count)
                        .mapToObj(i -> "t" + i).toList());
        assertThat(early.get(0).path("error").asText()).isEqualTo("bedroom is busy: 64 commands are waiting for it; "
                + "send this one again shortly");

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (responses().size() < count && System.nanoTime() < deadline) {
            HoldingDriver.releaseAll();
            timeline.advance(Duration.ofMillis(100));
        }
        List<JsonNode> all = responses();
        assertThat(all).hasSize(count);
        assertThat(all).extracting(r -> r.path("transaction").asText()).doesNotHaveDuplicates();

        // once answered, the queue takes commands again
        listener.onMessage(InboundMessage.of("solemate/bedroom/set", "{\"power\":\"OFF\",\"transaction\":\"again\"}", false));
        while (responses().size() < count + 1 && System.nanoTime() < deadline) {
            HoldingDriver.releaseAll();
            timeline.advance(Duration.ofMillis(100));
        }
        assertThat(responses().get(count).path("transaction").asText()).isEqualTo("again");
        assertThat(responses().get(count).path("status").asText()).isEqualTo("ok");
    }
}
