/* rx.c - see rx.h. The only code that runs in the receive interrupt. */
#include "rx.h"
#include "board.h"
#include "fw_config.h"

volatile uint8_t rx_ring[RX_SIZE];
volatile rx_index rx_head;
volatile rx_index rx_count;
volatile uint8_t rx_stop_flag;
volatile uint8_t rx_overflow_flag;

void fw_rx_byte(uint8_t byte) {
    if (byte == STOP_BYTE) {
        board_all_off(); /* before anything is buffered: the outputs first, then the buffer is void */
        rx_isr_stopped();
        return;
    }
    rx_isr_store(byte);
}

int16_t rx_take(void) {
    int16_t b = -1;
    board_irq_off();
    if (rx_count > 0) {
        b = rx_ring[rx_head];
        rx_head = (rx_index) ((rx_head + 1) % RX_SIZE);
        rx_count--;
    }
    board_irq_on();
    return b;
}

uint8_t rx_take_some(uint8_t *out, uint8_t max) {
    uint8_t n = 0;
    board_irq_off();
    /* nothing while a stop is pending: what is in the ring now arrived after it, and is kept */
    while (n < max && rx_count > 0 && !rx_stop_flag) {
        out[n++] = rx_ring[rx_head];
        rx_head = (rx_index) ((rx_head + 1) % RX_SIZE);
        rx_count--;
    }
    board_irq_on();
    return n;
}

uint8_t rx_take_stop(void) {
    uint8_t s;
    board_irq_off();
    s = rx_stop_flag;
    rx_stop_flag = 0;
    board_irq_on();
    return s;
}

uint8_t rx_pending(void) {
    return rx_count != 0;
}

uint8_t rx_stop_pending(void) {
    return rx_stop_flag;
}

uint8_t rx_take_overflow(void) {
    uint8_t o;
    board_irq_off();
    o = rx_overflow_flag;
    rx_overflow_flag = 0;
    board_irq_on();
    return o;
}
