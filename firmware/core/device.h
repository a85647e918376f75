/*
 * device.h - the massager itself: what each zone and the heater are set to, executing requests
 * (protocol.md section 3), the heater's regulation and over-temperature cut-off (section 5).
 */
#ifndef DEVICE_H
#define DEVICE_H

#include <stdint.h>
#include "proto.h"

void device_init(void);
/*
 * Executes a decoded request; fills the answer (OK, HELLO, STATUS or a final ERR). Returns 0, having
 * changed nothing, when a real-time stop arrived while the request was being handled: the request is
 * void (protocol.md section 7).
 */
uint8_t device_execute(const request_t *r, answer_t *a);
/* Every zone to level 0 and the heater off, and the outputs with them. */
void device_all_off(void);
/* 1 when any zone runs or the heater has a target. */
uint8_t device_active(void);
void device_status(status_t *st);
/*
 * Regulates the heater; returns 1 when the cut-off just tripped (the caller sends EVT OVERTEMP
 * and EVT STATUS), with the temperature that tripped it in *temp.
 */
uint8_t device_heat_tick(int16_t *temp);

#endif
