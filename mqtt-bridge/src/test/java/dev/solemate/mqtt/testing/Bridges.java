package dev.solemate.mqtt.testing;

import dev.solemate.mqtt.BridgeEnvironment;
import dev.solemate.mqtt.MqttBridge;
import dev.solemate.mqtt.config.BridgeConfig;
import dev.solemate.mqtt.config.BrokerConfig;
import dev.solemate.player.PlaybackOptions;
import dev.solemate.safety.SafetyLimits;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Bridges for tests: their own base topic each, fast rises, quick playback ticks. */
public final class Bridges {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private Bridges() {
    }

    /** A base topic no other test uses, so tests can share one broker. */
    public static String uniqueBase() {
        return "t" + ProcessHandle.current().pid() + "x" + COUNTER.incrementAndGet();
    }

    /** A unique sim device name, since the simulator registers devices by name. */
    public static String simUri(String profile) {
        return "sim:?profile=" + profile + "&name=d" + COUNTER.incrementAndGet() + "&latency=1ms";
    }

    public static BridgeConfig.Builder config(String url, String base) {
        return BridgeConfig.builder(BrokerConfig.of(url)).baseTopic(base)
                .homeAssistant(dev.solemate.mqtt.config.HomeAssistantConfig.defaults()
                        .withResendDelay(Duration.ofMillis(200)))
                .stopAfterBrokerLoss(Duration.ofSeconds(1));
    }

    /** Rises at 100 points per second and plays routines 20 times faster, so tests stay short. */
    public static BridgeEnvironment fastEnvironment() {
        return BridgeEnvironment.defaults()
                .withLimits(SafetyLimits.defaults().withRiseRate(100))
                .withPlaybackOptions(new PlaybackOptions(20, Duration.ofSeconds(5)));
    }

    public static MqttBridge start(BridgeConfig config) {
        return MqttBridge.start(config, fastEnvironment());
    }
}
