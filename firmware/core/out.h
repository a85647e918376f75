/*
 * out.h - writes one device line or frame straight to the UART, computing its checksum on the
 * way, so that even the 250-byte HELLO answer needs no buffer. In counting mode nothing is sent:
 * the binary dialect measures a payload first to write its LEN.
 */
#ifndef OUT_H
#define OUT_H

#include <stdint.h>

void out_text_begin(void);
void out_text_end(void);                 /* "*HH\n" */
void out_frame_begin(uint8_t cmd, uint8_t seq, uint8_t len);
void out_frame_end(void);                /* CRC, big-endian */
void out_count_begin(void);
uint16_t out_count_end(void);

void out_c(uint8_t c);
void out_s(const char *flash_string);
void out_u(uint16_t v);
void out_tenths(int16_t tenths);         /* "25.2", "-3.0" */
void out_u16be(uint16_t v);              /* binary fields */

#endif
