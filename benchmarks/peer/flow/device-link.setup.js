// Function node "device link", On Start. The host side of the Solemate text protocol v1
// (docs/protocol.md) for one massager on a serial port, and the MQTT answers and states that follow
// from it. It keeps everything about the link in one object so that every decision (what is in
// flight, what may be sent, what a reply answers) is made in one place; the node's "On Message"
// only hands each message to it:
//   - a checked command from "check command" (msg.topic "command"),
//   - a line from the serial port (msg.port is set; split on "\n" by the serial-port config node),
//   - a status change of the "serial in" node (port opened / closed) or of the "mqtt in" node
//     (broker connected) from the two status nodes.
// Output 1 goes to "serial out" (protocol bytes), output 2 to "mqtt out" (topic, qos, retain set here).
//
// The protocol in a nutshell (sections of docs/protocol.md):
//   §2  a request is "<seq> <VERB> args*<XOR of the bytes before *, two hex digits>\n"
//   §6  sequence numbers go up by one (mod 10000); no answer for the oldest request within 250 ms,
//       or a retryable ERR for it: resend every unanswered request in order (go-back-N); 3 resends
//       without an answer: the device is lost
//   §7  0x18 stops the device at once, wherever it appears; it flushes what it had not answered
//   §8  the device stops itself after hb ms without a valid request: PING when idle for hb/3
//   §9  at most rx bytes of unanswered request lines (and 16 requests) in flight
//   §11 on open: 0x18, HELLO (resent every 250 ms), then STOP and STATUS, then ready

const BASE = env.get("BASE_TOPIC");
const DEVICE = env.get("DEVICE_NAME");
const TOPIC = BASE + "/" + DEVICE;
// Commands accepted and not answered yet; beyond this a command is answered "busy" at once, so a
// flood cannot grow the queue (and Node-RED's memory) without bound: the bridge's limit.
// PEER_MAX_WAITING=0 turns the limit off.
const MAX_WAITING = parseInt(env.get("PEER_MAX_WAITING") || "64", 10);

const ACK_TIMEOUT_MS = 250;
const MAX_RESENDS = 3;
const MAX_IN_FLIGHT = 16;
const HELLO_RESTART_MS = 3000;
const MODULUS = 10000;
const STOP_BYTE = "\x18";
const RETRYABLE = new Set(["BAD_CHECKSUM", "NO_CHECKSUM", "TOO_LONG", "OVERFLOW", "OUT_OF_ORDER"]);

const link = {
    phase: "closed",     // closed | hello | sync | ready | refused (a device this flow cannot speak to)
    portOpen: false,
    online: false,       // availability last published
    profile: null,       // from the HELLO answer: rx, hb, steps, zones, heat
    nextSeq: 0,
    helloSeq: -1,
    helloLine: "",
    helloStartedAt: 0,
    helloWarned: false,
    queue: [],           // requests not sent yet, in order
    inFlight: [],        // requests with a sequence number and no answer yet, oldest first
    sentCount: 0,        // inFlight[0 .. sentCount) have a copy on the wire; the rest wait to be (re)sent
    wire: [],            // byte length of each line on the wire not answered yet (resent copies too)
    wireBytes: 0,        // GRBL character counting (§9): kept at or below rx
    lastSentAt: 0,
    stopping: null,      // { commands, sentAt, resends } while waiting for EVT STOPPED after an OFF
    waiting: 0,          // commands accepted and not answered
    state: null,         // what the device acknowledged: { zones: { id: { technique, level } }, heat }
    target: null,        // the same after every request queued so far: fills in left-out fields
    published: null,     // the state JSON last published (retained)
    dirty: false,        // the state may have changed since it was last published
    ackTimer: null,
    hbTimer: null,
    helloTimer: null,
    out: "",             // protocol bytes to write at the end of this turn (one serial write)
    mqtt: [],            // MQTT messages to publish at the end of this turn
};

// ---- protocol lines ----

function checksum(text) {
    let x = 0;
    for (let i = 0; i < text.length; i++) {
        x ^= text.charCodeAt(i);
    }
    return x;
}

function requestLine(seq, text) {
    const body = seq + " " + text;
    const ck = checksum(body);
    return body + "*" + (ck < 16 ? "0" : "") + ck.toString(16).toUpperCase() + "\n";
}

