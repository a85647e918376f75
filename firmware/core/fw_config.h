/*
 * fw_config.h - what this firmware announces and how big its buffers are.
 *
 * The device profile is shiatsu-4zone (core/src/main/resources/dev/solemate/profiles): four zones,
 * 5 intensity steps, a 35-45 degree heater, 15-minute sessions. Everything here is a compile-time
 * constant so that a port to another board only edits this file and its board_*.c.
 */
#ifndef FW_CONFIG_H
#define FW_CONFIG_H

#include <stdint.h>

#ifndef FW_VERSION
#define FW_VERSION "ref-0.1.0"
#endif
#ifndef FW_MODEL
#define FW_MODEL "solemate-ref"
#endif
#ifndef FW_SERIAL
#define FW_SERIAL "REF-0001"
#endif
#define FW_PROFILE "shiatsu-4zone"

/* protocol.md section 3: rx is the receive buffer announced in HELLO (at least 66: 64 + \r\n). */
#ifndef RX_SIZE
#define RX_SIZE 128
#endif
/* protocol.md section 2: a request line holds at most 64 bytes before its \r\n. */
#define LINE_MAX 64
/* protocol-binary.md Limits: request frames up to 16 bytes after unstuffing, start byte excluded. */
#define FRAME_MAX 16
/* protocol.md section 6: answers of at least the last 16 executed requests. */
#define REMEMBERED 16
/* protocol.md section 8: the watchdog, announced as hb=. */
#ifndef HB_MS
#define HB_MS 1000u
#endif

/* The zones of this board, in the order STATUS lists them. */
#define ZONES 4
#define STEPS 5
#define HEAT_MIN 35
#define HEAT_MAX 45
#define SESSION_MIN 15

/* Heater cut-off (protocol.md section 5): off and locked out at 46.0, released below 40.0. */
#define CUTOFF_TENTHS 460
#define RELEASE_TENTHS 400
/* The heater regulates around its target with this hysteresis, in tenths of a degree. */
#define HEAT_HYSTERESIS_TENTHS 5
/* How often the heater and the temperature are looked at, in milliseconds. */
#define HEAT_PERIOD_MS 25u

#endif
