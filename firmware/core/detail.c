/* detail.c - see detail.h */
#include "detail.h"
#include "fw_names.h"
#include "out.h"
#include "pgm.h"

static const char verbs_expected[] FLASH = " (expected one of HELLO, SET, HEAT, STOP, STATUS, PING)";

static void hex2(uint8_t v) {
    static const char hex[] FLASH = "0123456789ABCDEF";
    out_c(flash_byte(hex + (v >> 4)));
    out_c(flash_byte(hex + (v & 15)));
}

static void board_zones(void) {
    uint8_t i;
    for (i = 0; i < ZONES; i++) {
        if (i) {
            out_c(',');
        }
        out_s(zone_name(board_zone_wire[i]));
    }
}

void detail_write(const answer_t *a) {
    switch (a->detail) {
    case D_CK_MISMATCH:
        out_s(F_STR("checksum "));
        hex2(a->a);
        out_s(F_STR(" does not match the line (computed "));
        hex2(a->b);
        out_c(')');
        break;
    case D_CK_MALFORMED:
        out_s(F_STR("checksum after '*' is not two hex digits"));
        break;
    case D_TYPED_IN_SESSION:
        out_s(F_STR("a host session is open; typed lines are refused until it ends"));
        break;
    case D_SEQ_NO_CK:
        out_s(F_STR("request has no checksum (expected *HH at the end)"));
        break;
    case D_TOO_LONG:
        out_s(F_STR("line longer than 64 bytes"));
        break;
    case D_OVERFLOW:
        out_s(F_STR("receive buffer full; input lost"));
        break;
    case D_BAD_BYTE:
        out_s(F_STR("line has a byte that is not printable ASCII"));
        break;
    case D_SEQ_RANGE:
        out_s(F_STR("not a sequence number (expected 0 to 9999, no leading zero)"));
        break;
    case D_NO_VERB:
        out_s(F_STR("no verb"));
        out_s(verbs_expected);
        break;
    case D_UNKNOWN_VERB:
        out_s(F_STR("unknown verb"));
        out_s(verbs_expected);
        break;
    case D_ARITY:
        switch (a->a) {
        case V_HELLO: out_s(F_STR("HELLO takes 1 argument (expected HELLO <version>)")); break;
        case V_SET: out_s(F_STR("SET takes 3 arguments (expected SET <zone> <technique> <level>)")); break;
        case V_HEAT: out_s(F_STR("HEAT takes 1 argument (expected HEAT <celsius> or HEAT OFF)")); break;
        case V_STOP: out_s(F_STR("STOP takes no arguments")); break;
        case V_STATUS: out_s(F_STR("STATUS takes no arguments")); break;
        default: out_s(F_STR("PING takes no arguments")); break;
        }
        break;
    case D_NUMBER:
        out_s(a->a == V_SET ? F_STR("level is not a number from 0 to 100")
              : a->a == V_HEAT ? F_STR("celsius is not a number from 0 to 99")
                               : F_STR("version is not a number"));
        break;
    case D_NO_SUCH_ZONE:
        out_s(F_STR("no such zone (expected toes, ball, arch, heel, ankle or calf)"));
        break;
    case D_NO_SUCH_TECHNIQUE:
        out_s(F_STR("no such technique (expected knead, roll, press, vibrate or compress)"));
        break;
    case D_ZONE_ABSENT:
        out_s(F_STR("zone "));
        out_s(zone_name(a->a));
        out_s(F_STR(" is not on this board (it has "));
        board_zones();
        out_c(')');
        break;
    case D_TECH_UNSUPPORTED:
        out_s(F_STR("zone "));
        out_s(zone_name(a->a));
        out_s(F_STR(" cannot "));
        out_s(technique_name(a->b));
        break;
    case D_LEVEL_ABOVE:
        out_s(F_STR("level "));
        out_u(a->a);
        out_s(F_STR(" is above "));
        out_u(STEPS);
        break;
    case D_HEAT_RANGE:
        out_s(F_STR("heat "));
        out_u(a->a);
        out_s(F_STR(" is outside "));
        out_u(HEAT_MIN);
        out_c('-');
        out_u(HEAT_MAX);
        break;
    case D_NO_HEATER:
        out_s(F_STR("this board has no heater"));
        break;
    case D_LOCKED_OUT:
        out_s(F_STR("heater locked out until it cools below "));
        out_tenths(RELEASE_TENTHS);
        break;
    case D_STALE:
        out_s(F_STR("answer no longer remembered"));
        break;
    case D_EXPECTED:
        out_s(F_STR("expected "));
        out_u(a->w);
        break;
    case D_NO_SESSION:
        out_s(F_STR("send HELLO first"));
        break;
    case D_VERSION:
        out_s(F_STR("this board speaks version 1"));
        break;
    case D_PAYLOAD:
        out_s(F_STR("payload length does not fit the command"));
        break;
    case D_CRC:
        out_s(F_STR("CRC does not match the frame"));
        break;
    default:
        break;
    }
}
