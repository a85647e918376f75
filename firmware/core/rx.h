/*
 * rx.h - the receive side of the UART: the interrupt picks the real-time stop (0x18) off the
 * input before buffering (protocol.md section 7) and puts every other byte in a ring of RX_SIZE
 * bytes, the rx= announced in HELLO (section 9).
 */
#ifndef RX_H
#define RX_H

#include <stdint.h>
#include "fw_config.h"

#if RX_SIZE > 255
typedef uint16_t rx_index;
#else
typedef uint8_t rx_index;
#endif

#define STOP_BYTE 0x18

#if defined(__GNUC__)
#define RX_INLINE static inline __attribute__((always_inline))
#else
#define RX_INLINE static inline
#endif

/* Called by the board's UART receive interrupt for each byte. */
void fw_rx_byte(uint8_t byte);

/*
 * fw_rx_byte() in two halves for an interrupt handler that calls no function (on an AVR a call makes
 * the handler save twelve more registers, for every byte): the board turns its outputs off itself
 * when the byte is STOP_BYTE, then calls rx_isr_stopped(); any other byte goes to rx_isr_store().
 */
extern volatile uint8_t rx_ring[RX_SIZE];
extern volatile rx_index rx_head, rx_count;
extern volatile uint8_t rx_stop_flag, rx_overflow_flag;

RX_INLINE void rx_isr_stopped(void) {
    rx_count = 0;
    rx_overflow_flag = 0; /* input before the stop is void, its loss too */
    rx_stop_flag = 1;
}

RX_INLINE void rx_isr_store(uint8_t byte) {
    if (rx_count == RX_SIZE) {
        rx_overflow_flag = 1;
        return;
    }
    rx_ring[(rx_index) ((rx_head + rx_count) % RX_SIZE)] = byte;
    rx_count++;
}

/* The next buffered byte, or -1. Main loop only. */
int16_t rx_take(void);
/*
 * Up to max buffered bytes into out, in one critical section; returns how many (none while a stop is
 * pending). Main loop only.
 */
uint8_t rx_take_some(uint8_t *out, uint8_t max);
/* 1 when bytes are waiting in the buffer. */
uint8_t rx_pending(void);
/* 1 once after a real-time stop arrived (its outputs are already off). */
uint8_t rx_take_stop(void);
/* 1 while a stop has arrived that the main loop has not handled yet. */
uint8_t rx_stop_pending(void);
/* 1 once after input was dropped because the ring was full. */
uint8_t rx_take_overflow(void);

#endif
