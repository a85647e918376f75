/*
 * session.h - sequence numbers, duplicates and the answer memory (protocol.md section 6), the
 * session the watchdog guards (section 8). Dialect-independent: a decoder hands it lines, it hands
 * answers to fw_answer().
 */
#ifndef SESSION_H
#define SESSION_H

#include <stdint.h>
#include "proto.h"

/* One decoded line: a request, or the refusal its decoding produced (a final code). */
typedef struct {
    uint16_t seq;     /* SEQ_NONE when typed */
    uint8_t valid;    /* req holds a request; otherwise err holds the refusal */
    uint8_t hello;    /* the verb is HELLO (handled first, even when refused: section 6 rule 1) */
    request_t req;
    answer_t err;
} line_t;

void session_init(void);
/* Applies section 6 to a line whose framing and checksum were good, answers it. */
void session_handle(line_t *l, uint8_t dialect);
/* Answers at once without executing or remembering (framing, checksum, overflow refusals). */
void session_refuse(uint16_t seq, uint8_t code, uint8_t detail, uint8_t a, uint8_t b, uint8_t dialect);
/* A request passed framing and checksum: the watchdog starts over. */
void session_feed(void);
/* The real-time stop: the next sequenced request sets the count; answers stay remembered. */
void session_expect_any(void);
/* Ends the session when the watchdog ran out; returns 1 if it did (the caller sends the events). */
uint8_t session_watchdog(uint32_t now);

uint8_t session_open(void);
uint8_t session_dialect(void);

#endif
