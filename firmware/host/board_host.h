/* board_host.h - what main_host.c needs from board_host.c beyond board.h. */
#ifndef BOARD_HOST_H
#define BOARD_HOST_H

#include <stdint.h>

void host_board_init(void);
uint64_t host_mono_ns(void);
void host_set_uart(int fd);
void host_flush(void);
void host_set_temperature(int16_t tenths);
void host_press(uint8_t button);

#endif