// Percent to device level exactly as Solemate's core quantises (Intensity.toLevel): the smallest
// level at or above the percentage, at least 1 for anything above 0.
function toLevel(percent, steps) {
    if (percent === 0) {
        return 0;
    }
    const level = Math.ceil(percent / 100 * steps - 1e-9);
    return Math.max(1, Math.min(steps, level));
}

function toPercent(level, steps) {
    return Math.round(level * 100000 / steps) / 1000;
}

// ---- output ----

function flush() {
    if (link.dirty && link.phase === "ready") {
        publishState(false);
    }
    if (link.out.length === 0 && link.mqtt.length === 0) {
        return;
    }
    const serial = link.out.length > 0 ? { payload: link.out } : null;
    const mqtt = link.mqtt.length > 0 ? link.mqtt : null;
    link.out = "";
    link.mqtt = [];
    node.send([serial, mqtt], false);
}

function publish(suffix, body, retain) {
    link.mqtt.push({ topic: TOPIC + suffix, payload: typeof body === "string" ? body : JSON.stringify(body),
        qos: 1, retain: retain });
}

function respond(command, error) {
    const body = error ? { status: "error", error: error } : { status: "ok" };
    if (command.transaction !== undefined) {
        body.transaction = command.transaction;
    }
    publish("/response", body, false);
}

function setAvailability(online) {
    link.online = online;
    publish("/availability", online ? "online" : "offline", true);
}

// The retained state, only when it differs from the one last published.
function publishState(force) {
    link.dirty = false;
    const p = link.profile;
    const zones = {};
    let power = link.state.heat !== null;
    for (const id of p.zoneOrder) {
        const z = link.state.zones[id];
        zones[id] = { technique: z.technique, intensity: toPercent(z.level, p.steps), level: z.level };
        power = power || z.level > 0;
    }
    const json = JSON.stringify({ power: power ? "ON" : "OFF", zones: zones, heat: link.state.heat });
    if (force || json !== link.published) {
        link.published = json;
        publish("/state", json, true);
    }
}

function event(body) {
    publish("/event", body, false);
}

// ---- the window (§6, §9) ----

function request(verb, text, command) {
    return { verb: verb, text: text, command: command, seq: -1, seqText: "", line: "", sentAt: 0, resends: 0,
        zone: null, technique: null, level: 0, heat: null };
}

// Sends what the window allows: first the copies a go-back-N resend still owes, then new requests.
function drain() {
    if ((link.phase !== "sync" && link.phase !== "ready") || link.stopping !== null) {
        return;
    }
    const rx = link.profile.rx;
    const now = Date.now();
    let sent = false;
    while (link.sentCount < link.inFlight.length) {
        const r = link.inFlight[link.sentCount];
        if (link.wire.length > 0 && link.wireBytes + r.line.length > rx) {
            break;
        }
        put(r, now);
        link.sentCount++;
        sent = true;
    }
    while (link.sentCount === link.inFlight.length && link.queue.length > 0 && link.inFlight.length < MAX_IN_FLIGHT) {
        const r = link.queue[0];
        const line = requestLine(link.nextSeq, r.text);
        if (link.wire.length > 0 && link.wireBytes + line.length > rx) {
            break;
        }
        link.queue.shift();
        r.seq = link.nextSeq;
        r.seqText = String(r.seq);
        r.line = line;
        link.nextSeq = (link.nextSeq + 1) % MODULUS;
        link.inFlight.push(r);
        put(r, now);
        link.sentCount++;
        sent = true;
    }
    if (sent) {
        link.lastSentAt = now;
        armAckTimer();
    }
}

function put(r, now) {
    link.out += r.line;
    link.wire.push(r.line.length);
    link.wireBytes += r.line.length;
    r.sentAt = now;
}

// Go-back-N: every unanswered request goes out again, in order, as the window allows.
function resendAll(why) {
    const oldest = link.inFlight[0];
    oldest.resends++;
    if (oldest.resends > MAX_RESENDS) {
        lose("no answer to '" + oldest.text + "' after " + MAX_RESENDS + " resends (" + why + ")");
        return;
    }
    link.sentCount = 0;
    drain();
}

function armAckTimer() {
    if (link.ackTimer === null) {
        link.ackTimer = setTimeout(onAckTimer, ACK_TIMEOUT_MS);
    }
}

