package dev.solemate.mqtt;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What happens to a running {@link MqttBridge} that the person or service manager running it
 * should hear about: the broker lost and back, the broker-loss policy applied, a device that does
 * not open and then does. Delivered to a {@link BridgeListener}; each event once, when it happens.
 */
public sealed interface BridgeEvent {

    /**
     * Connected to the broker and subscribed; the bridge's state, every device's availability and
     * state, and discovery were published (again). {@code downtime} is how long the broker was
     * unreachable before this connection, empty for the first one.
     */
    record BrokerConnected(String broker, Optional<Duration> downtime) implements BridgeEvent {
        public BrokerConnected {
            Objects.requireNonNull(broker, "broker");
            Objects.requireNonNull(downtime, "downtime");
        }
    }

    /**
     * The connection to the broker was lost ({@code cause} in words); the bridge reconnects with
     * backoff and says {@link BrokerConnected} when it is back. The devices keep running until the
     * broker-loss policy applies ({@link BrokerLossPolicyApplied}).
     */
    record BrokerLost(String broker, String cause) implements BridgeEvent {
        public BrokerLost {
            Objects.requireNonNull(broker, "broker");
            Objects.requireNonNull(cause, "cause");
        }
    }

    /**
     * The broker stayed unreachable for {@code after}: the configured broker-loss policy
     * ({@code action}, e.g. {@code "stop"}, see docs/mqtt.md) was applied to every open device.
     */
    record BrokerLossPolicyApplied(Duration after, String action) implements BridgeEvent {
        public BrokerLossPolicyApplied {
            Objects.requireNonNull(after, "after");
            Objects.requireNonNull(action, "action");
        }
    }

    /**
     * A device could not be opened at start ({@code reason} in words): it is shown offline and
     * retried in the background until it opens ({@link DeviceOpened}); the retries are not reported.
     */
    record DeviceUnavailable(String device, String uri, String reason) implements BridgeEvent {
        public DeviceUnavailable {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A device that could not be opened at first is open and on the bridge now. */
    record DeviceOpened(String device) implements BridgeEvent {
        public DeviceOpened {
            Objects.requireNonNull(device, "device");
        }
    }
}
