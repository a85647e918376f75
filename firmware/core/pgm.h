/*
 * pgm.h - constant strings and tables live in flash on the AVR (2 KB of RAM would not hold them);
 * elsewhere these macros are plain C.
 */
#ifndef PGM_H
#define PGM_H

#ifdef __AVR__
#include <avr/pgmspace.h>
#define FLASH PROGMEM
#define F_STR(s) PSTR(s)
#define flash_byte(p) pgm_read_byte(p)
#else
#include <stdint.h>
#define FLASH
#define F_STR(s) (s)
#define flash_byte(p) (*(const uint8_t *) (p))
#endif

#endif
