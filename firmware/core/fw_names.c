/* fw_names.c - see fw_names.h */
#include "fw_names.h"
#include "pgm.h"

const uint8_t board_zone_wire[ZONES] = {Z_TOES, Z_BALL, Z_ARCH, Z_HEEL};
#define K (1u << T_KNEAD)
#define R (1u << T_ROLL)
#define P (1u << T_PRESS)
const uint8_t board_zone_techniques[ZONES] = {K | P, K | R | P, K | R | P, K | R | P};

static const char n_toes[] FLASH = "toes";
static const char n_ball[] FLASH = "ball";
static const char n_arch[] FLASH = "arch";
static const char n_heel[] FLASH = "heel";
static const char n_ankle[] FLASH = "ankle";
static const char n_calf[] FLASH = "calf";
const char *const zone_names[WIRE_ZONES] = {n_toes, n_ball, n_arch, n_heel, n_ankle, n_calf};

static const char n_knead[] FLASH = "knead";
static const char n_roll[] FLASH = "roll";
static const char n_press[] FLASH = "press";
static const char n_vibrate[] FLASH = "vibrate";
static const char n_compress[] FLASH = "compress";
const char *const technique_names[TECHNIQUES] = {n_knead, n_roll, n_press, n_vibrate, n_compress};

static const char e1[] FLASH = "BAD_CHECKSUM";
static const char e2[] FLASH = "NO_CHECKSUM";
static const char e3[] FLASH = "BAD_SYNTAX";
static const char e4[] FLASH = "UNKNOWN_VERB";
static const char e5[] FLASH = "BAD_ARG";
static const char e6[] FLASH = "TOO_LONG";
static const char e7[] FLASH = "OVERFLOW";
static const char e8[] FLASH = "OUT_OF_ORDER";
static const char e9[] FLASH = "STALE";
static const char e10[] FLASH = "NO_SESSION";
static const char e11[] FLASH = "OVERTEMP";
static const char e12[] FLASH = "UNSUPPORTED_VERSION";
static const char *const error_names[] = {e1, e2, e3, e4, e5, e6, e7, e8, e9, e10, e11, e12};

static const char b_power[] FLASH = "power";
static const char b_mode[] FLASH = "mode";
static const char *const button_names[BUTTONS] = {b_power, b_mode};

uint8_t zone_on_board(uint8_t wire_zone) {
    uint8_t i;
    for (i = 0; i < ZONES; i++) {
        if (board_zone_wire[i] == wire_zone) {
            return i;
        }
    }
    return NO_ZONE;
}

const char *zone_name(uint8_t wire_zone) { return zone_names[wire_zone]; }
const char *technique_name(uint8_t technique) { return technique_names[technique]; }
const char *error_name(uint8_t code) { return error_names[code - 1]; }
const char *button_name(uint8_t index) { return button_names[index]; }

static uint8_t lower(uint8_t c) { return (uint8_t) (c >= 'A' && c <= 'Z' ? c + 32 : c); }

uint8_t name_lookup(const char *word, uint8_t n, const char *const *table, uint8_t count) {
    uint8_t i, k;
    for (i = 0; i < count; i++) {
        const char *name = table[i];
        for (k = 0; k < n; k++) {
            if (lower((uint8_t) word[k]) != flash_byte(name + k)) {
                break;
            }
        }
        if (k == n && flash_byte(name + n) == 0) {
            return i;
        }
    }
    return 0xFF;
}

uint8_t error_retryable(uint8_t code) {
    return code == E_BAD_CHECKSUM || code == E_NO_CHECKSUM || code == E_TOO_LONG || code == E_OVERFLOW
        || code == E_OUT_OF_ORDER;
}