// One timer for the oldest deadline, re-armed lazily (not one timer per request).
function onAckTimer() {
    link.ackTimer = null;
    const now = Date.now();
    let sentAt;
    if (link.stopping !== null) {
        sentAt = link.stopping.sentAt;
    } else if (link.inFlight.length > 0) {
        sentAt = link.inFlight[0].sentAt;               // its last copy, even if a resend is still owed
    } else {
        return;
    }
    const late = now - sentAt;
    if (late < ACK_TIMEOUT_MS) {
        link.ackTimer = setTimeout(onAckTimer, ACK_TIMEOUT_MS - late);
        return;
    }
    if (link.stopping !== null) {
        link.stopping.resends++;
        if (link.stopping.resends > MAX_RESENDS) {
            lose("no EVT STOPPED after " + MAX_RESENDS + " resent stop bytes");
        } else {
            link.out += STOP_BYTE;
            link.stopping.sentAt = now;
            armAckTimer();
        }
    } else {
        // What was on the wire 250 ms ago is answered or lost by now: count from zero again.
        link.wire = [];
        link.wireBytes = 0;
        resendAll("timeout");
    }
    flush();
}

// §8: a PING when nothing was sent for hb/3, so the device's watchdog never fires while idle.
function armHeartbeat() {
    if (link.hbTimer === null && link.profile.hb > 0) {
        link.hbTimer = setTimeout(onHeartbeat, Math.floor(link.profile.hb / 3));
    }
}

function onHeartbeat() {
    link.hbTimer = null;
    if (link.phase !== "sync" && link.phase !== "ready") {
        return;
    }
    const interval = Math.floor(link.profile.hb / 3);
    const idle = Date.now() - link.lastSentAt;
    if (idle >= interval - 1 && link.stopping === null && link.queue.length === 0
            && link.inFlight.length < MAX_IN_FLIGHT) {
        link.queue.push(request("PING", "PING", null));
        drain();
        flush();
    }
    link.hbTimer = setTimeout(onHeartbeat, Math.max(1, interval - (Date.now() - link.lastSentAt)));
}

function clearTimers() {
    for (const t of ["ackTimer", "hbTimer", "helloTimer"]) {
        if (link[t] !== null) {
            clearTimeout(link[t]);
            link[t] = null;
        }
    }
}

// ---- handshake (§11) ----

function startHandshake() {
    clearTimers();
    link.phase = "hello";
    link.helloStartedAt = Date.now();
    link.helloSeq = link.nextSeq;
    link.nextSeq = (link.nextSeq + 1) % MODULUS;
    link.helloLine = requestLine(link.helloSeq, "HELLO 1");
    // 0x18 first: the device drops any half-received line and is at zero at once.
    link.out += STOP_BYTE + link.helloLine;
    link.lastSentAt = link.helloStartedAt;
    link.helloTimer = setTimeout(onHelloTimer, ACK_TIMEOUT_MS);
}

function onHelloTimer() {
    link.helloTimer = null;
    if (link.phase !== "hello") {
        return;
    }
    if (Date.now() - link.helloStartedAt >= HELLO_RESTART_MS) {
        if (!link.helloWarned) {
            link.helloWarned = true;
            node.warn("no answer to HELLO on " + env.get("SERIAL_PORT") + " for " + HELLO_RESTART_MS
                + " ms; still trying");
        }
        startHandshake();
    } else {
        link.out += link.helloLine;
        link.lastSentAt = Date.now();
        link.helloTimer = setTimeout(onHelloTimer, ACK_TIMEOUT_MS);
    }
    flush();
}

