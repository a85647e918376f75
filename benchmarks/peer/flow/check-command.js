// Function node "check command": one MQTT message from <base>/<device>/set in, either a checked
// command to the device link (output 1) or the error answer on <base>/<device>/response (output 2).
// Everything that can be refused without the device is refused here, with what was wrong and what is
// allowed (the wording of Solemate's bridge), so the device only ever gets well-formed requests.
// The device's zones, techniques and heat range come from its HELLO answer, which the device link
// keeps in flow context ("profile").
const base = env.get("BASE_TOPIC");
const device = env.get("DEVICE_NAME");
const MAX_TRANSACTION_CHARS = 128;
const FIELDS = ["heat", "power", "transaction", "zones"];

function answer(error, transaction) {
    const body = { status: "error", error: error };
    if (transaction !== undefined) {
        body.transaction = transaction;
    }
    return [null, { topic: base + "/" + device + "/response", payload: JSON.stringify(body), qos: 1, retain: false }];
}

function kind(v) {
    if (v === null) return "null";
    if (Array.isArray(v)) return "an array";
    if (typeof v === "string") return "the text " + JSON.stringify(clip(v));
    if (typeof v === "object") return "an object";
    return typeof v === "number" ? "the number " + v : "a " + typeof v;
}

function clip(s) {
    return s.length > 40 ? s.substring(0, 40) + "..." : s;
}

// Retained commands would run again at every restart of Node-RED or the broker.
if (msg.retain) {
    return answer("ignored a retained command: commands must not be retained (clear it with: mosquitto_pub -r -n -t "
        + msg.topic + ")");
}

let command;
try {
    command = JSON.parse(msg.payload);
} catch (e) {
    return answer("broken JSON: " + e.message + " (expected a JSON object such as "
        + "{\"zones\":{\"arch\":{\"technique\":\"knead\",\"intensity\":40}}})");
}
if (command === null || typeof command !== "object" || Array.isArray(command)) {
    return answer("the command must be a JSON object such as {\"zones\":{\"arch\":{\"technique\":\"knead\","
        + "\"intensity\":40}}}, got " + kind(command));
}

// The transaction first, so that every later refusal can carry it.
let transaction = command.transaction;
if (transaction === null) {
    transaction = undefined;
} else if (transaction !== undefined && !((typeof transaction === "string" && transaction.length <= MAX_TRANSACTION_CHARS)
        || Number.isInteger(transaction))) {
    return answer("transaction must be a string of at most " + MAX_TRANSACTION_CHARS
        + " characters or a whole number, got " + kind(transaction));
}

for (const field of Object.keys(command)) {
    if (!FIELDS.includes(field)) {
        return answer("unknown field '" + clip(field) + "' (expected one of: " + FIELDS.join(", ") + ")", transaction);
    }
}
const hasPower = command.power !== undefined;
const hasZones = command.zones !== undefined;
const hasHeat = command.heat !== undefined;
if (!hasPower && !hasZones && !hasHeat) {
    return answer("empty command (expected at least one of: heat, power, zones)", transaction);
}

// This flow has no routines: OFF is the only power command (the bridge's ON starts a routine).
if (hasPower) {
    if (command.power !== "OFF") {
        return answer("power " + JSON.stringify(command.power) + " is not allowed (expected \"OFF\"; "
            + "this flow has no routines for ON to start)", transaction);
    }
    if (hasZones || hasHeat) {
        return answer("power cannot be combined with zones or heat (send them separately)", transaction);
    }
    return [{ topic: "command", command: { kind: "off", transaction: transaction } }, null];
}

const profile = flow.get("profile");
if (!profile) {
    return answer("device '" + device + "' is not connected (no handshake yet); retrying", transaction);
}

const zones = [];
if (hasZones) {
    const z = command.zones;
    if (z === null || typeof z !== "object" || Array.isArray(z) || Object.keys(z).length === 0) {
        return answer("zones must be an object such as {\"arch\":{\"technique\":\"knead\",\"intensity\":40}}, got "
            + kind(z), transaction);
    }
    const zoneIds = profile.zoneOrder.join(", ");
    for (const id of Object.keys(z)) {
        const techniques = profile.zones[id];
        if (!techniques) {
            return answer("unknown zone '" + clip(id) + "' (expected one of: " + zoneIds + ")", transaction);
        }
        const change = z[id];
        if (change === null || typeof change !== "object" || Array.isArray(change) || Object.keys(change).length === 0) {
            return answer("zones." + id + " must be an object with technique and/or intensity, got " + kind(change),
                transaction);
        }
        for (const field of Object.keys(change)) {
            if (field !== "technique" && field !== "intensity") {
                return answer("unknown field '" + clip(field) + "' in zones." + id + " (expected technique or intensity)",
                    transaction);
            }
        }
        const allowed = techniques.join(", ");
        if (change.technique !== undefined) {
            if (typeof change.technique !== "string") {
                return answer("zones." + id + ".technique must be one of: " + allowed + ", got " + kind(change.technique),
                    transaction);
            }
            if (!techniques.includes(change.technique)) {
                return answer("zone " + id + " of " + device + " cannot " + clip(change.technique)
                    + " (expected one of: " + allowed + ")", transaction);
            }
        }
        if (change.intensity !== undefined) {
            if (typeof change.intensity !== "number") {
                return answer("zones." + id + ".intensity must be a number from 0 to 100, got " + kind(change.intensity),
                    transaction);
            }
            if (!(change.intensity >= 0 && change.intensity <= 100)) {
                return answer("zones." + id + ".intensity " + change.intensity + " is out of range (expected 0 to 100)",
                    transaction);
            }
        }
        zones.push({ zone: id, technique: change.technique, intensity: change.intensity });
    }
}

let heat;
if (hasHeat) {
    if (!profile.heat) {
        return answer(device + " has no heater (heat is not allowed)", transaction);
    }
    const h = command.heat;
    if (h !== null) {
        if (!Number.isInteger(h)) {
            return answer("heat must be whole degrees from " + profile.heat.min + " to " + profile.heat.max
                + " or null, got " + kind(h), transaction);
        }
        if (h < profile.heat.min || h > profile.heat.max) {
            return answer("heat " + h + " °C is out of range (expected " + profile.heat.min + " to " + profile.heat.max
                + ", or null for off)", transaction);
        }
    }
    heat = h;
}

return [{ topic: "command", command: { kind: "set", transaction: transaction, zones: zones, heat: heat } }, null];
