/* session.c - see session.h */
#include "session.h"
#include "board.h"
#include "device.h"
#include "fw.h"
#include "fw_names.h"
#include "rx.h"

#define EXPECT_ANY 0xFFFFu
#define TEXT_MODULUS 10000u
#define BINARY_MODULUS 256u

static uint8_t open;
static uint8_t dialect;
static uint16_t expected;
static uint32_t last_valid_ms;

/* A ring of the last REMEMBERED answers of executed requests. */
static answer_t remembered[REMEMBERED];
static uint8_t remembered_next;

static uint16_t modulus(void) {
    return dialect == DIALECT_BINARY ? BINARY_MODULUS : TEXT_MODULUS;
}

/* (a + b) mod m for a, b < m, without a division */
static uint16_t add_mod(uint16_t a, uint16_t b, uint16_t m) {
    uint16_t r = (uint16_t) (a + b);
    return r >= m ? (uint16_t) (r - m) : r;
}

static void forget(void) {
    uint8_t i;
    for (i = 0; i < REMEMBERED; i++) {
        remembered[i].seq = SEQ_NONE;
    }
    remembered_next = 0;
}

void session_init(void) {
    open = 0;
    dialect = DIALECT_TEXT;
    expected = EXPECT_ANY;
    forget();
}

uint8_t session_open(void) { return open; }
uint8_t session_dialect(void) { return dialect; }

void session_feed(void) {
    last_valid_ms = board_millis();
}

void session_expect_any(void) {
    expected = EXPECT_ANY;
}

static void remember(const answer_t *a) {
    remembered[remembered_next] = *a;
    remembered_next = (uint8_t) ((remembered_next + 1) % REMEMBERED);
}

static const answer_t *recall(uint16_t seq) {
    uint8_t i;
    for (i = 0; i < REMEMBERED; i++) {
        if (remembered[i].seq == seq) {
            return &remembered[i];
        }
    }
    return 0;
}

void session_refuse(uint16_t seq, uint8_t code, uint8_t detail, uint8_t a, uint8_t b, uint8_t answer_dialect) {
    answer_t r;
    r.seq = seq;
    r.kind = A_ERR;
    r.code = code;
    r.detail = detail;
    r.a = a;
    r.b = b;
    r.w = 0;
    fw_answer(&r, answer_dialect);
}

/* Section 6 rule 1: handled in every state; a refused HELLO changes nothing. Never remembered. */
static void hello(line_t *l, uint8_t line_dialect) {
    answer_t a;
    if (!l->valid) {
        l->err.seq = l->seq;
        fw_answer(&l->err, line_dialect);
        return;
    }
    if (l->req.value == 0) {
        /* this board speaks version 1, and any version above asks for at least that (section 12) */
        session_refuse(l->seq, E_UNSUPPORTED_VERSION, D_VERSION, 0, 0, line_dialect);
        return;
    }
    if (rx_stop_pending()) {
        return; /* arrived before a stop that came while it was handled: void (section 7) */
    }
    open = 1;
    dialect = line_dialect;
    forget();
    expected = add_mod(l->seq, 1, modulus());
    a.seq = l->seq;
    a.kind = A_HELLO;
    fw_answer(&a, line_dialect);
}

static void typed(line_t *l, uint8_t line_dialect) {
    answer_t a;
    if (!l->valid) {
        l->err.seq = SEQ_NONE;
        fw_answer(&l->err, line_dialect);
        return;
    }
    if (l->req.verb == V_HELLO && l->req.value == 0) {
        session_refuse(SEQ_NONE, E_UNSUPPORTED_VERSION, D_VERSION, 0, 0, line_dialect);
        return;
    }
    a.seq = SEQ_NONE;
    if (device_execute(&l->req, &a)) {
        fw_answer(&a, line_dialect); /* a typed HELLO is answered too, but opens no session */
    }
}

void session_handle(line_t *l, uint8_t line_dialect) {
    const answer_t *earlier;
    answer_t a;
    uint16_t m, behind;
    if (l->seq == SEQ_NONE) {
        typed(l, line_dialect);
        return;
    }
    if (l->hello) {
        hello(l, line_dialect);
        return;
    }
    if (!open) {
        session_refuse(l->seq, E_NO_SESSION, D_NO_SESSION, 0, 0, line_dialect);
        return;
    }
    earlier = recall(l->seq);
    if (earlier) {
        fw_answer(earlier, line_dialect); /* a duplicate: the same bytes, nothing executed */
        return;
    }
    m = modulus();
    if (expected != EXPECT_ANY && l->seq != expected) {
        behind = add_mod(expected, (uint16_t) (m - l->seq), m);
        if (behind >= 1 && behind <= m / 2) {
            session_refuse(l->seq, E_STALE, D_STALE, 0, 0, line_dialect);
        } else {
            a.seq = l->seq;
            a.kind = A_ERR;
            a.code = E_OUT_OF_ORDER;
            a.detail = D_EXPECTED;
            a.w = expected;
            fw_answer(&a, line_dialect);
        }
        return;
    }
    if (l->valid) {
        if (!device_execute(&l->req, &a)) {
            return; /* a stop came while it was handled: void, not answered, not remembered */
        }
    } else {
        a = l->err; /* a final refusal consumes the number and is remembered, like an execution */
    }
    a.seq = l->seq;
    expected = add_mod(l->seq, 1, m);
    remember(&a);
    fw_answer(&a, line_dialect);
}

uint8_t session_watchdog(uint32_t now) {
    if (open && HB_MS && (uint32_t) (now - last_valid_ms) >= HB_MS) {
        open = 0;
        return 1;
    }
    return 0;
}