// "OK <h> HELLO proto=1 ... rx=128 hb=1000 zones=toes:knead+press,... steps=5 heat=35-45 ..."
function onHello(fields) {
    const f = {};
    for (const field of fields) {
        const eq = field.indexOf("=");
        if (eq > 0) {
            f[field.substring(0, eq)] = field.substring(eq + 1);
        }
    }
    if (f.proto !== "1") {
        return refuse("the device speaks protocol version " + f.proto + "; this flow speaks 1");
    }
    if (!f.zones || !f.steps) {
        return refuse("the device lists no zones and steps (profile " + f.profile
            + "); this flow needs them in the HELLO answer");
    }
    const profile = { rx: parseInt(f.rx, 10), hb: parseInt(f.hb, 10), steps: parseInt(f.steps, 10),
        zones: {}, zoneOrder: [], heat: null, serial: f.sn, model: f.model, firmware: f.fw };
    for (const z of f.zones.split(",")) {
        const colon = z.indexOf(":");
        const id = z.substring(0, colon);
        profile.zones[id] = z.substring(colon + 1).split("+");
        profile.zoneOrder.push(id);
    }
    if (f.heat && f.heat !== "none") {
        const dash = f.heat.indexOf("-");
        profile.heat = { min: parseInt(f.heat.substring(0, dash), 10), max: parseInt(f.heat.substring(dash + 1), 10) };
    }
    if (!(profile.rx >= 66) || !(profile.hb >= 0) || !(profile.steps >= 1)) {
        return refuse("the device's HELLO answer has rx=" + f.rx + " hb=" + f.hb + " steps=" + f.steps);
    }
    clearTimers();
    link.profile = profile;
    link.helloWarned = false;
    flow.set("profile", profile);
    const zones = {};
    for (const id of profile.zoneOrder) {
        zones[id] = { technique: profile.zones[id][0], level: 0 };
    }
    link.state = { zones: zones, heat: null };
    link.target = copyState(link.state);
    link.nextSeq = (link.helloSeq + 1) % MODULUS;
    link.inFlight = [];
    link.sentCount = 0;
    link.wire = [];
    link.wireBytes = 0;
    link.phase = "sync";
    // STOP as Solemate's driver does (the device is at zero whatever happened before), then STATUS to
    // learn each zone's technique; requests kept over an unexpected stop (below) follow them.
    link.queue.unshift(request("STOP", "STOP", null), request("STATUS", "STATUS", null));
    drain();
    armHeartbeat();
}

function refuse(reason) {
    clearTimers();
    link.phase = "refused";
    node.error("cannot use the device on " + env.get("SERIAL_PORT") + ": " + reason);
}

function becomeReady() {
    link.phase = "ready";
    setAvailability(true);
    publishState(true);
    drain();
}

function copyState(s) {
    const zones = {};
    for (const id of Object.keys(s.zones)) {
        zones[id] = { technique: s.zones[id].technique, level: s.zones[id].level };
    }
    return { zones: zones, heat: s.heat };
}

// "toes=knead:0 ball=knead:0 arch=knead:3 heel=roll:2 heat=40 temp=25.2"
function applyStatus(fields) {
    link.dirty = true;
    for (const field of fields) {
        const eq = field.indexOf("=");
        const key = field.substring(0, eq);
        const value = field.substring(eq + 1);
        const zone = link.state.zones[key];
        if (zone) {
            const colon = value.indexOf(":");
            zone.technique = value.substring(0, colon);
            zone.level = parseInt(value.substring(colon + 1), 10);
        } else if (key === "heat") {
            link.state.heat = value === "off" ? null : parseInt(value, 10);
        }
    }
}

// ---- losing the device ----

function failAll(error) {
    const failed = new Set();
    const fail = function (c) {
        if (c !== null && !failed.has(c)) {
            failed.add(c);
            link.waiting--;
            respond(c, error);
        }
    };
    for (const r of link.inFlight) {
        fail(r.command);
    }
    for (const r of link.queue) {
        fail(r.command);
    }
    link.inFlight = [];
    link.queue = [];
    link.sentCount = 0;
    if (link.stopping !== null) {
        for (const c of link.stopping.commands) {
            respond(c, error);
        }
        link.stopping = null;
    }
}

function lose(reason) {
    clearTimers();
    failAll("device '" + DEVICE + "' is not connected (" + reason + "); retrying");
    link.wire = [];
    link.wireBytes = 0;
    if (link.online) {
        setAvailability(false);
        event({ event: "disconnected", reason: reason });
    }
    node.warn("lost the device on " + env.get("SERIAL_PORT") + ": " + reason);
    link.phase = "closed";
    if (link.portOpen) {
        startHandshake();
    }
}

// ---- replies and events from the device ----

function onLine(raw) {
    let end = raw.length;
    while (end > 0 && (raw.charCodeAt(end - 1) === 10 || raw.charCodeAt(end - 1) === 13)) {
        end--;
    }
    if (end === 0 || raw.charCodeAt(0) === 35) {     // empty, or a "#" comment
        return;
    }
    const line = raw.substring(0, end);
    const star = line.lastIndexOf("*");
    if (star < 0 || star !== line.length - 3) {
        return;                                        // not a device line: timeouts cover what it carried
    }
    const body = line.substring(0, star);
    if (parseInt(line.substring(star + 1), 16) !== checksum(body) || !/^[0-9A-Fa-f]{2}$/.test(line.substring(star + 1))) {
        return;
    }
    const t = body.split(" ");
    if (t[0] === "OK" || t[0] === "ERR") {
        onAnswer(t);
    } else if (t[0] === "EVT") {
        onEvent(t);
    }
}

