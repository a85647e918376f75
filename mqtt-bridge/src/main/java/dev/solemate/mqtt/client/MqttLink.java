package dev.solemate.mqtt.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Our small view of an MQTT client: publish, subscribe, a listener and a lifecycle. The bridge and
 * the driver only see this, so they can be unit-tested with a mock and the client library can change.
 * Implementations never block the caller: every operation returns a future.
 */
public interface MqttLink extends AutoCloseable {

    /** Sets the one listener; call before {@link #connect()}. */
    void setListener(LinkListener listener);

    /**
     * Sets the topic filters to hold: subscribed at once when connected, and again after every
     * reconnect. Filters may be MQTT 5 shared subscriptions ({@code $share/group/topic}). Messages
     * keep the retain flag they were published with (MQTT 5 retain-as-published), so
     * {@link InboundMessage#retained()} is true for any message its sender published retained.
     */
    CompletableFuture<Void> subscribe(List<String> filters);

    /**
     * Connects and keeps reconnecting with backoff and jitter until {@link #close()}; the future
     * completes at the first successful connection, or fails when the broker refuses for good
     * (bad credentials, not authorised) or the timeout passes.
     */
    CompletableFuture<Void> connect();

    /**
     * Publishes; the future completes when the broker has it (QoS 1/2) or it was written (QoS 0), and
     * fails when the link is down. Publishes beyond the in-flight limit wait in our queue, not Paho's.
     */
    CompletableFuture<Void> publish(OutboundMessage message);

    /** True while connected. */
    boolean isConnected();

    /** Why the last connection attempt failed, in words (a TLS problem says which), while not connected. */
    default java.util.Optional<String> lastFailure() {
        return java.util.Optional.empty();
    }

    /** The client id this link connects with. */
    String clientId();

    /**
     * Disconnects cleanly (so the broker does not publish the last will), after trying to deliver
     * {@code lastWords} (e.g. an explicit offline state), then releases every thread. Idempotent.
     */
    void close(List<OutboundMessage> lastWords);

    @Override
    default void close() {
        close(List.of());
    }
}
