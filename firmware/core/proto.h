/*
 * proto.h - the messages of protocol.md, independent of their spelling: a decoded request, the
 * answer to one (small enough that 16 of them fit in RAM, yet enough to send the same bytes again),
 * and the events a device sends by itself.
 */
#ifndef PROTO_H
#define PROTO_H

#include <stdint.h>
#include "board.h"
#include "fw_config.h"

#define SEQ_NONE 0xFFFFu /* "-": typed, or not readable */

enum { V_HELLO, V_SET, V_HEAT, V_HEAT_OFF, V_STOP, V_STATUS, V_PING };

typedef struct {
    uint8_t verb;
    uint8_t zone;      /* SET: wire zone */
    uint8_t technique; /* SET */
    uint8_t level;     /* SET: 0..100 */
    uint16_t value;    /* HEAT: celsius; HELLO: version */
} request_t;

/* What the device is doing: one technique and level per board zone, heat target, temperature. */
typedef struct {
    uint8_t technique[ZONES];
    uint8_t level[ZONES];
    uint8_t heat;  /* target in degrees, 0 = off */
    int16_t temp;  /* tenths of a degree, TEMP_NONE when not measured */
} status_t;

enum { A_OK, A_HELLO, A_STATUS, A_ERR };

/* The sentence that explains an ERR, with its arguments in answer_t.a/.b/.w. */
enum {
    D_NONE, D_CK_MISMATCH, D_CK_MALFORMED, D_TYPED_IN_SESSION, D_SEQ_NO_CK, D_TOO_LONG, D_OVERFLOW,
    D_BAD_BYTE, D_SEQ_RANGE, D_NO_VERB, D_UNKNOWN_VERB, D_ARITY, D_NUMBER, D_NO_SUCH_ZONE,
    D_NO_SUCH_TECHNIQUE, D_ZONE_ABSENT, D_TECH_UNSUPPORTED, D_LEVEL_ABOVE, D_HEAT_RANGE,
    D_NO_HEATER, D_LOCKED_OUT, D_STALE, D_EXPECTED, D_NO_SESSION, D_VERSION, D_PAYLOAD, D_CRC
};

typedef struct {
    uint16_t seq;   /* SEQ_NONE: "-" */
    uint8_t kind;   /* A_* */
    uint8_t code;   /* A_ERR: E_* */
    uint8_t detail; /* A_ERR: D_* */
    uint8_t a, b;   /* detail arguments */
    uint16_t w;
    status_t st;    /* A_STATUS: the status as it was answered */
} answer_t;

enum { EV_STOPPED, EV_STATUS, EV_BUTTON, EV_OVERTEMP, EV_WATCHDOG };

enum { DIALECT_TEXT, DIALECT_BINARY };

#endif
