package dev.solemate.mqtt;

/**
 * Receives a running bridge's {@link BridgeEvent}s. Called on the bridge's own threads (the MQTT
 * link's dispatch thread, the timeline thread, the device opener thread, or the thread that calls
 * {@link MqttBridge#start}), one event at a time per source but not on one thread: implementations
 * must be thread-safe, return quickly and not block. An exception is logged and ignored.
 */
@FunctionalInterface
public interface BridgeListener {

    /** Ignores every event. */
    BridgeListener NONE = event -> { };

    void onEvent(BridgeEvent event);
}
