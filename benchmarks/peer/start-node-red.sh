#!/usr/bin/env bash
# Starts the peer flow (issue 15's benchmark): Node-RED 4.1 with settings.js and flows.json, the broker
# on 127.0.0.1:<mqtt-port>, the massager on <serial-path>. Run `npm ci` in this folder once first.
#
#   benchmarks/peer/start-node-red.sh <mqtt-port> <serial-path>
#
# The script execs Node-RED, so the PID the caller started is Node-RED's node process itself (sample
# /proc/<pid>/status and /proc/<pid>/stat for its RSS and CPU; SIGTERM stops it cleanly).
# Environment:
#   PEER_HTTP_PORT    the read-only editor's port on 127.0.0.1 (default: a free one); "none": headless
#   PEER_USER_DIR     Node-RED's user directory (default: a new dir under $TMPDIR or /tmp, a few KB that
#                     this script cannot remove since it execs Node-RED: pass one to clean it up yourself)
#   PEER_MAX_WAITING  commands waiting for the device before "busy" answers (default 64, 0 = no limit)
#   PEER_LOG_LEVEL    console log level (default warn)
#   PEER_NODE_OPTIONS extra options for node (e.g. --max-old-space-size=64)
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 <mqtt-port> <serial-path>" >&2
  exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
red="$here/node_modules/node-red/red.js"
if [ ! -f "$red" ]; then
  echo "$0: Node-RED is not installed: run (cd $here && npm ci) first" >&2
  exit 1
fi
case "$1" in
  ''|*[!0-9]*) echo "$0: the MQTT port must be a number, got '$1'" >&2; exit 2 ;;
esac
export MQTT_PORT="$1"
export SERIAL_PORT="$2"
if [ -z "${PEER_HTTP_PORT:-}" ]; then
  PEER_HTTP_PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
fi
export PEER_HTTP_PORT
export PEER_USER_DIR="${PEER_USER_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/solemate-peer-node-red.XXXXXX")}"
# shellcheck disable=SC2086
exec node ${PEER_NODE_OPTIONS:-} "$red" --settings "$here/settings.js" --userDir "$PEER_USER_DIR"
