/*
 * fw.c - the main loop's pass: the real-time stop's aftermath (protocol.md section 7), overflow
 * (section 9), framing of both dialects, the watchdog (section 8), the heater (section 5), buttons.
 */
#include "fw.h"
#include "binary.h"
#include "board.h"
#include "device.h"
#include "fw_names.h"
#include "lines.h"
#include "out.h"
#include "pgm.h"
#include "rx.h"
#include "session.h"
#include "text.h"

#define START_BYTE 0xA5

static uint32_t last_heat_ms;
static uint32_t last_ms;
static uint8_t one_line;
static uint8_t buttons_before;

/* Events go in the dialect of the last session (text before any). */
static void event(uint8_t ev, uint16_t arg) {
    if (session_dialect() == DIALECT_BINARY) {
        binary_event(ev, arg);
    } else {
        text_event(ev, arg);
    }
}

void fw_answer(const answer_t *a, uint8_t dialect) {
    if (rx_stop_pending()) {
        return; /* lines that arrived before a stop are never answered (protocol.md section 7) */
    }
    if (dialect == DIALECT_BINARY) {
        binary_answer(a);
    } else {
        text_answer(a);
    }
}

void fw_init(void) {
    const char *banner = F_STR("# Solemate reference firmware " FW_VERSION " (" FW_PROFILE ") ready\n");
    uint8_t c;
    device_init();
    session_init();
    lines_reset();
    binary_reset();
    last_heat_ms = board_millis();
    buttons_before = 0;
    while ((c = flash_byte(banner)) != 0) {
        board_uart_put(c);
        banner++;
    }
}

void fw_one_line_per_poll(uint8_t on) {
    one_line = on;
}

/* One byte of input to whichever framing it belongs to; 1 when it completed a text line. */
static uint8_t framing(uint8_t c) {
    if (binary_active()) {
        binary_feed(c);
    } else if (c == START_BYTE && lines_idle()) {
        binary_start();
    } else if (session_open() && session_dialect() == DIALECT_BINARY) {
        /* protocol-binary.md Resynchronisation: outside a frame, bytes up to a start byte are dropped */
    } else {
        return lines_feed(c);
    }
    return 0;
}

static void stopped(void) {
    device_all_off();
    lines_reset();
    binary_reset();
    session_expect_any();
    event(EV_STOPPED, 0);
}

static void buttons(void) {
    uint8_t now = board_buttons(), pressed = (uint8_t) (now & ~buttons_before), i;
    buttons_before = now;
    for (i = 0; i < BUTTONS; i++) {
        if (pressed & (1u << i)) {
            event(EV_BUTTON, i);
            if ((1u << i) == BUTTON_POWER && device_active()) {
                /* the unit's own power button stops it, whatever the host wants */
                device_all_off();
                event(EV_STATUS, 0);
            }
        }
    }
}

void fw_poll(void) {
    uint8_t batch[8], n, i, done = 0;
    int16_t temp;
    uint32_t now;
    if (rx_take_stop()) {
        stopped();
    }
    while (!done) {
        /*
         * Before each batch, so OVERFLOW precedes the answer to any line completed after the loss: a
         * dropped byte arrived after every byte taken out of the ring before it was dropped.
         */
        if (rx_overflow_flag && rx_take_overflow()) {
            session_refuse(SEQ_NONE, E_OVERFLOW, D_OVERFLOW, 0, 0, session_dialect());
        }
        /* one critical section for several bytes; one at a time when a line at a time is asked for */
        n = rx_take_some(batch, one_line ? 1 : sizeof batch);
        if (n == 0) {
            break;
        }
        for (i = 0; i < n; i++) {
            if (rx_stop_flag) {
                done = 1; /* the rest arrived before the stop: void */
                break;
            }
            if (framing(batch[i]) && one_line) {
                done = 1;
                break;
            }
        }
    }
    if (rx_take_stop()) {
        stopped();
    }
    now = board_millis();
    if (now == last_ms) {
        return; /* the clock has not moved: nothing below can have changed (saves a pass per byte) */
    }
    last_ms = now;
    if (session_watchdog(now)) {
        device_all_off();
        event(EV_WATCHDOG, 0);
        event(EV_STATUS, 0);
    }
    if ((uint32_t) (now - last_heat_ms) >= HEAT_PERIOD_MS) {
        last_heat_ms = now;
        if (device_heat_tick(&temp)) {
            event(EV_OVERTEMP, (uint16_t) temp);
            event(EV_STATUS, 0);
        }
    }
    buttons();
}

uint8_t fw_idle(void) {
    return !rx_pending() && !rx_stop_pending();
}
