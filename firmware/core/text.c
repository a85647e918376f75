/* text.c - see text.h. protocol.md sections 2 to 5 and 10. */
#include "text.h"
#include "checksum.h"
#include "detail.h"
#include "device.h"
#include "fw_names.h"
#include "out.h"
#include "pgm.h"
#include "session.h"

#define MAX_TOKENS 5

typedef struct {
    const char *p;
    uint8_t n;
} token_t;

static uint8_t is_digits(const token_t *t) {
    uint8_t i;
    for (i = 0; i < t->n; i++) {
        if (t->p[i] < '0' || t->p[i] > '9') {
            return 0;
        }
    }
    return t->n > 0;
}

/*
 * A number of at most 5 digits, no leading zero (protocol.md section 2), up to 65535, into *value;
 * returns 0 when the token is not one.
 */
static uint8_t number(const token_t *t, uint16_t *value) {
    uint32_t v = 0;
    uint8_t i;
    if (!is_digits(t) || t->n > 5 || (t->n > 1 && t->p[0] == '0')) {
        return 0;
    }
    for (i = 0; i < t->n; i++) {
        v = v * 10 + (uint32_t) (t->p[i] - '0');
    }
    if (v > 65535u) {
        return 0;
    }
    *value = (uint16_t) v;
    return 1;
}

/* Cuts at spaces; keeps the first MAX_TOKENS tokens, returns how many there were. */
static uint8_t split(const char *s, uint8_t n, token_t *tokens) {
    uint8_t count = 0, i = 0;
    while (i < n) {
        while (i < n && s[i] == ' ') {
            i++;
        }
        if (i == n) {
            break;
        }
        if (count < MAX_TOKENS) {
            tokens[count].p = s + i;
            tokens[count].n = 0;
        }
        while (i < n && s[i] != ' ') {
            if (count < MAX_TOKENS) {
                tokens[count].n++;
            }
            i++;
        }
        count++; /* counted beyond MAX_TOKENS: more than any verb takes, an arity error */
    }
    return count;
}

static const char v_hello[] FLASH = "hello";
static const char v_set[] FLASH = "set";
static const char v_heat[] FLASH = "heat";
static const char v_stop[] FLASH = "stop";
static const char v_status[] FLASH = "status";
static const char v_ping[] FLASH = "ping";
static const char *const verb_names[] = {v_hello, v_set, v_heat, v_stop, v_status, v_ping};
static const uint8_t verb_ids[] = {V_HELLO, V_SET, V_HEAT, V_STOP, V_STATUS, V_PING};
static const uint8_t verb_arity[] = {1, 3, 1, 0, 0, 0};
static const char w_off[] FLASH = "off";
static const char *const off_name[] = {w_off};

static void refusal(line_t *l, uint8_t code, uint8_t detail, uint8_t a) {
    l->valid = 0;
    l->err.kind = A_ERR;
    l->err.code = code;
    l->err.detail = detail;
    l->err.a = a;
    l->err.b = 0;
    l->err.w = 0;
}

/*
 * protocol.md section 10 step 11: the verb and its arguments (the tokens after the sequence number;
 * body is the content before the checksum). Sets l->hello when the verb is HELLO, even if refused.
 */
