#!/usr/bin/env node
// Writes flows.json from the function sources in flow/, so the JavaScript can be read and reviewed as
// JavaScript. flows.json is what Node-RED runs and what a user would import into the editor.
//   node build-flows.js           write flows.json
//   node build-flows.js --check   exit 1 if flows.json is not what the sources give
"use strict";
const fs = require("fs");
const path = require("path");

const BASE_TOPIC = "peer";
const DEVICE_NAME = "d";
const T = BASE_TOPIC + "/" + DEVICE_NAME;
const src = (name) => fs.readFileSync(path.join(__dirname, "flow", name), "utf8");

const tab = "peer-tab";
const flows = [
    {
        id: tab, type: "tab", label: "Solemate peer: one massager on MQTT", disabled: false,
        info: "The flow a home-automation user would build instead of Solemate's MQTT bridge (issue 15's "
            + "benchmark peer). See README.md next to this file.",
        env: [
            { name: "BASE_TOPIC", value: BASE_TOPIC, type: "str" },
            { name: "DEVICE_NAME", value: DEVICE_NAME, type: "str" },
        ],
    },
    {
        id: "about", type: "comment", z: tab, name: "One massager on " + T + "/#: read me",
        info: "Commands on " + T + "/set (JSON: zones, heat, power OFF, transaction) are checked, turned into "
            + "Solemate protocol v1 requests (docs/protocol.md) and answered on " + T + "/response once the device "
            + "acknowledged them. " + T + "/state (retained) follows what the device acknowledged; "
            + T + "/availability is online after the handshake. Broker port: env MQTT_PORT; serial port: env "
            + "SERIAL_PORT.",
        x: 200, y: 40, wires: [],
    },
    {
        id: "set-in", type: "mqtt in", z: tab, name: "commands", topic: T + "/set", qos: "1", datatype: "utf8",
        broker: "broker", nl: false, rap: true, rh: 0, inputs: 0, x: 110, y: 120, wires: [["check-command"]],
    },
    {
        id: "check-command", type: "function", z: tab, name: "check command", func: src("check-command.js"),
        outputs: 2, timeout: 0, noerr: 0, initialize: "", finalize: "", libs: [], x: 310, y: 120,
        wires: [["device-link"], ["mqtt-out"]],
        outputLabels: ["checked command", "error answer"],
    },
    {
        id: "serial-in", type: "serial in", z: tab, name: "massager lines", serial: "massager",
        x: 120, y: 200, wires: [["device-link"]],
    },
    {
        id: "serial-status", type: "status", z: tab, name: "port opened / closed", scope: ["serial-in"],
        x: 130, y: 260, wires: [["device-link"]],
    },
    {
        id: "broker-status", type: "status", z: tab, name: "broker connected", scope: ["set-in"],
        x: 120, y: 320, wires: [["device-link"]],
    },
    {
        id: "device-link", type: "function", z: tab, name: "device link",
        func: "// Every message goes to the link built in On Start (see there).\n"
            + "context.get(\"link\").handle(msg);\nreturn null;\n",
        outputs: 2, timeout: 0, noerr: 0, initialize: src("device-link.setup.js"), finalize: "", libs: [],
        x: 540, y: 200, wires: [["serial-out"], ["mqtt-out"]],
        outputLabels: ["protocol bytes", "answers, state, availability, events"],
    },
    {
        id: "serial-out", type: "serial out", z: tab, name: "massager", serial: "massager",
        x: 760, y: 180, wires: [],
    },
    {
        id: "mqtt-out", type: "mqtt out", z: tab, name: "publish", topic: "", qos: "", retain: "",
        respTopic: "", contentType: "", userProps: "", correl: "", expiry: "", broker: "broker",
        x: 750, y: 240, wires: [],
    },
    {
        id: "broker", type: "mqtt-broker", name: "broker (MQTT_PORT)", broker: "127.0.0.1", port: "${MQTT_PORT}",
        clientid: "", autoConnect: true, usetls: false, protocolVersion: "4", keepalive: "60", cleansession: true,
        autoUnsubscribe: true,
        birthTopic: "", birthQos: "0", birthRetain: "false", birthPayload: "", birthMsg: {},
        closeTopic: T + "/availability", closeQos: "1", closeRetain: "true", closePayload: "offline", closeMsg: {},
        willTopic: T + "/availability", willQos: "1", willRetain: "true", willPayload: "offline", willMsg: {},
        userProps: "", sessionExpiry: "",
    },
    {
        id: "massager", type: "serial-port", name: "massager (SERIAL_PORT)", serialport: "${SERIAL_PORT}",
        serialbaud: "115200", databits: "8", parity: "none", stopbits: "1", waitfor: "", dtr: "none", rts: "none",
        cts: "none", dsr: "none", newline: "\\n", bin: "false", out: "char", addchar: "", responsetimeout: "10000",
    },
];

const text = JSON.stringify(flows, null, 4) + "\n";
const file = path.join(__dirname, "flows.json");
if (process.argv[2] === "--check") {
    const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    if (current !== text) {
        console.error("flows.json is not what flow/*.js give: run node build-flows.js");
        process.exit(1);
    }
} else {
    fs.writeFileSync(file, text);
}
