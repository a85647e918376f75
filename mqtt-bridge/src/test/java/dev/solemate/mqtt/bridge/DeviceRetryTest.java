package dev.solemate.mqtt.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.solemate.mqtt.BridgeEnvironment;
import dev.solemate.mqtt.MqttBridge;
import dev.solemate.mqtt.MqttBridgeException;
import dev.solemate.mqtt.client.LinkListener;
import dev.solemate.mqtt.client.MqttLink;
import dev.solemate.mqtt.client.OutboundMessage;
import dev.solemate.mqtt.config.BridgeConfig;
import dev.solemate.mqtt.config.BrokerConfig;
import dev.solemate.mqtt.config.DeviceRetryPolicy;
import dev.solemate.mqtt.testing.GatedDriver;
import dev.solemate.time.VirtualTimeline;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mockito.ArgumentCaptor;

/** Retrying a device that did not open at start, on virtual time with the MQTT link mocked. */
@Timeout(30)
class DeviceRetryTest {

    private final VirtualTimeline timeline = new VirtualTimeline();
    private final MqttLink link = mock(MqttLink.class);
    private final List<OutboundMessage> published = new CopyOnWriteArrayList<>();
    private final GatedDriver.Gate gate = GatedDriver.newGate();
    private MqttBridge bridge;

    private MqttBridge start(String... devices) {
        when(link.publish(any())).thenAnswer(i -> {
            published.add(i.getArgument(0));
            return CompletableFuture.completedFuture(null);
        });
        when(link.connect()).thenReturn(CompletableFuture.completedFuture(null));
        when(link.subscribe(any())).thenReturn(CompletableFuture.completedFuture(null));
        when(link.isConnected()).thenReturn(true);
        when(link.clientId()).thenReturn("mock");
        BridgeConfig.Builder config = BridgeConfig.builder(BrokerConfig.of("tcp://127.0.0.1:1883"))
                .deviceRetry(new DeviceRetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(4)));
        for (String d : devices) {
            config.device(d);
        }
        bridge = MqttBridge.start(config.build(), BridgeEnvironment.defaults().withLinks(o -> link).withTimeline(timeline));
        ArgumentCaptor<LinkListener> listener = ArgumentCaptor.forClass(LinkListener.class);
        verify(link).setListener(listener.capture());
        listener.getValue().onConnected(false);
        return bridge;
    }

    @AfterEach
    void stop() {
        if (bridge != null) {
            Thread closer = new Thread(bridge::close);
            closer.start();
            while (closer.isAlive()) {
                timeline.advance(Duration.ofMillis(10));
            }
        }
    }

    @Test
    void retriesWaitTheBackoffDoublingUpToTheCapWithJitterOfAtMostHalf() {
        start("bedroom=" + gate.uri(null));
        assertThat(gate.attempts()).isEqualTo(1);
        assertThat(timeline.pending()).as("the first retry is scheduled").isEqualTo(1);

        // Steps of 1 ms; after each retry fires, time stands still until the attempt failed and the next is scheduled.
        long failedAt = timeline.nanoTime();
        for (long backoffMillis : new long[] {1000, 2000, 4000, 4000, 4000}) {
            int before = gate.attempts();
            while (timeline.pending() == 1 && gate.attempts() == before) {
                timeline.advance(Duration.ofMillis(1));
            }
            long firedAt = timeline.nanoTime();
            await(() -> gate.attempts() == before + 1 && timeline.pending() == 1);
            assertThat(Duration.ofNanos(firedAt - failedAt).toMillis()).as("wait of backoff %d ms", backoffMillis)
                    .isBetween(backoffMillis / 2 - 1, backoffMillis + 1);
            failedAt = firedAt;
        }
    }

    @Test
    void deviceWithoutAProfileInItsUriIsAnnouncedOfflineAndDiscoveredOnlyOnceItOpens() {
        start("bedroom=" + gate.uri(null));
        assertThat(topics()).contains("solemate/bedroom/availability", "solemate/bedroom")
                .doesNotContain("homeassistant/device/solemate_bedroom/config");
        assertThat(last("solemate/bedroom/availability")).isEqualTo("offline");

        gate.open();
        timeline.advance(Duration.ofSeconds(1));
        await(() -> bridge.massager("bedroom").isPresent());
        await(() -> topics().contains("homeassistant/device/solemate_bedroom/config")
                && last("solemate/bedroom").contains("\"connection\":\"connected\""));
        assertThat(last("solemate/bedroom/availability")).isEqualTo("online");
        assertThat(bridge.massager("bedroom").orElseThrow().state().isAtZero()).isTrue();
    }

    @Test
    void closeCancelsTheRetries() {
        start("bedroom=" + gate.uri(null));
        MqttBridge closing = bridge;
        bridge = null;
        closing.close();
        assertThat(timeline.pending()).isZero();
        timeline.advance(Duration.ofMinutes(5));
        assertThat(gate.attempts()).isEqualTo(1);
        assertThat(last("solemate/bedroom/availability")).isEqualTo("offline");
    }

    @Test
    void configurationErrorsStillStopTheStart() {
        assertThatThrownBy(() -> start("bedroom=nosuch:/dev/ttyUSB0"))
                .isInstanceOf(MqttBridgeException.class)
                .hasMessageStartingWith("device 'bedroom' (nosuch:/dev/ttyUSB0) cannot be opened: no driver for scheme 'nosuch:'");
        assertThatThrownBy(() -> MqttBridge.start(BridgeConfig.builder(BrokerConfig.of("tcp://127.0.0.1:1883"))
                        .device("bedroom=" + gate.uri("budget-2zone") + "&baud=9600").build(),
                BridgeEnvironment.defaults().withLinks(o -> link).withTimeline(timeline)))
                .isInstanceOf(MqttBridgeException.class)
                .hasMessageContaining("parameter 'baud'");
        assertThatThrownBy(() -> MqttBridge.start(BridgeConfig.builder(BrokerConfig.of("tcp://127.0.0.1:1883"))
                        .device("bedroom=" + gate.uri("no-such-profile")).build(),
                BridgeEnvironment.defaults().withLinks(o -> link).withTimeline(timeline)))
                .isInstanceOf(MqttBridgeException.class)
                .hasMessageContaining("profile 'no-such-profile' is unknown");
    }

    private List<String> topics() {
        return published.stream().map(OutboundMessage::topic).toList();
    }

    private String last(String topic) {
        String text = "";
        for (OutboundMessage m : published) {
            if (m.topic().equals(topic)) {
                text = m.text();
            }
        }
        return text;
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(deadline);
            sleep(5);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
