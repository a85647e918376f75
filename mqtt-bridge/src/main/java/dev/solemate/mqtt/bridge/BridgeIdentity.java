package dev.solemate.mqtt.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which running bridge this is: a random instance id, the host and the process. The bridge's
 * retained state carries it, so a second bridge started with the same name can say which one is
 * already running, and a bridge can tell its own messages from another's.
 *
 * @param instance random per run, e.g. {@code 3f9c2a7e10b4}
 * @param host     the machine's name
 * @param pid      the process id
 * @param started  when this run started
 */
public record BridgeIdentity(String instance, String host, long pid, Instant started) {

    public BridgeIdentity {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(started, "started");
    }

    /** A new identity for this process. */
    public static BridgeIdentity current() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            host = "unknown-host";
        }
        return new BridgeIdentity(HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(4), host,
                ProcessHandle.current().pid(), Instant.now());
    }

    /** The bridge state payload, {@code {"state":"online","instance":...,"host":...,"pid":...,"started":...,"devices":[...]}}. */
    ObjectNode state(String state, List<String> devices) {
        ObjectNode n = Json.object().put("state", state).put("instance", instance).put("host", host).put("pid", pid)
                .put("started", started.toString());
        devices.forEach(n.putArray("devices")::add);
        return n;
    }

    /** The last will: {@code {"state":"offline","instance":...}}. */
    ObjectNode will() {
        return Json.object().put("state", "offline").put("instance", instance);
    }

    /** The identity in a retained state, if it names one. */
    static Optional<BridgeIdentity> of(JsonNode state) {
        if (state == null || !state.hasNonNull("instance")) {
            return Optional.empty();
        }
        Instant started;
        try {
            started = Instant.parse(state.path("started").asText());
        } catch (RuntimeException e) {
            started = Instant.EPOCH;
        }
        return Optional.of(new BridgeIdentity(state.get("instance").asText(), state.path("host").asText("?"),
                state.path("pid").asLong(-1), started));
    }

    /** {@code instance 3f9c2a7e10b4 on host den, pid 4242, running since 2026-12-04T21:30:00Z}. */
    public String describe() {
        return "instance " + instance + " on host " + host + ", pid " + pid + ", running since " + started;
    }
}
