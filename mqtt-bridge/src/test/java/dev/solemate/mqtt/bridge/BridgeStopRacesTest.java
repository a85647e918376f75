package dev.solemate.mqtt.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.solemate.Massager;
import dev.solemate.driver.DeviceCommand;
import dev.solemate.mqtt.BridgeEnvironment;
import dev.solemate.mqtt.MqttBridge;
import dev.solemate.mqtt.client.InboundMessage;
import dev.solemate.mqtt.client.LinkListener;
import dev.solemate.mqtt.client.MqttLink;
import dev.solemate.mqtt.config.BridgeConfig;
import dev.solemate.mqtt.config.BrokerConfig;
import dev.solemate.player.PlaybackOptions;
import dev.solemate.safety.SafetyLimits;
import dev.solemate.sim.ExecutedCommand;
import dev.solemate.sim.SimulatedDevice;
import dev.solemate.time.VirtualTimeline;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mockito.ArgumentCaptor;

/**
 * The two races of a stop against a routine switch over MQTT, on a virtual timeline where they
 * are deterministic: commands arrive back to back, with no time passing between them, while the
 * routine being replaced is still ending (its Finished not yet reported, its stop not yet
 * confirmed). OFF must win, and no playback may be left that nothing on MQTT can stop.
 */
@Timeout(30)
class BridgeStopRacesTest {

    private static final AtomicInteger NAMES = new AtomicInteger();

    private final VirtualTimeline timeline = new VirtualTimeline();
    private final MqttLink link = mock(MqttLink.class);
    private final String deviceName = "races-" + NAMES.incrementAndGet();
    private MqttBridge bridge;
    private LinkListener listener;
    private Massager massager;
    private SimulatedDevice device;

    @BeforeEach
    void start() {
        when(link.publish(any())).thenReturn(CompletableFuture.completedFuture(null));
        when(link.connect()).thenReturn(CompletableFuture.completedFuture(null));
        when(link.subscribe(any())).thenReturn(CompletableFuture.completedFuture(null));
        when(link.isConnected()).thenReturn(true);
        when(link.clientId()).thenReturn("mock");
        BridgeConfig config = BridgeConfig.builder(BrokerConfig.of("tcp://127.0.0.1:1883"))
                .device("bedroom=sim:?profile=shiatsu-4zone&latency=20ms&name=" + deviceName)
                .build();
        BridgeEnvironment environment = BridgeEnvironment.defaults().withLinks(o -> link).withTimeline(timeline)
                .withLimits(SafetyLimits.defaults().withRiseRate(100))
                .withPlaybackOptions(new PlaybackOptions(1, Duration.ofSeconds(1)));
        bridge = MqttBridge.start(config, environment);
        ArgumentCaptor<LinkListener> captor = ArgumentCaptor.forClass(LinkListener.class);
        verify(link).setListener(captor.capture());
        listener = captor.getValue();
        massager = bridge.massager("bedroom").orElseThrow();
        device = SimulatedDevice.named(deviceName);
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

    /** Delivers a command as the MQTT client would, without letting any time pass. */
    private void set(String payload) {
        listener.onMessage(InboundMessage.of("solemate/bedroom/set", payload, false));
    }

    private List<ExecutedCommand> nonZeroSince(long at) {
        return device.executed().stream().filter(e -> e.atNanos() >= at)
                .filter(e -> e.command() instanceof DeviceCommand.SetZone z ? z.level() > 0
                        : e.command() instanceof DeviceCommand.SetHeat)
                .toList();
    }

    @Test
    void offWinsOverARoutineSwitchWhoseOldRoutineIsStillEnding() {
        set("{\"routine\":\"bedtime\"}");
        timeline.advance(Duration.ofSeconds(30));
        assertThat(device.isAtZero()).as("bedtime is playing").isFalse();

        set("{\"routine\":\"quick-unwind\"}");
        set("{\"power\":\"OFF\"}");
        long offAt = timeline.nanoTime();
        timeline.advance(Duration.ofMinutes(2));

        assertThat(nonZeroSince(offAt)).as("nothing raised the device after OFF").isEmpty();
        assertThat(device.isAtZero()).isTrue();
        assertThat(massager.playback()).as("no routine plays after OFF").isEmpty();
    }

    @Test
    void twoSwitchesInsideTheEndingWindowLeaveNoOrphanPlayback() {
        set("{\"routine\":\"bedtime\"}");
        timeline.advance(Duration.ofSeconds(30));

        set("{\"routine\":\"quick-unwind\"}");
        set("{\"routine\":\"circulation\"}");
        timeline.advance(Duration.ofSeconds(10));
        assertThat(massager.playback()).map(p -> p.routine().name()).as("the last switch won").contains("circulation");

        set("{\"power\":\"OFF\"}");
        long offAt = timeline.nanoTime();
        timeline.advance(Duration.ofMinutes(5));

        assertThat(nonZeroSince(offAt)).as("no orphan raised the device after OFF").isEmpty();
        assertThat(device.isAtZero()).isTrue();
        assertThat(massager.playback()).isEmpty();
    }

    @Test
    void routineNullWinsOverASwitchAndManualControlIssuedJustBefore() {
        set("{\"routine\":\"bedtime\"}");
        timeline.advance(Duration.ofSeconds(30));

        set("{\"routine\":\"quick-unwind\"}");
        set("{\"zones\":{\"arch\":{\"technique\":\"knead\",\"intensity\":40}}}");
        set("{\"routine\":null}");
        set("{\"power\":\"OFF\"}");
        long offAt = timeline.nanoTime();
        timeline.advance(Duration.ofMinutes(2));

        assertThat(nonZeroSince(offAt)).isEmpty();
        assertThat(device.isAtZero()).isTrue();
        assertThat(massager.playback()).isEmpty();
    }
}
