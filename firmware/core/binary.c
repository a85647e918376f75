/* binary.c - see binary.h */
#include "binary.h"
#include "checksum.h"
#include "detail.h"
#include "device.h"
#include "fw_names.h"
#include "out.h"
#include "pgm.h"
#include "session.h"

#define ESCAPE 0x7D
#define START 0xA5

enum {
    C_HELLO = 0x01, C_SET_ZONE = 0x10, C_SET_HEAT, C_HEAT_OFF, C_STOP, C_STATUS, C_PING,
    R_ACK = 0x81, R_HELLO_ACK, R_STATUS_ACK, R_NAK,
    R_EVT_STOPPED = 0x90, R_EVT_STATUS, R_EVT_BUTTON, R_EVT_OVERTEMP, R_EVT_FAULT
};

/* LEN CMD SEQ PAYLOAD CRC_HI CRC_LO, unstuffed */
static uint8_t frame[FRAME_MAX];
static uint8_t length;
static uint8_t active;
static uint8_t hunting; /* after a frame was dropped: discarding up to the next start byte */
static uint8_t escaped;

void binary_reset(void) {
    active = 0;
    hunting = 0;
    length = 0;
    escaped = 0;
}

void binary_start(void) {
    active = 1;
    hunting = 0;
    length = 0;
    escaped = 0;
}

uint8_t binary_active(void) {
    return active || hunting;
}

static void refusal(line_t *l, uint8_t code, uint8_t detail) {
    l->valid = 0;
    l->err.kind = A_ERR;
    l->err.code = code;
    l->err.detail = detail;
    l->err.a = 0;
    l->err.b = 0;
    l->err.w = 0;
}

static void decode(line_t *l) {
    uint8_t len = frame[0], cmd = frame[1];
    const uint8_t *p = frame + 3;
    request_t *r = &l->req;
    uint8_t want;
    l->valid = 1;
    l->hello = cmd == C_HELLO;
    switch (cmd) {
    case C_HELLO: r->verb = V_HELLO; want = 1; break;
    case C_SET_ZONE: r->verb = V_SET; want = 3; break;
    case C_SET_HEAT: r->verb = V_HEAT; want = 1; break;
    case C_HEAT_OFF: r->verb = V_HEAT_OFF; want = 0; break;
    case C_STOP: r->verb = V_STOP; want = 0; break;
    case C_STATUS: r->verb = V_STATUS; want = 0; break;
    case C_PING: r->verb = V_PING; want = 0; break;
    default:
        refusal(l, E_UNKNOWN_VERB, D_UNKNOWN_VERB);
        return;
    }
    if (len != want) {
        refusal(l, E_BAD_SYNTAX, D_PAYLOAD);
        return;
    }
    if (r->verb == V_HELLO || r->verb == V_HEAT) {
        r->value = p[0];
    } else if (r->verb == V_SET) {
        r->zone = p[0];
        r->technique = p[1];
        r->level = p[2];
        if (r->zone >= WIRE_ZONES) {
            refusal(l, E_BAD_ARG, D_NO_SUCH_ZONE);
        } else if (r->technique >= TECHNIQUES) {
            refusal(l, E_BAD_ARG, D_NO_SUCH_TECHNIQUE);
        } else if (r->level > 100) {
            refusal(l, E_BAD_ARG, D_NUMBER);
            l->err.a = V_SET;
        }
    }
}

static void complete(void) {
    line_t l;
    uint16_t crc = CRC16_INIT;
    uint8_t i, n = (uint8_t) (frame[0] + 3);
    for (i = 0; i < n; i++) {
        crc = crc16_step(crc, frame[i]);
    }
    l.seq = frame[2];
    if (crc != (uint16_t) (frame[n] << 8 | frame[n + 1])) {
        session_refuse(l.seq, E_BAD_CHECKSUM, D_CRC, 0, 0, DIALECT_BINARY);
        return;
    }
    session_feed();
    decode(&l);
    session_handle(&l, DIALECT_BINARY);
}

