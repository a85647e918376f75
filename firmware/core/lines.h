/*
 * lines.h - text framing (protocol.md sections 2 and 10): bytes in, lines of at most LINE_MAX
 * bytes before an optional \r and the \n out; an overlong line is discarded up to its \n and
 * answered TOO_LONG in its place, so answers stay in line order.
 */
#ifndef LINES_H
#define LINES_H

#include <stdint.h>

/* Returns 1 when c ended a line that was answered (or discarded as too long). */
uint8_t lines_feed(uint8_t c);
void lines_reset(void);
/* 1 between lines (nothing of a line received yet). */
uint8_t lines_idle(void);

#endif
