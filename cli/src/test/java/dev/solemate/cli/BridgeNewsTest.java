package dev.solemate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.cli.output.Voice;
import dev.solemate.mqtt.BridgeEvent;
import dev.solemate.mqtt.config.BridgeConfig;
import dev.solemate.mqtt.config.BrokerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@code solemate bridge} says for each event: one plain sentence, no repeats, nothing for the routine ones. */
class BridgeNewsTest {

    private final StringWriter text = new StringWriter();
    private final BridgeNews news = new BridgeNews(
            new Voice(new PrintWriter(text), Voice.Style.PLAIN, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)),
            BridgeConfig.builder(BrokerConfig.of("tcp://127.0.0.1:1883")).device("bedroom=sim:").build());

    @Test
    void aDeviceThatDoesNotOpenAndThenDoes() {
        news.onEvent(new BridgeEvent.DeviceUnavailable("bedroom", "serial:/dev/ttyUSB0", "serial port /dev/ttyUSB0 not found"));
        news.onEvent(new BridgeEvent.DeviceOpened("bedroom"));

        assertThat(lines()).containsExactly(
                "Device 'bedroom' (serial:/dev/ttyUSB0) cannot be opened: serial port /dev/ttyUSB0 not found; it is shown"
                        + " offline and retried until it opens.",
                "Device 'bedroom' is open now and on the bridge.");
    }

    @Test
    void aBrokerLostLongEnoughForThePolicyThenBack() {
        news.onEvent(new BridgeEvent.BrokerConnected("tcp://127.0.0.1:1883", Optional.empty()));
        news.onEvent(new BridgeEvent.BrokerLost("tcp://127.0.0.1:1883", "Connection lost"));
        news.onEvent(new BridgeEvent.BrokerLossPolicyApplied(Duration.ofSeconds(5), "stop"));
        news.onEvent(new BridgeEvent.BrokerConnected("tcp://127.0.0.1:1883", Optional.of(Duration.ofSeconds(72))));

        assertThat(lines()).containsExactly(
                "Lost the broker (Connection lost); reconnecting. The devices keep running; they are stopped if it is"
                        + " not back within 5 s.",
                "The broker is still unreachable after 5 s: every device was sent a stop.",
                "Broker back after 1 min 12 s; state re-published.");
    }

    private java.util.List<String> lines() {
        return text.toString().lines().toList();
    }
}
