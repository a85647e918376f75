package dev.solemate.mqtt.bridge;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.solemate.ConnectionState;
import dev.solemate.MassagerState;
import dev.solemate.ZoneState;
import dev.solemate.device.DeviceProfile;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceInfo;
import dev.solemate.player.Progress;
import java.util.Map;
import java.util.Optional;

/**
 * The retained state JSON of a device ({@code <base>/<device>}), documented in docs/mqtt.md:
 *
 * <pre>{@code
 * {"power":"ON","routine":"bedtime","playback":"playing","step":"warm up","progress":0.25,"elapsed":150,
 *  "remaining":450,"zones":{"arch":{"technique":"knead","intensity":40,"level":2}},"heat":38,
 *  "temperature":36.5,"comfort_cap":100,"connection":"connected","session_used":150,"session_limit":900,
 *  "device":{"profile":"shiatsu-4zone","steps":5,"serial":"SN1","firmware":"1.2"}}
 * }</pre>
 */
final class StatePayload {

    private StatePayload() {
    }

    static ObjectNode of(MassagerState state, PlaybackSnapshot playback, DeviceInfo info) {
        ObjectNode n = common(state, playback);
        n.putObject("device").put("profile", info.profile().id()).put("steps", info.profile().intensitySteps())
                .put("serial", info.serialNumber()).put("firmware", info.firmware());
        return n;
    }

    /**
     * The state of a device that has not opened yet: everything at zero, {@code connection}
     * {@code disconnected}, the reason in {@code connection_error}, and only what the URI's profile
     * tells about the device (null when it names none).
     */
    static ObjectNode waiting(MassagerState state, Optional<DeviceProfile> profile, String error) {
        ObjectNode n = common(state, PlaybackSnapshot.IDLE);
        n.put("connection_error", error);
        ObjectNode device = n.putObject("device");
        if (profile.isPresent()) {
            device.put("profile", profile.get().id()).put("steps", profile.get().intensitySteps());
        } else {
            device.putNull("profile").putNull("steps");
        }
        device.putNull("serial").putNull("firmware");
        return n;
    }

    private static ObjectNode common(MassagerState state, PlaybackSnapshot playback) {
        ObjectNode n = Json.object();
        boolean on = state.isActive() || playback.routine().isPresent();
        n.put("power", on ? "ON" : "OFF");
        if (playback.routine().isPresent()) {
            n.put("routine", playback.routine().get());
        } else {
            n.putNull("routine");
        }
        n.put("playback", playback.stateId());
        Progress p = playback.progress().orElse(null);
        if (p != null) {
            n.put("step", p.step().name());
            n.put("progress", Json.round(p.fraction()));
            n.put("elapsed", p.elapsed().toSeconds());
            n.put("remaining", p.remaining().toSeconds());
        } else {
            n.putNull("step");
            n.putNull("progress");
            n.putNull("elapsed");
            n.putNull("remaining");
        }
        ObjectNode zones = n.putObject("zones");
        for (Map.Entry<Zone, ZoneState> e : state.zones().entrySet()) {
            zones.putObject(e.getKey().id())
                    .put("technique", e.getValue().technique().id())
                    .put("intensity", Json.round(e.getValue().intensity().percent()))
                    .put("level", e.getValue().level());
        }
        if (state.heatTarget().isPresent()) {
            n.put("heat", state.heatTarget().getAsInt());
        } else {
            n.putNull("heat");
        }
        if (state.temperature().isPresent()) {
            n.put("temperature", Json.round(state.temperature().getAsDouble()));
        } else {
            n.putNull("temperature");
        }
        n.put("comfort_cap", Json.round(state.comfortCap().percent()));
        n.put("connection", state.connection() == ConnectionState.CONNECTED ? "connected" : state.connection().id());
        n.put("session_used", state.sessionUsed().toSeconds());
        n.put("session_limit", state.sessionLimit().toSeconds());
        return n;
    }
}