function onAnswer(t) {
    const ok = t[0] === "OK";
    const seqText = t[1];
    if (link.phase === "hello") {
        if (seqText === String(link.helloSeq)) {
            if (ok && t[2] === "HELLO") {
                onHello(t.slice(3));
            } else if (!ok && !RETRYABLE.has(t[2])) {
                refuse("HELLO 1 was refused: " + t.slice(2).join(" "));
            }
        }
        return;
    }
    if (link.phase !== "sync" && link.phase !== "ready") {
        return;
    }
    if (ok && t[2] === "HELLO") {
        return;                                        // a late answer to a resent HELLO
    }
    // Every line is answered exactly once, in order; OVERFLOW answers lost input, not a line.
    if (!(seqText === "-" && t[2] === "OVERFLOW") && link.wire.length > 0) {
        link.wireBytes -= link.wire.shift();
    }
    const oldest = link.inFlight[0];
    if (link.stopping !== null || oldest === undefined) {
        drain();
        return;                                        // answers to lines a stop made void
    }
    const forOldest = seqText === oldest.seqText;
    if (ok) {
        if (forOldest) {
            complete(oldest, null, t);
        }
    } else {
        const code = t[2];
        if (RETRYABLE.has(code)) {
            // The number in a BAD_CHECKSUM answer cannot be trusted; an OUT_OF_ORDER for a later
            // request is what the device says about the copies before a resend.
            if (code !== "OVERFLOW" && (forOldest || seqText === "-" || code === "BAD_CHECKSUM") && link.sentCount > 0) {
                resendAll("device answered " + code);
                return;
            }
        } else if (forOldest) {
            if (code === "NO_SESSION") {
                lose("the device has no session: it restarted");
                return;
            }
            complete(oldest, "the device refused '" + oldest.text + "': " + t.slice(2).join(" "), t);
        }
    }
    drain();
}

function complete(r, error, t) {
    link.inFlight.shift();
    if (link.sentCount > 0) {
        link.sentCount--;
    }
    if (error === null) {
        if (r.verb === "SET") {
            const z = link.state.zones[r.zone];
            z.technique = r.technique;
            z.level = r.level;
            link.dirty = true;
        } else if (r.verb === "HEAT") {
            link.state.heat = r.heat;
            link.dirty = true;
        } else if (r.verb === "STATUS") {
            applyStatus(t.slice(3));
            link.target = copyState(link.state);
            if (link.phase === "sync") {
                becomeReady();
            }
        }
    } else if (r.verb === "SET") {
        const z = link.state.zones[r.zone];
        link.target.zones[r.zone] = { technique: z.technique, level: z.level };
    } else if (r.verb === "HEAT") {
        link.target.heat = link.state.heat;
    } else {
        node.warn(error);
    }
    const c = r.command;
    if (c !== null) {
        if (error !== null && c.error === null) {
            c.error = error;
        }
        c.pending--;
        if (c.pending === 0) {
            link.waiting--;
            respond(c, c.error);
        }
    }
}

function zeroState(s) {
    link.dirty = true;
    for (const id of Object.keys(s.zones)) {
        s.zones[id].level = 0;
    }
    s.heat = null;
}

function onEvent(t) {
    const kind = t[1];
    if (kind === "STOPPED") {
        if (link.phase !== "sync" && link.phase !== "ready") {
            return;                                    // the answer to the handshake's 0x18
        }
        // The device flushed whatever it had not answered.
        link.wire = [];
        link.wireBytes = 0;
        zeroState(link.state);
        if (link.stopping !== null) {
            const commands = link.stopping.commands;
            link.stopping = null;
            zeroState(link.target);
            for (const c of commands) {
                respond(c, null);
            }
            drain();
        } else {
            // §7: a stop nobody sent (line noise, or a button). The device takes whatever number
            // comes next as its count, so open the session again (HELLO restarts it) and send what
            // was unanswered again, as new requests, in order.
            node.warn("the device stopped without being asked (EVT STOPPED); handshaking again");
            event({ event: "fault", code: "unexpected-stop", message: "the device stopped without being asked" });
            const again = link.inFlight.filter(function (r) { return r.command !== null; });
            for (const r of again) {
                r.resends = 0;
            }
            link.queue = again.concat(link.queue.filter(function (r) { return r.command !== null; }));
            link.inFlight = [];
            link.sentCount = 0;
            startHandshake();
        }
    } else if (kind === "STATUS") {
        if (link.state !== null) {
            applyStatus(t.slice(2));
        }
    } else if (kind === "FAULT") {
        const message = t.slice(3).join(" ");
        node.warn("device fault " + t[2] + ": " + message);
        event({ event: "fault", code: t[2], message: message });
    } else if (kind === "OVERTEMP") {
        node.warn("device over-temperature cut-off at " + t[2] + " °C");
        event({ event: "fault", code: "over-temperature", message: "the heater cut off at " + t[2] + " °C" });
    } else if (kind === "BUTTON") {
        event({ event: "button", button: t[2] });
    }
}

