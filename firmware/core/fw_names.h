/*
 * fw_names.h - the vocabulary of the protocol (zones, techniques, error codes) and this board's
 * zones; tables in flash, indexes everywhere else.
 */
#ifndef FW_NAMES_H
#define FW_NAMES_H

#include <stdint.h>
#include "fw_config.h"

/* Wire zones, in protocol-binary.md order. */
enum { Z_TOES, Z_BALL, Z_ARCH, Z_HEEL, Z_ANKLE, Z_CALF, WIRE_ZONES };
/* Techniques, in protocol-binary.md order. */
enum { T_KNEAD, T_ROLL, T_PRESS, T_VIBRATE, T_COMPRESS, TECHNIQUES };

/* Error codes; the values are the binary dialect's NAK codes. */
enum {
    E_BAD_CHECKSUM = 1, E_NO_CHECKSUM, E_BAD_SYNTAX, E_UNKNOWN_VERB, E_BAD_ARG, E_TOO_LONG,
    E_OVERFLOW, E_OUT_OF_ORDER, E_STALE, E_NO_SESSION, E_OVERTEMP, E_UNSUPPORTED_VERSION
};

/* Buttons (board_buttons bits). */
#define BUTTON_POWER 0x01
#define BUTTON_MODE 0x02
#define BUTTONS 2

#define NO_ZONE 0xFF

/* The wire zone of each board zone, and the techniques each can do (bit i = technique i). */
extern const uint8_t board_zone_wire[ZONES];
extern const uint8_t board_zone_techniques[ZONES];

/* Board zone index of a wire zone, NO_ZONE when this board does not have it. */
uint8_t zone_on_board(uint8_t wire_zone);

/* Names in flash; NUL-terminated. */
const char *zone_name(uint8_t wire_zone);
const char *technique_name(uint8_t technique);
const char *error_name(uint8_t code);
const char *button_name(uint8_t index);

/*
 * Looks a word (not NUL-terminated, n bytes, any case) up in a table of names; returns its index
 * or 0xFF.
 */
uint8_t name_lookup(const char *word, uint8_t n, const char *const *table, uint8_t count);
extern const char *const zone_names[WIRE_ZONES];
extern const char *const technique_names[TECHNIQUES];

/* Error codes the host resends (protocol.md section 4). */
uint8_t error_retryable(uint8_t code);

#endif
