/* out.c - see out.h */
#include "out.h"
#include "board.h"
#include "checksum.h"
#include "pgm.h"

enum { MODE_TEXT, MODE_FRAME, MODE_COUNT };

static uint8_t mode;
static uint8_t xor_sum;
static uint16_t crc;
static uint16_t counted;

static const char hex[] FLASH = "0123456789ABCDEF";

/* protocol-binary.md Byte stuffing: A5, 18 and 7D become 7D, byte ^ 0x20. */
static void put_stuffed(uint8_t c) {
    if (c == 0xA5 || c == 0x18 || c == 0x7D) {
        board_uart_put(0x7D);
        board_uart_put((uint8_t) (c ^ 0x20));
    } else {
        board_uart_put(c);
    }
}

void out_c(uint8_t c) {
    if (mode == MODE_TEXT) {
        xor_sum ^= c;
        board_uart_put(c);
    } else if (mode == MODE_FRAME) {
        crc = crc16_step(crc, c);
        put_stuffed(c);
    } else {
        counted++;
    }
}

void out_text_begin(void) {
    mode = MODE_TEXT;
    xor_sum = 0;
}

void out_text_end(void) {
    uint8_t x = xor_sum;
    board_uart_put('*');
    board_uart_put(flash_byte(hex + (x >> 4)));
    board_uart_put(flash_byte(hex + (x & 15)));
    board_uart_put('\n');
}

void out_frame_begin(uint8_t cmd, uint8_t seq, uint8_t len) {
    board_uart_put(0xA5);
    mode = MODE_FRAME;
    crc = CRC16_INIT;
    out_c(len);
    out_c(cmd);
    out_c(seq);
}

void out_frame_end(void) {
    uint16_t c = crc;
    put_stuffed((uint8_t) (c >> 8));
    put_stuffed((uint8_t) c);
    mode = MODE_TEXT;
}

void out_count_begin(void) {
    mode = MODE_COUNT;
    counted = 0;
}

uint16_t out_count_end(void) {
    mode = MODE_TEXT;
    return counted;
}

void out_s(const char *s) {
    uint8_t c;
    while ((c = flash_byte(s)) != 0) {
        out_c(c);
        s++;
    }
}

/* Decimal by subtraction: an 8-bit MCU has no divider, and a 16-bit division costs ~200 cycles. */
void out_u(uint16_t v) {
    static const uint16_t powers[] = {10000, 1000, 100, 10};
    uint8_t i, started = 0;
    for (i = 0; i < 4; i++) {
        uint8_t d = 0;
        while (v >= powers[i]) {
            v = (uint16_t) (v - powers[i]);
            d++;
        }
        if (d || started) {
            out_c((uint8_t) ('0' + d));
            started = 1;
        }
    }
    out_c((uint8_t) ('0' + v));
}

void out_tenths(int16_t t) {
    uint16_t m;
    if (t < 0) {
        out_c('-');
        m = (uint16_t) (-(int32_t) t);
    } else {
        m = (uint16_t) t;
    }
    out_u(m / 10);
    out_c('.');
    out_c((uint8_t) ('0' + m % 10));
}

void out_u16be(uint16_t v) {
    out_c((uint8_t) (v >> 8));
    out_c((uint8_t) v);
}