static void decode(line_t *l, const char *body, uint8_t body_n, const token_t *t, uint8_t count) {
    uint8_t v, i;
    uint16_t value;
    request_t *r = &l->req;
    l->valid = 0;
    l->hello = 0;
    if (count > 0 && name_lookup(t[0].p, t[0].n, verb_names, 1) == 0) {
        l->hello = 1;
    }
    for (i = 0; i < body_n; i++) {
        if ((uint8_t) body[i] < 0x20 || (uint8_t) body[i] > 0x7E) {
            refusal(l, E_BAD_SYNTAX, D_BAD_BYTE, 0);
            return;
        }
    }
    if (count == 0) {
        refusal(l, E_BAD_SYNTAX, D_NO_VERB, 0);
        return;
    }
    v = name_lookup(t[0].p, t[0].n, verb_names, 6);
    if (v == 0xFF) {
        refusal(l, E_UNKNOWN_VERB, D_UNKNOWN_VERB, 0);
        return;
    }
    r->verb = verb_ids[v];
    if (count - 1 != verb_arity[v]) {
        refusal(l, E_BAD_SYNTAX, D_ARITY, r->verb);
        return;
    }
    l->valid = 1;
    switch (r->verb) {
    case V_HELLO:
        if (!number(&t[1], &r->value) || r->value > 255) {
            refusal(l, E_BAD_ARG, D_NUMBER, V_HELLO);
        }
        break;
    case V_SET:
        r->zone = name_lookup(t[1].p, t[1].n, zone_names, WIRE_ZONES);
        r->technique = name_lookup(t[2].p, t[2].n, technique_names, TECHNIQUES);
        if (r->zone == 0xFF) {
            refusal(l, E_BAD_ARG, D_NO_SUCH_ZONE, 0);
        } else if (r->technique == 0xFF) {
            refusal(l, E_BAD_ARG, D_NO_SUCH_TECHNIQUE, 0);
        } else if (!number(&t[3], &value) || value > 100) {
            refusal(l, E_BAD_ARG, D_NUMBER, V_SET);
        } else {
            r->level = (uint8_t) value;
        }
        break;
    case V_HEAT:
        if (name_lookup(t[1].p, t[1].n, off_name, 1) == 0) {
            r->verb = V_HEAT_OFF;
        } else if (!number(&t[1], &r->value) || r->value > 99) {
            refusal(l, E_BAD_ARG, D_NUMBER, V_HEAT);
        }
        break;
    default:
        break;
    }
}

/* protocol.md section 10, steps 6 to 11, in that order. */
void text_line(const char *s, uint8_t n) {
    token_t t[MAX_TOKENS];
    line_t l;
    uint8_t count, body_n, numbered, i, hi, lo, x;
    uint16_t seq = SEQ_NONE;

    /* 6. split: the checksum after the last '*', the sequence field is the first token */
    for (body_n = n; body_n > 0 && s[body_n - 1] != '*'; body_n--) {
    }
    body_n = body_n > 0 ? (uint8_t) (body_n - 1) : n; /* n: no '*' */
    count = split(s, body_n, t);
    numbered = count > 0 && is_digits(&t[0]);
    if (numbered && t[0].n <= 4 && !(t[0].n > 1 && t[0].p[0] == '0')) {
        seq = 0;
        for (i = 0; i < t[0].n; i++) {
            seq = (uint16_t) (seq * 10 + (uint16_t) (t[0].p[i] - '0'));
        }
    }
    if (body_n < n) {
        /* 7. the checksum: exactly two hex digits ending the line, the XOR of the body */
        if (n - body_n != 3 || (hi = hex_value(s[body_n + 1])) == 0xFF || (lo = hex_value(s[body_n + 2])) == 0xFF) {
            session_refuse(seq, E_BAD_CHECKSUM, D_CK_MALFORMED, 0, 0, DIALECT_TEXT);
            return;
        }
        x = xor_checksum(s, body_n);
        if (x != (uint8_t) (hi << 4 | lo)) {
            session_refuse(seq, E_BAD_CHECKSUM, D_CK_MISMATCH, (uint8_t) (hi << 4 | lo), x, DIALECT_TEXT);
            return;
        }
    } else if (session_open() || numbered) {
        /* 8. no checksum: a host line that lost it, or anything unchecked during a session */
        session_refuse(SEQ_NONE, E_NO_CHECKSUM, numbered ? D_SEQ_NO_CK : D_TYPED_IN_SESSION, 0, 0, DIALECT_TEXT);
        return;
    }
    l.seq = seq;
    if (numbered) {
        if (seq == SEQ_NONE) {
            /* 9. numbered, but not a sequence number (a leading zero, more than 4 digits) */
            session_refuse(SEQ_NONE, E_BAD_SYNTAX, D_SEQ_RANGE, 0, 0, DIALECT_TEXT);
            return;
        }
        /* 10. a valid request: it feeds the watchdog, whatever its answer */
        session_feed();
        decode(&l, s, body_n, t + 1, (uint8_t) (count - 1));
    } else {
        if (session_open()) {
            session_refuse(SEQ_NONE, E_NO_CHECKSUM, D_TYPED_IN_SESSION, 0, 0, DIALECT_TEXT);
            return;
        }
        decode(&l, s, body_n, t, count); /* a typed line */
    }
    session_handle(&l, DIALECT_TEXT); /* 10-11: the rules of section 6, then execution */
}

