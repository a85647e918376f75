/*
 * fw.h - the protocol core's entry points. A board calls fw_init() once, fw_rx_byte() (rx.h) from
 * its UART receive interrupt, and fw_poll() from its main loop as often as it can.
 */
#ifndef FW_H
#define FW_H

#include <stdint.h>
#include "proto.h"

void fw_init(void);
/* Takes what the receive buffer holds, answers it; runs the watchdog, heater and buttons. */
void fw_poll(void);
/*
 * With 1, fw_poll() returns after each line it answered, leaving the rest in the receive buffer: a
 * board (or a test) can emulate a slow main loop, which lets the buffer fill (protocol.md section 9).
 */
void fw_one_line_per_poll(uint8_t on);
/* 1 when fw_poll() has nothing to do until the next byte or millisecond. */
uint8_t fw_idle(void);

/* Sends an answer in a dialect (used by the session layer). */
void fw_answer(const answer_t *a, uint8_t dialect);

#endif
