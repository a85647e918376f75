/* checksum.h - NMEA's XOR (text dialect) and CRC-16/CCITT-FALSE (binary dialect). */
#ifndef CHECKSUM_H
#define CHECKSUM_H

#include <stdint.h>

uint8_t xor_checksum(const char *s, uint8_t n);
uint16_t crc16_step(uint16_t crc, uint8_t byte);
#define CRC16_INIT 0xFFFFu
/* 0..15 of a hex digit in either case, or 0xFF. */
uint8_t hex_value(char c);

#endif
