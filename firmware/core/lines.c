/* lines.c - see lines.h */
#include "lines.h"
#include "fw_config.h"
#include "fw_names.h"
#include "proto.h"
#include "session.h"
#include "text.h"

static char line[LINE_MAX + 1]; /* + a \r that may precede the \n */
static uint8_t length;
static uint8_t discarding;

void lines_reset(void) {
    length = 0;
    discarding = 0;
}

uint8_t lines_idle(void) {
    return length == 0 && !discarding;
}

uint8_t lines_feed(uint8_t c) {
    uint8_t answered = 0;
    if (c == '\n') {
        if (discarding) {
            session_refuse(SEQ_NONE, E_TOO_LONG, D_TOO_LONG, 0, 0, DIALECT_TEXT);
            answered = 1;
        } else {
            uint8_t n = length;
            if (n > 0 && line[n - 1] == '\r') {
                n--;
            }
            if (n > 0) {
                text_line(line, n);
                answered = 1;
            }
        }
        lines_reset();
        return answered;
    }
    if (discarding) {
        return 0;
    }
    if (length == LINE_MAX + 1 || (length == LINE_MAX && c != '\r')) {
        discarding = 1;
        return 0;
    }
    line[length++] = (char) c; /* a \r not just before the \n is content, and refused by the parser */
    return 0;
}
