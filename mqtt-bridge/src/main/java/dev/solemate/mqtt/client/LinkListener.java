package dev.solemate.mqtt.client;

/**
 * Receives what happens on an {@link MqttLink}. Every method is called on the link's own dispatch
 * thread ({@code solemate-mqtt-<clientId>}), one call at a time and in arrival order; never on a
 * Paho thread. Implementations should return quickly; an exception is logged and delivery goes on.
 */
public interface LinkListener {

    /**
     * The link is up and subscribed. {@code reconnect} is true after a lost connection came back;
     * subscriptions are already restored, retained state should be republished.
     */
    void onConnected(boolean reconnect);

    /** The link went down; it is reconnecting with backoff. */
    void onConnectionLost(String cause);

    /** A message arrived on a subscribed topic. */
    void onMessage(InboundMessage message);
}