// ---- commands ----

function notReady(c) {
    respond(c, "device '" + DEVICE + "' is not connected (" + (link.portOpen ? "handshake not finished"
        : "serial port " + env.get("SERIAL_PORT") + " is not open") + "); retrying");
}

function onCommand(c) {
    if (link.phase !== "ready") {
        return notReady(c);
    }
    if (c.kind === "off") {
        return onOff(c);
    }
    if (MAX_WAITING > 0 && link.waiting >= MAX_WAITING) {
        return publish("/response", Object.assign({ status: "busy", error: DEVICE + " is busy: " + link.waiting
            + " commands are waiting for it; send this one again shortly" },
            c.transaction !== undefined ? { transaction: c.transaction } : {}), false);
    }
    const steps = link.profile.steps;
    const requests = [];
    for (const z of c.zones) {
        const target = link.target.zones[z.zone];
        const technique = z.technique !== undefined ? z.technique : target.technique;
        const level = z.intensity !== undefined ? toLevel(z.intensity, steps) : target.level;
        target.technique = technique;
        target.level = level;
        const r = request("SET", "SET " + z.zone + " " + technique + " " + level, c);
        r.zone = z.zone;
        r.technique = technique;
        r.level = level;
        requests.push(r);
    }
    if (c.heat !== undefined) {
        link.target.heat = c.heat;
        const r = request("HEAT", c.heat === null ? "HEAT OFF" : "HEAT " + c.heat, c);
        r.heat = c.heat;
        requests.push(r);
    }
    c.pending = requests.length;
    c.error = null;
    link.waiting++;
    for (const r of requests) {
        link.queue.push(r);
    }
    drain();
}

// power OFF: the real-time stop (§7), ahead of everything queued. Requests sent but not answered
// are void (the device flushes them) and queued ones are dropped: their commands are answered as
// cancelled. OFF is answered ok when the device confirms with EVT STOPPED.
function onOff(c) {
    const cancelled = "cancelled by power OFF before the device acknowledged it";
    const seen = new Set();
    for (const list of [link.inFlight, link.queue]) {
        for (const r of list) {
            if (r.command !== null && !seen.has(r.command)) {
                seen.add(r.command);
                link.waiting--;
                respond(r.command, cancelled);
            }
        }
    }
    link.inFlight = [];
    link.queue = [];
    link.sentCount = 0;
    zeroState(link.target);
    if (link.stopping === null) {
        link.stopping = { commands: [c], sentAt: Date.now(), resends: 0 };
        link.out = STOP_BYTE;                          // nothing else may go before it
        armAckTimer();
    } else {
        link.stopping.commands.push(c);                // one EVT STOPPED answers them all
    }
}

// ---- status of the nodes around us ----

function onStatus(status) {
    const open = status.fill === "green";
    if (status.source.type === "serial in") {
        if (open && !link.portOpen) {
            link.portOpen = true;
            startHandshake();
        } else if (!open && link.portOpen) {
            link.portOpen = false;
            lose("serial port " + env.get("SERIAL_PORT") + " closed");
        }
    } else if (open) {
        // (Re)connected to the broker, which may have published our last will meanwhile.
        setAvailability(link.phase === "ready");
        if (link.phase === "ready") {
            publishState(true);
        }
    }
}

link.handle = function (msg) {
    if (msg.status !== undefined) {
        onStatus(msg.status);
    } else if (msg.topic === "command") {
        onCommand(msg.command);
    } else if (typeof msg.payload === "string") {
        onLine(msg.payload);
    }
    flush();
};

context.set("link", link);
