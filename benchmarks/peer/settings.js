/**
 * Node-RED settings for the peer of issue 15's benchmark: the flow in flows.json, run the way a careful
 * user runs Node-RED on a home server, but confined to this machine and to a throw-away user directory.
 *
 * Environment (start-node-red.sh sets them):
 *   MQTT_PORT        the broker's port on 127.0.0.1 (read by the flow's mqtt-broker node)
 *   SERIAL_PORT      the massager's serial port (read by the flow's serial-port node)
 *   PEER_USER_DIR    Node-RED's user directory (a temp dir; nothing is written into the repository)
 *   PEER_HTTP_PORT   the editor's port on 127.0.0.1; "none" runs Node-RED headless (no HTTP server)
 *   PEER_LOG_LEVEL   console log level, default warn
 */
"use strict";

const net = require("net");
const os = require("os");
const path = require("path");

// Nagle's algorithm off for every TCP client Node-RED opens (here: the MQTT broker link).
// MQTT.js calls net.createConnection({port, host}) and never sets TCP_NODELAY, so a small PUBLISH
// written while the previous one is not yet acknowledged at the TCP level waits for that ACK: on
// Linux the delayed ACK makes that ~40 ms (measured: 42.7 ms p50 /set -> /response with it on,
// about 1 ms with it off). A user who measured would turn it off; setNoDelay before connect is
// remembered by Node and applied once the socket connects. The serial port has no Nagle.
for (const name of ["createConnection", "connect"]) {
    const original = net[name];
    net[name] = function noDelayConnect(...args) {
        const socket = original.apply(this, args);
        socket.setNoDelay(true);
        return socket;
    };
}

const httpPort = process.env.PEER_HTTP_PORT || "none";
const headless = httpPort === "none";

module.exports = {
    // The checked-in flow, read in place. The editor below is read-only, so a deploy can never
    // rewrite it; Node-RED's own files (.config.*.json) go to the temp user directory.
    flowFile: path.join(__dirname, "flows.json"),
    flowFilePretty: true,
    userDir: process.env.PEER_USER_DIR || path.join(os.tmpdir(), "solemate-peer-node-red"),
    // The flow has no credentials (anonymous broker); no key is derived or written.
    credentialSecret: false,

    // Loopback only. "none": no HTTP server at all (headless); otherwise the editor and admin API on
    // 127.0.0.1, read-only for everybody (to look at the flow and its node status while it runs).
    uiHost: "127.0.0.1",
    uiPort: headless ? 0 : parseInt(httpPort, 10),
    httpAdminRoot: headless ? false : "/",
    httpNodeRoot: false,
    adminAuth: headless ? undefined : {
        type: "credentials",
        users: [],
        default: { permissions: "read" },
    },
    disableEditor: headless,
    editorTheme: { tours: false },

    // node-red-node-serialport retries a lost port after 15 s by default; the Solemate driver tries
    // every 250 ms (docs/protocol.md §11), and so does this flow.
    serialReconnectTime: 250,
    // The MQTT node reconnects to a lost broker after 5 s by default; 1 s as a user who tests
    // broker restarts would choose.
    mqttReconnectTime: 1000,

    // The function nodes need nothing beyond Node.js and the runtime.
    functionExternalModules: false,
    functionGlobalContext: {},
    contextStorage: { default: { module: "memory" } },
    exportGlobalContextKeys: false,
    externalModules: { autoInstall: false, palette: { allowInstall: false }, modules: { allowInstall: false } },
    diagnostics: { enabled: false, ui: false },
    runtimeState: { enabled: false, ui: false },
    telemetry: { enabled: false },

    logging: {
        console: {
            level: process.env.PEER_LOG_LEVEL || "warn",
            metrics: false,
            audit: false,
        },
    },
};
