/*
 * text.h - the text dialect (protocol.md): a line in, checked and decoded; answers and events out.
 */
#ifndef TEXT_H
#define TEXT_H

#include <stdint.h>
#include "proto.h"

/* One request line's content, without its \r\n (framing already checked its length). */
void text_line(const char *s, uint8_t n);

void text_answer(const answer_t *a);
void text_event(uint8_t event, uint16_t arg);

#endif
