package dev.solemate.mqtt.discovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.solemate.device.DeviceProfile;
import dev.solemate.device.HeatRange;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceInfo;
import dev.solemate.mqtt.bridge.BridgeTopics;
import dev.solemate.mqtt.bridge.Json;
import java.util.Collection;

/**
 * Builds Home Assistant device-based discovery payloads
 * ({@code <prefix>/device/solemate_<device>/config}): one message per device with {@code dev},
 * {@code o} and {@code cmps}, and the shared state topic and availability at the root. The entities:
 * a power switch, a stop button, a routine select, per-zone intensity numbers (min/max/step from the
 * device's levels, so every value HA offers is one the device can do) and technique selects, a heat
 * number on devices with a heater, and remaining-time, playback-state and temperature sensors.
 */
public final class DiscoveryPayloads {

    /** Shown in Home Assistant as the origin of the entities. */
    public static final String ORIGIN = "Solemate";
    public static final String VERSION = "0.1.0";

    private DiscoveryPayloads() {
    }

    /** The discovery topic of a device. */
    public static String topic(String prefix, String device) {
        return prefix + "/device/" + objectId(device) + "/config";
    }

    /** The Home Assistant device id: {@code solemate_<device>}. */
    public static String objectId(String device) {
        return "solemate_" + device;
    }

    /**
     * The discovery payload for one device.
     *
     * @param heatLimit the highest heater set-point the safety governor allows
     */
    public static ObjectNode device(BridgeTopics topics, String device, DeviceInfo info, Collection<String> routines,
                                    int heatLimit) {
        DeviceProfile profile = info.profile();
        String id = objectId(device);
        ObjectNode root = Json.object();
        ObjectNode dev = root.putObject("dev");
        dev.putArray("ids").add(id);
        dev.put("name", device);
        dev.put("mf", "Solemate");
        dev.put("mdl", profile.name());
        dev.put("mdl_id", profile.id());
        dev.put("sw", info.firmware());
        dev.put("sn", info.serialNumber());
        ObjectNode origin = root.putObject("o");
        origin.put("name", ORIGIN);
        origin.put("sw", VERSION);
        root.put("state_topic", topics.state(device));
        root.put("qos", 1);
        ArrayNode availability = root.putArray("availability");
        availability.addObject().put("topic", topics.bridgeState()).put("value_template", "{{ value_json.state }}");
        availability.addObject().put("topic", topics.availability(device));
        root.put("availability_mode", "all");
        ObjectNode cmps = root.putObject("cmps");
        String set = topics.set(device);

        component(cmps, id, "power", "switch", "Power")
                .put("command_topic", set + "/power")
                .put("value_template", "{{ value_json.power }}")
                .put("payload_on", "ON").put("payload_off", "OFF")
                .put("icon", "mdi:foot-print");
        component(cmps, id, "stop", "button", "Stop")
                .put("command_topic", set + "/power")
                .put("payload_press", "OFF")
                .put("icon", "mdi:stop");
        ObjectNode routine = component(cmps, id, "routine", "select", "Routine")
                .put("command_topic", set + "/routine")
                .put("value_template", "{{ value_json.routine if value_json.routine else 'none' }}");
        ArrayNode options = routine.putArray("options");
        options.add("none");
        routines.forEach(options::add);

        double step = Json.round(100.0 / profile.intensitySteps());
        for (Zone zone : profile.zones().keySet()) {
            String z = zone.id();
            String label = Character.toUpperCase(z.charAt(0)) + z.substring(1);
            component(cmps, id, z + "_intensity", "number", label + " intensity")
                    .put("command_topic", set + "/" + z + "_intensity")
                    .put("value_template", "{{ value_json.zones." + z + ".intensity }}")
                    .put("min", 0).put("max", 100).put("step", step)
                    .put("mode", "slider").put("unit_of_measurement", "%");
            ObjectNode technique = component(cmps, id, z + "_technique", "select", label + " technique")
                    .put("command_topic", set + "/" + z + "_technique")
                    .put("value_template", "{{ value_json.zones." + z + ".technique }}");
            ArrayNode techniques = technique.putArray("options");
            for (Technique t : profile.techniques(zone)) {
                techniques.add(t.id());
            }
        }
        if (profile.heat().isPresent()) {
            HeatRange range = profile.heat().get();
            int max = Math.max(range.minCelsius(), Math.min(range.maxCelsius(), heatLimit));
            component(cmps, id, "heat", "number", "Heat")
                    .put("command_topic", set + "/heat")
                    .put("value_template", "{{ value_json.heat if value_json.heat else 0 }}")
                    .put("min", 0).put("max", max).put("step", 1).put("mode", "box")
                    .put("unit_of_measurement", "°C").put("icon", "mdi:heat-wave");
            component(cmps, id, "temperature", "sensor", "Temperature")
                    .put("value_template", "{{ value_json.temperature }}")
                    .put("device_class", "temperature").put("unit_of_measurement", "°C")
                    .put("state_class", "measurement");
        }
        component(cmps, id, "remaining", "sensor", "Remaining time")
                .put("value_template", "{{ value_json.remaining if value_json.remaining is not none else 0 }}")
                .put("device_class", "duration").put("unit_of_measurement", "s");
        component(cmps, id, "state", "sensor", "State")
                .put("value_template", "{{ value_json.playback }}")
                .put("device_class", "enum")
                .putArray("options").add("idle").add("playing").add("paused");
        component(cmps, id, "comfort_cap", "number", "Comfort cap")
                .put("command_topic", set + "/comfort_cap")
                .put("value_template", "{{ value_json.comfort_cap }}")
                .put("min", 1).put("max", 100).put("step", 1).put("mode", "box")
                .put("unit_of_measurement", "%").put("entity_category", "config");
        return root;
    }

    private static ObjectNode component(ObjectNode cmps, String deviceId, String key, String platform, String name) {
        return cmps.putObject(deviceId + "_" + key)
                .put("p", platform)
                .put("unique_id", deviceId + "_" + key)
                .put("name", name);
    }
}
