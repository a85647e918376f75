/* device.c - see device.h */
#include "device.h"
#include "board.h"
#include "fw_names.h"
#include "rx.h"

static uint8_t technique[ZONES];
static uint8_t level[ZONES];
static uint8_t heat_target; /* 0 = off */
static uint8_t heater_on;
static uint8_t locked_out;  /* after a cut-off, until the plate cools below RELEASE_TENTHS */

/*
 * Writes the state to the outputs, unless a real-time stop arrived that the main loop has not
 * handled yet: the interrupt already turned everything off and nothing may turn it back on.
 */
static void apply(void) {
    uint8_t i;
    board_irq_off();
    if (!rx_stop_pending()) {
        for (i = 0; i < ZONES; i++) {
            board_zone(i, technique[i], level[i]);
        }
        board_heater(heater_on);
    }
    board_irq_on();
}

static uint8_t first_technique(uint8_t zone) {
    uint8_t t;
    for (t = 0; t < TECHNIQUES; t++) {
        if (board_zone_techniques[zone] & (1u << t)) {
            return t;
        }
    }
    return 0;
}

void device_init(void) {
    uint8_t i;
    for (i = 0; i < ZONES; i++) {
        technique[i] = first_technique(i);
        level[i] = 0;
    }
    heat_target = 0;
    heater_on = 0;
    board_all_off();
}

void device_all_off(void) {
    uint8_t i;
    for (i = 0; i < ZONES; i++) {
        level[i] = 0;
    }
    heat_target = 0;
    heater_on = 0;
    board_all_off();
}

uint8_t device_active(void) {
    uint8_t i;
    for (i = 0; i < ZONES; i++) {
        if (level[i]) {
            return 1;
        }
    }
    return heat_target != 0;
}

void device_status(status_t *st) {
    uint8_t i;
    for (i = 0; i < ZONES; i++) {
        st->technique[i] = technique[i];
        st->level[i] = level[i];
    }
    st->heat = heat_target;
    st->temp = board_temperature();
}

static uint8_t refuse(answer_t *a, uint8_t code, uint8_t detail, uint8_t x, uint8_t y) {
    a->kind = A_ERR;
    a->code = code;
    a->detail = detail;
    a->a = x;
    a->b = y;
    return !rx_stop_pending();
}

static void regulate(int16_t t) {
    if (!heat_target || t == TEMP_NONE) {
        heater_on = 0;
    } else if (t < heat_target * 10 - HEAT_HYSTERESIS_TENTHS) {
        heater_on = 1;
    } else if (t >= heat_target * 10) {
        heater_on = 0;
    }
}

/*
 * Changes the state and the outputs with the receive interrupt held off, unless a stop is pending:
 * once the interrupt has turned everything off, nothing that arrived before the stop turns it back on.
 */
static uint8_t commit(uint8_t verb, uint8_t zone, uint8_t tech, uint8_t lvl, uint8_t heat) {
    uint8_t ok = 0;
    int16_t t = verb == V_HEAT ? board_temperature() : TEMP_NONE;
    board_irq_off();
    if (!rx_stop_pending()) {
        ok = 1;
        if (verb == V_SET) {
            technique[zone] = tech;
            level[zone] = lvl;
            board_zone(zone, tech, lvl);
        } else if (verb == V_HEAT) {
            heat_target = heat;
            regulate(t);
            board_heater(heater_on);
        } else if (verb == V_HEAT_OFF) {
            heat_target = 0;
            heater_on = 0;
            board_heater(0);
        }
    }
    board_irq_on();
    return ok;
}

uint8_t device_execute(const request_t *r, answer_t *a) {
    uint8_t z;
    a->kind = A_OK;
    switch (r->verb) {
    case V_HELLO:
        a->kind = A_HELLO;
        break;
    case V_SET:
        z = zone_on_board(r->zone);
        if (z == NO_ZONE) {
            return refuse(a, E_BAD_ARG, D_ZONE_ABSENT, r->zone, 0);
        }
        if (!(board_zone_techniques[z] & (1u << r->technique))) {
            return refuse(a, E_BAD_ARG, D_TECH_UNSUPPORTED, r->zone, r->technique);
        }
        if (r->level > STEPS) {
            return refuse(a, E_BAD_ARG, D_LEVEL_ABOVE, r->level, 0);
        }
        return commit(V_SET, z, r->technique, r->level, 0);
    case V_HEAT:
        if (r->value < HEAT_MIN || r->value > HEAT_MAX) {
            return refuse(a, E_BAD_ARG, D_HEAT_RANGE, (uint8_t) r->value, 0);
        }
        if (locked_out) {
            return refuse(a, E_OVERTEMP, D_LOCKED_OUT, 0, 0);
        }
        return commit(V_HEAT, 0, 0, 0, (uint8_t) r->value);
    case V_HEAT_OFF:
        return commit(V_HEAT_OFF, 0, 0, 0, 0);
    case V_STOP:
        device_all_off(); /* turning off is never wrong, stop pending or not */
        break;
    case V_STATUS:
        a->kind = A_STATUS;
        device_status(&a->st);
        break;
    default: /* PING */
        break;
    }
    return !rx_stop_pending();
}

uint8_t device_heat_tick(int16_t *temp) {
    int16_t t = board_temperature();
    uint8_t tripped = 0;
    if (t == TEMP_NONE) {
        heater_on = 0;
    } else {
        if (locked_out && t < RELEASE_TENTHS) {
            locked_out = 0;
        }
        if (t >= CUTOFF_TENTHS && (heat_target || heater_on)) {
            heat_target = 0;
            locked_out = 1;
            tripped = 1;
            *temp = t;
        }
        regulate(t);
    }
    apply();
    return tripped;
}
