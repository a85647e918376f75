package dev.solemate.mqtt.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Topic building and routing. */
@Timeout(30)
class BridgeTopicsTest {

    private final BridgeTopics topics = new BridgeTopics("home/solemate", "default");

    @Test
    void routesSetGetAttributeAndBridgeRequests() {
        assertThat(topics.route("home/solemate/bedroom/set")).isEqualTo(new BridgeTopics.Route.Set("bedroom", Optional.empty()));
        assertThat(topics.route("home/solemate/bedroom/set/arch_intensity"))
                .isEqualTo(new BridgeTopics.Route.Set("bedroom", Optional.of("arch_intensity")));
        assertThat(topics.route("home/solemate/bedroom/get")).isEqualTo(new BridgeTopics.Route.Get("bedroom"));
        assertThat(topics.route("home/solemate/bridge/request/health")).isEqualTo(new BridgeTopics.Route.BridgeRequest("health"));
    }

    @Test
    void ignoresOwnOutputOtherBasesAndInvalidNames() {
        assertThat(topics.route("home/solemate/bedroom")).isInstanceOf(BridgeTopics.Route.Other.class);
        assertThat(topics.route("home/solemate/bedroom/response")).isInstanceOf(BridgeTopics.Route.Other.class);
        assertThat(topics.route("other/bedroom/set")).isInstanceOf(BridgeTopics.Route.Other.class);
        assertThat(topics.route("home/solemate/bad name/set")).isInstanceOf(BridgeTopics.Route.Other.class);
        assertThat(topics.route("home/solemate/bridge/set")).isInstanceOf(BridgeTopics.Route.Other.class);
    }

    @Test
    void everythingUnderSetIsACommandSoThatItIsAnswered() {
        assertThat(topics.route("home/solemate/bedroom/set/")).isEqualTo(new BridgeTopics.Route.Set("bedroom", Optional.of("")));
        assertThat(topics.route("home/solemate/bedroom/set//")).isEqualTo(new BridgeTopics.Route.Set("bedroom", Optional.of("/")));
        assertThat(topics.route("home/solemate/bedroom/set/a/b")).isEqualTo(new BridgeTopics.Route.Set("bedroom", Optional.of("a/b")));
        assertThat(topics.setFilter()).isEqualTo("home/solemate/+/set/#");
    }

    @Test
    void namedBridgeKeepsItsStateUnderItsName() {
        assertThat(topics.bridgeState()).isEqualTo("home/solemate/bridge/state");
        assertThat(new BridgeTopics("solemate", "upstairs").bridgeState()).isEqualTo("solemate/bridge/upstairs/state");
    }

    @Test
    void bridgeDeviceRecordsAreToldApartFromBridgeRequests() {
        assertThat(topics.isBridgeDevices("home/solemate/bridge/devices")).isTrue();
        assertThat(topics.isBridgeDevices("home/solemate/bridge/upstairs/devices")).isTrue();
        assertThat(topics.isBridgeDevices("home/solemate/bridge/request/devices")).isFalse();
        assertThat(topics.isBridgeDevices("home/solemate/bridge/response/devices")).isFalse();
        assertThat(topics.isBridgeDevices("home/solemate/bedroom/devices")).isFalse();
    }
}
