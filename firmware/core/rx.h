/*
 * rx.h - the receive side of the UART: the interrupt picks the real-time stop (0x18) off the
 * input before buffering (protocol.md section 7) and puts every other byte in a ring of RX_SIZE
 * bytes, the rx= announced in HELLO (section 9).
 */
#ifndef RX_H
#define RX_H

#include <stdint.h>

/* Called by the board's UART receive interrupt for each byte. */
void fw_rx_byte(uint8_t byte);

/* The next buffered byte, or -1. Main loop only. */
int16_t rx_take(void);
/* 1 when bytes are waiting in the buffer. */
uint8_t rx_pending(void);
/* 1 once after a real-time stop arrived (its outputs are already off). */
uint8_t rx_take_stop(void);
/* 1 while a stop has arrived that the main loop has not handled yet. */
uint8_t rx_stop_pending(void);
/* 1 once after input was dropped because the ring was full. */
uint8_t rx_take_overflow(void);

#endif
