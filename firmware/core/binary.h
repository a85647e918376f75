/*
 * binary.h - the binary dialect (protocol-binary.md): frames A5 LEN CMD SEQ PAYLOAD CRC, stuffed,
 * with the same session rules as the text dialect.
 */
#ifndef BINARY_H
#define BINARY_H

#include <stdint.h>
#include "proto.h"

void binary_reset(void);
/* A start byte arrived: a frame begins (a partial one is abandoned). */
void binary_start(void);
/* 1 while a frame is being received. */
uint8_t binary_active(void);
void binary_feed(uint8_t c);

void binary_answer(const answer_t *a);
void binary_event(uint8_t event, uint16_t arg);

#endif
