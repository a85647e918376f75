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
/* 1 when fw_poll() has nothing to do until the next byte or millisecond. */
uint8_t fw_idle(void);

/* Sends an answer in a dialect (used by the session layer). */
void fw_answer(const answer_t *a, uint8_t dialect);

#endif
