package dev.solemate.mqtt.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solemate.device.DeviceProfiles;
import dev.solemate.driver.DeviceInfo;
import dev.solemate.mqtt.bridge.BridgeTopics;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Home Assistant device-based discovery: entities that match what the device can do. */
@Timeout(30)
class DiscoveryPayloadsTest {

    private final BridgeTopics topics = new BridgeTopics("solemate", "default");

    private JsonNode payload(String profile) {
        return DiscoveryPayloads.device(topics, "bedroom", new DeviceInfo(DeviceProfiles.builtIn(profile), "1.0", "SN1"),
                List.of("bedtime", "quick-unwind"), 40);
    }

    @Test
    void isOneDeviceMessageWithDeviceOriginAndComponents() {
        JsonNode p = payload("shiatsu-4zone");
        assertThat(DiscoveryPayloads.topic("homeassistant", "bedroom")).isEqualTo("homeassistant/device/solemate_bedroom/config");
        assertThat(p.path("dev").path("ids").get(0).asText()).isEqualTo("solemate_bedroom");
        assertThat(p.path("dev").path("mdl_id").asText()).isEqualTo("shiatsu-4zone");
        assertThat(p.path("o").path("name").asText()).isEqualTo("Solemate");
        assertThat(p.path("state_topic").asText()).isEqualTo("solemate/bedroom");
        p.path("cmps").forEach(c -> {
            assertThat(c.path("p").asText()).isNotEmpty();
            assertThat(c.path("unique_id").asText()).startsWith("solemate_bedroom_");
        });
    }

    @Test
    void isAvailableOnlyWhenBothTheBridgeAndTheDeviceAre() {
        JsonNode p = payload("shiatsu-4zone");
        assertThat(p.path("availability_mode").asText()).isEqualTo("all");
        assertThat(p.path("availability").findValuesAsText("topic"))
                .containsExactly("solemate/bridge/state", "solemate/bedroom/availability");
    }

    @Test
    void intensityNumbersStepThroughExactlyTheDevicesLevels() {
        JsonNode fiveSteps = payload("shiatsu-4zone").path("cmps").path("solemate_bedroom_arch_intensity");
        assertThat(fiveSteps.path("p").asText()).isEqualTo("number");
        assertThat(fiveSteps.path("min").asInt()).isZero();
        assertThat(fiveSteps.path("max").asInt()).isEqualTo(100);
        assertThat(fiveSteps.path("step").asDouble()).isEqualTo(20.0);
        assertThat(fiveSteps.path("command_topic").asText()).isEqualTo("solemate/bedroom/set/arch_intensity");
        JsonNode threeSteps = payload("budget-2zone").path("cmps").path("solemate_bedroom_ball_intensity");
        assertThat(threeSteps.path("step").asDouble()).isEqualTo(33.333);
    }

    @Test
    void techniqueSelectsOfferOnlyWhatTheZoneCanDo() {
        JsonNode toes = payload("shiatsu-4zone").path("cmps").path("solemate_bedroom_toes_technique");
        assertThat(toes.path("options").toString()).isEqualTo("[\"knead\",\"press\"]");
    }

    @Test
    void heatNumberOnlyOnDevicesWithAHeaterCappedAtTheHeatLimit() {
        JsonNode heat = payload("shiatsu-4zone").path("cmps").path("solemate_bedroom_heat");
        assertThat(heat.path("max").asInt()).isEqualTo(40);
        assertThat(payload("budget-2zone").path("cmps").has("solemate_bedroom_heat")).isFalse();
        assertThat(payload("budget-2zone").path("cmps").has("solemate_bedroom_temperature")).isFalse();
    }

    @Test
    void routineSelectOffersNoneAndEveryRoutine() {
        JsonNode routine = payload("shiatsu-4zone").path("cmps").path("solemate_bedroom_routine");
        assertThat(routine.path("options").toString()).isEqualTo("[\"none\",\"bedtime\",\"quick-unwind\"]");
        assertThat(payload("shiatsu-4zone").path("cmps").has("solemate_bedroom_stop")).isTrue();
        assertThat(payload("shiatsu-4zone").path("cmps").has("solemate_bedroom_remaining")).isTrue();
        assertThat(payload("shiatsu-4zone").path("cmps").has("solemate_bedroom_state")).isTrue();
    }
}
