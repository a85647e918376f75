/* checksum.c - protocol.md section 2 (XOR) and protocol-binary.md Frames (CRC). */
#include "checksum.h"

uint8_t xor_checksum(const char *s, uint8_t n) {
    uint8_t x = 0;
    while (n--) {
        x ^= (uint8_t) *s++;
    }
    return x;
}

uint16_t crc16_step(uint16_t crc, uint8_t byte) {
    uint8_t i;
    crc ^= (uint16_t) ((uint16_t) byte << 8);
    for (i = 0; i < 8; i++) {
        crc = (uint16_t) (crc & 0x8000u ? (uint16_t) (crc << 1) ^ 0x1021u : (uint16_t) (crc << 1));
    }
    return crc;
}

uint8_t hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return (uint8_t) (c - '0');
    }
    if (c >= 'A' && c <= 'F') {
        return (uint8_t) (c - 'A' + 10);
    }
    if (c >= 'a' && c <= 'f') {
        return (uint8_t) (c - 'a' + 10);
    }
    return 0xFF;
}
