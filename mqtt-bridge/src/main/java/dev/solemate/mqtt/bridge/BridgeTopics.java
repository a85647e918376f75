package dev.solemate.mqtt.bridge;

import dev.solemate.mqtt.config.BridgeConfig;
import dev.solemate.mqtt.config.DeviceName;
import java.util.Objects;
import java.util.Optional;

/**
 * The bridge's topic layout (Zigbee2MQTT-style), in one place: building topics and routing an
 * incoming topic to what it means. See docs/mqtt.md.
 */
public final class BridgeTopics {

    private final String base;
    private final String bridgeName;
    /** Made once: every inbound message is routed against it. */
    private final String bridgeBase;

    public BridgeTopics(String base, String bridgeName) {
        this.base = Objects.requireNonNull(base, "base");
        this.bridgeName = Objects.requireNonNull(bridgeName, "bridgeName");
        this.bridgeBase = bridgeName.equals(BridgeConfig.DEFAULT_NAME) ? base + "/bridge" : base + "/bridge/" + bridgeName;
    }

    public String base() {
        return base;
    }

    public String state(String device) {
        return base + "/" + device;
    }

    public String set(String device) {
        return base + "/" + device + "/set";
    }

    public String get(String device) {
        return base + "/" + device + "/get";
    }

    public String response(String device) {
        return base + "/" + device + "/response";
    }

    public String availability(String device) {
        return base + "/" + device + "/availability";
    }

    public String event(String device) {
        return base + "/" + device + "/event";
    }

    /** {@code <base>/bridge/state} for the default bridge, {@code <base>/bridge/<name>/state} for a named one. */
    public String bridgeState() {
        return bridgeName.equals(BridgeConfig.DEFAULT_NAME) ? base + "/bridge/state" : base + "/bridge/" + bridgeName + "/state";
    }

    /** {@code <base>/bridge} for the default bridge, {@code <base>/bridge/<name>} for a named one. */
    public String bridgeBase() {
        return bridgeBase;
    }

    /**
     * A topic of one running instance of this bridge: {@code ping} (answered on {@code pong}),
     * {@code takeover} (answered on {@code released} once it stepped aside), {@code sync}.
     */
    public String instance(String instance, String what) {
        return bridgeBase() + "/instance/" + instance + "/" + what;
    }

    /** Every bridge's retained device record on this base topic: named ones; the default one is {@link #defaultBridgeDevices()}. */
    public String namedBridgeDevicesFilter() {
        return base + "/bridge/+/devices";
    }

    public String defaultBridgeDevices() {
        return base + "/bridge/devices";
    }

    /** True for a bridge's device record: {@code <base>/bridge/devices} or {@code <base>/bridge/<name>/devices}. */
    public boolean isBridgeDevices(String topic) {
        if (topic.equals(defaultBridgeDevices())) {
            return true;
        }
        String prefix = base + "/bridge/";
        if (!topic.startsWith(prefix) || !topic.endsWith("/devices")) {
            return false;
        }
        String name = topic.substring(prefix.length(), topic.length() - "/devices".length());
        return BridgeConfig.isValidName(name);
    }

    /** Where this bridge keeps the retained list of its devices, to clean up after removed ones. */
    public String bridgeDevices() {
        return bridgeName.equals(BridgeConfig.DEFAULT_NAME) ? base + "/bridge/devices" : base + "/bridge/" + bridgeName + "/devices";
    }

    /** Every command topic of every device: {@code set}, {@code set/<attribute>} and anything deeper, to answer it. */
    public String setFilter() {
        return base + "/+/set/#";
    }

    public String bridgeRequestFilter() {
        return base + "/bridge/request/+";
    }

    public String bridgeResponse(String action) {
        return base + "/bridge/response/" + action;
    }

    /** What an incoming topic means. */
    public sealed interface Route {
        /**
         * {@code <base>/<device>/set}, or {@code <base>/<device>/set/<attribute>} with whatever
         * follows {@code set/} as the attribute (empty for {@code set/}, {@code x/y} for
         * {@code set/x/y}), so that every message under {@code set} gets an answer.
         */
        record Set(String device, Optional<String> attribute) implements Route {
        }

        /** {@code <base>/<device>/get}. */
        record Get(String device) implements Route {
        }

        /** {@code <base>/bridge/request/<action>}. */
        record BridgeRequest(String action) implements Route {
        }

        /** Anything else under the base topic (our own states, other bridges' topics): ignored. */
        record Other() implements Route {
        }
    }

    /** Routes a topic the bridge is subscribed to. Never throws. */
    public Route route(String topic) {
        if (topic == null || !topic.startsWith(base + "/")) {
            return new Route.Other();
        }
        String[] parts = topic.substring(base.length() + 1).split("/", -1);
        if (parts.length == 3 && parts[0].equals("bridge") && parts[1].equals("request")) {
            return new Route.BridgeRequest(parts[2]);
        }
        if (!DeviceName.isValid(parts[0])) {
            return new Route.Other();
        }
        if (parts.length == 2 && parts[1].equals("set")) {
            return new Route.Set(parts[0], Optional.empty());
        }
        if (parts.length >= 3 && parts[1].equals("set")) {
            return new Route.Set(parts[0], Optional.of(String.join("/", java.util.Arrays.asList(parts).subList(2, parts.length))));
        }
        if (parts.length == 2 && parts[1].equals("get")) {
            return new Route.Get(parts[0]);
        }
        return new Route.Other();
    }
}
