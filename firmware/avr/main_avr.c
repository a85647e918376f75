/*
 * main_avr.c - the ATmega328P firmware: the core's main loop, sleeping when there is nothing to do.
 * The stack is painted at reset (.init1) so that tools can read its high-water mark
 * (tools/budget.sh, sim/harness.c "stack").
 */
#include <avr/interrupt.h>
#include <avr/io.h>
#include <stdint.h>
#include "../core/fw.h"
#include "board_avr.h"

#define STACK_PAINT 0xC5

extern uint8_t _end;
extern uint8_t __stack;

void paint_stack(void) __attribute__((naked, used, section(".init1")));
void paint_stack(void) {
    uint8_t *p = &_end;
    while (p <= &__stack) {
        *p++ = STACK_PAINT;
    }
}

int main(void) {
    board_init();
    sei();
    fw_init();
    for (;;) {
        fw_poll();
        board_idle();
    }
}
