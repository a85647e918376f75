/* session.c - see session.h */
#include "session.h"
#include "board.h"
#include "device.h"
#include "fw.h"
#include "fw_names.h"

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

static void hello(line_t *l, uint8_t line_dialect) {
    answer_t a;
    if (l->req.value != 1) {
        /* no session is opened (or changed) by a HELLO the board cannot speak */
        session_refuse(l->seq, E_UNSUPPORTED_VERSION, D_VERSION, 0, 0, line_dialect);
        return;
    }
    open = 1;
    dialect = line_dialect;
    forget();
    expected = (uint16_t) ((l->seq + 1) % modulus());
    session_feed();
    a.seq = l->seq;
    a.kind = A_HELLO;
    remember(&a);
    fw_answer(&a, line_dialect);
}

static void typed(line_t *l, uint8_t line_dialect) {
    answer_t a;
    if (open) {
        /* a fragment of a damaged host line could look typed: never run one out of sequence */
        session_refuse(SEQ_NONE, E_NO_CHECKSUM, D_TYPED_IN_SESSION, 0, 0, line_dialect);
        return;
    }
    if (!l->valid) {
        l->err.seq = SEQ_NONE;
        fw_answer(&l->err, line_dialect);
        return;
    }
    if (l->req.verb == V_HELLO && l->req.value != 1) {
        session_refuse(SEQ_NONE, E_UNSUPPORTED_VERSION, D_VERSION, 0, 0, line_dialect);
        return;
    }
    a.seq = SEQ_NONE;
    device_execute(&l->req, &a);
    fw_answer(&a, line_dialect);
}

void session_handle(line_t *l, uint8_t line_dialect) {
    const answer_t *earlier;
    answer_t a;
    uint16_t m, behind;
    if (l->seq == SEQ_NONE) {
        typed(l, line_dialect);
        return;
    }
    if (l->valid && l->req.verb == V_HELLO) {
        hello(l, line_dialect);
        return;
    }
    if (!open) {
        session_refuse(l->seq, E_NO_SESSION, D_NO_SESSION, 0, 0, line_dialect);
        return;
    }
    earlier = recall(l->seq);
    if (earlier) {
        fw_answer(earlier, line_dialect);
        return;
    }
    m = modulus();
    if (expected != EXPECT_ANY && l->seq != expected) {
        behind = (uint16_t) ((expected + m - l->seq) % m);
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
    expected = (uint16_t) ((l->seq + 1) % m);
    if (l->valid) {
        device_execute(&l->req, &a);
    } else {
        a = l->err; /* a final refusal consumes the number and is remembered, like an execution */
    }
    a.seq = l->seq;
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