/* ------------------------------------------------------------------ answers and events */

static void seq_text(uint16_t seq) {
    if (seq == SEQ_NONE) {
        out_c('-');
    } else {
        out_u(seq);
    }
}

static void status_fields(const status_t *st) {
    uint8_t i;
    for (i = 0; i < ZONES; i++) {
        out_s(zone_name(board_zone_wire[i]));
        out_c('=');
        out_s(technique_name(st->technique[i]));
        out_c(':');
        out_u(st->level[i]);
        out_c(' ');
    }
    out_s(F_STR("heat="));
    if (st->heat) {
        out_u(st->heat);
    } else {
        out_s(F_STR("off"));
    }
    if (st->temp != TEMP_NONE) {
        out_s(F_STR(" temp="));
        out_tenths(st->temp);
    }
}

static void hello_fields(void) {
    uint8_t i, t, first;
    out_s(F_STR("proto=1 model=" FW_MODEL " fw=" FW_VERSION " sn=" FW_SERIAL " rx="));
    out_u(RX_SIZE);
    out_s(F_STR(" hb="));
    out_u(HB_MS);
    out_s(F_STR(" profile=" FW_PROFILE " zones="));
    for (i = 0; i < ZONES; i++) {
        if (i) {
            out_c(',');
        }
        out_s(zone_name(board_zone_wire[i]));
        out_c(':');
        first = 1;
        for (t = 0; t < TECHNIQUES; t++) {
            if (board_zone_techniques[i] & (1u << t)) {
                if (!first) {
                    out_c('+');
                }
                out_s(technique_name(t));
                first = 0;
            }
        }
    }
    out_s(F_STR(" steps="));
    out_u(STEPS);
    out_s(F_STR(" heat="));
    out_u(HEAT_MIN);
    out_c('-');
    out_u(HEAT_MAX);
    out_s(F_STR(" session="));
    out_u(SESSION_MIN);
}

void text_answer(const answer_t *a) {
    out_text_begin();
    if (a->kind == A_ERR) {
        out_s(F_STR("ERR "));
        seq_text(a->seq);
        out_c(' ');
        out_s(error_name(a->code));
        if (a->detail != D_NONE) {
            out_c(' ');
            detail_write(a);
        }
    } else {
        out_s(F_STR("OK "));
        seq_text(a->seq);
        if (a->kind == A_HELLO) {
            out_s(F_STR(" HELLO "));
            hello_fields();
        } else if (a->kind == A_STATUS) {
            out_s(F_STR(" STATUS "));
            status_fields(&a->st);
        }
    }
    out_text_end();
}

void text_event(uint8_t event, uint16_t arg) {
    status_t st;
    out_text_begin();
    switch (event) {
    case EV_STOPPED:
        out_s(F_STR("EVT STOPPED"));
        break;
    case EV_STATUS:
        out_s(F_STR("EVT STATUS "));
        device_status(&st);
        status_fields(&st);
        break;
    case EV_BUTTON:
        out_s(F_STR("EVT BUTTON "));
        out_s(button_name((uint8_t) arg));
        break;
    case EV_OVERTEMP:
        out_s(F_STR("EVT OVERTEMP "));
        out_tenths((int16_t) arg);
        break;
    default:
        out_s(F_STR("EVT FAULT WATCHDOG no request for "));
        out_u(HB_MS);
        out_s(F_STR(" ms; everything stopped"));
        break;
    }
    out_text_end();
}