void binary_feed(uint8_t c) {
    if (c == START) {
        binary_start(); /* a start byte mid-frame abandons the partial frame */
        return;
    }
    if (hunting) {
        if (c == '\n' && session_dialect() == DIALECT_TEXT) {
            hunting = 0; /* outside a binary session, text lines resume after the next \n */
        }
        return;
    }
    if (c == ESCAPE) {
        escaped = 1;
        return;
    }
    if (escaped) {
        c ^= 0x20;
        escaped = 0;
    }
    frame[length++] = c;
    if (length == 1 && frame[0] + 5 > FRAME_MAX) {
        /* LEN too large: dropped without an answer; nothing more is read as this frame */
        binary_reset();
        hunting = 1;
        return;
    }
    if (length >= 3 && length == frame[0] + 5) {
        active = 0;
        complete();
        length = 0;
    }
}

/* ------------------------------------------------------------------ answers and events */

static void status_payload(const status_t *st) {
    uint8_t i;
    out_c(st->heat);
    out_u16be(st->temp == TEMP_NONE ? 0x8000u : (uint16_t) st->temp);
    out_c(ZONES);
    for (i = 0; i < ZONES; i++) {
        out_c(board_zone_wire[i]);
        out_c(st->technique[i]);
        out_c(st->level[i]);
    }
}

static void string0(const char *flash_string) {
    out_s(flash_string);
    out_c(0);
}

static void hello_payload(void) {
    uint8_t i;
    out_c(1);
    out_u16be(RX_SIZE);
    out_u16be(HB_MS);
    out_c(STEPS);
    out_c(HEAT_MIN);
    out_c(HEAT_MAX);
    out_c(SESSION_MIN);
    out_c(ZONES);
    for (i = 0; i < ZONES; i++) {
        out_c(board_zone_wire[i]);
        out_c(board_zone_techniques[i]);
    }
    string0(F_STR(FW_MODEL));
    string0(F_STR(FW_VERSION));
    string0(F_STR(FW_SERIAL));
    string0(F_STR(FW_PROFILE));
}

static void answer_payload(const answer_t *a) {
    if (a->kind == A_HELLO) {
        hello_payload();
    } else if (a->kind == A_STATUS) {
        status_payload(&a->st);
    } else if (a->kind == A_ERR) {
        out_c(a->code);
        out_c(a->seq == SEQ_NONE ? 1 : 0);
        detail_write(a);
    }
}

void binary_answer(const answer_t *a) {
    static const uint8_t cmd[] = {R_ACK, R_HELLO_ACK, R_STATUS_ACK, R_NAK};
    uint8_t len;
    out_count_begin();
    answer_payload(a);
    len = (uint8_t) out_count_end();
    out_frame_begin(cmd[a->kind], (uint8_t) (a->seq == SEQ_NONE ? 0 : a->seq), len);
    answer_payload(a);
    out_frame_end();
}

static void event_payload(uint8_t event, uint16_t arg) {
    status_t st;
    switch (event) {
    case EV_STATUS:
        device_status(&st);
        status_payload(&st);
        break;
    case EV_BUTTON:
        out_s(button_name((uint8_t) arg));
        break;
    case EV_OVERTEMP:
        out_u16be(arg);
        break;
    case EV_WATCHDOG:
        out_s(F_STR("WATCHDOG"));
        out_c(0);
        out_s(F_STR("no request for "));
        out_u(HB_MS);
        out_s(F_STR(" ms; everything stopped"));
        break;
    default:
        break;
    }
}

void binary_event(uint8_t event, uint16_t arg) {
    static const uint8_t cmd[] = {R_EVT_STOPPED, R_EVT_STATUS, R_EVT_BUTTON, R_EVT_OVERTEMP, R_EVT_FAULT};
    uint8_t len;
    out_count_begin();
    event_payload(event, arg);
    len = (uint8_t) out_count_end();
    out_frame_begin(cmd[event], 0, len);
    event_payload(event, arg);
    out_frame_end();
}
