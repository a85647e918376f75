/* rx.c - see rx.h. The only code that runs in the receive interrupt. */
#include "rx.h"
#include "board.h"
#include "fw_config.h"

#define STOP_BYTE 0x18

#if RX_SIZE > 255
typedef uint16_t rx_index;
#else
typedef uint8_t rx_index;
#endif

static volatile uint8_t ring[RX_SIZE];
static volatile rx_index head;
static volatile rx_index count;
static volatile uint8_t stop_flag;
static volatile uint8_t overflow_flag;

void fw_rx_byte(uint8_t byte) {
    if (byte == STOP_BYTE) {
        /* before anything is buffered: the outputs first, then the buffer is void */
        board_all_off();
        count = 0;
        overflow_flag = 0; /* input before the stop is void, its loss too */
        stop_flag = 1;
        return;
    }
    if (count == RX_SIZE) {
        overflow_flag = 1;
        return;
    }
    ring[(rx_index) ((head + count) % RX_SIZE)] = byte;
    count++;
}

int16_t rx_take(void) {
    int16_t b = -1;
    board_irq_off();
    if (count > 0) {
        b = ring[head];
        head = (rx_index) ((head + 1) % RX_SIZE);
        count--;
    }
    board_irq_on();
    return b;
}

uint8_t rx_take_stop(void) {
    uint8_t s;
    board_irq_off();
    s = stop_flag;
    stop_flag = 0;
    board_irq_on();
    return s;
}

uint8_t rx_pending(void) {
    return count != 0;
}

uint8_t rx_stop_pending(void) {
    return stop_flag;
}

uint8_t rx_take_overflow(void) {
    uint8_t o;
    board_irq_off();
    o = overflow_flag;
    overflow_flag = 0;
    board_irq_on();
    return o;
}
