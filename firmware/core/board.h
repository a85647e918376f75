/*
 * board.h - everything the protocol core needs from a board. A port to another MCU implements
 * these functions and calls fw_rx_byte() from its UART receive interrupt and fw_poll() from its
 * main loop (docs/firmware.md, "Porting").
 */
#ifndef BOARD_H
#define BOARD_H

#include <stdint.h>

#define TEMP_NONE INT16_MIN

/* Milliseconds since start; wraps after 49 days, the core only ever subtracts. */
uint32_t board_millis(void);

/*
 * Drives one zone's motor: technique index (fw_names.h) and level 0..STEPS, 0 = stopped.
 * Called from the main loop only.
 */
void board_zone(uint8_t zone, uint8_t technique, uint8_t level);

/* Heater element on (1) or off (0). Called from the main loop only. */
void board_heater(uint8_t on);

/*
 * Every motor and the heater off, at once. Called from the UART receive interrupt (the real-time
 * stop) as well as from the main loop, so it touches nothing but the outputs.
 */
void board_all_off(void);

/* The plate temperature in tenths of a degree Celsius, or TEMP_NONE without a sensor. */
int16_t board_temperature(void);

/* Debounced buttons held down now, a bit per button (fw_names.h BUTTON_*). */
uint8_t board_buttons(void);

/* Queues one byte for the UART; waits while the transmit queue is full. */
void board_uart_put(uint8_t byte);

/* Critical sections around state the receive interrupt shares with the main loop. */
void board_irq_off(void);
void board_irq_on(void);

#endif
