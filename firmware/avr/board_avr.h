/*
 * board_avr.h - the ATmega328P board (an Arduino Uno with a motor driver shield): pin map.
 *
 *   zone toes   D5  PD5 OC0B  PWM, 976 Hz
 *   zone ball   D6  PD6 OC0A  PWM, 976 Hz
 *   zone arch   D9  PB1 OC1A  PWM, 976 Hz
 *   zone heel   D10 PB2 OC1B  PWM, 976 Hz
 *   heater      D8  PB0       on/off (a relay or MOSFET)
 *   temperature A0  ADC0      LM35 (10 mV per degree), internal 1.1 V reference
 *   power       D2  PD2       button to ground, internal pull-up
 *   mode        D4  PD4       button to ground, internal pull-up
 *   UART        D0/D1         115200 8N1 (BAUD=1000000 builds a 1 Mbaud image)
 *
 * Timer 2 ticks the millisecond clock; timers 0 and 1 make the PWM.
 */
#ifndef BOARD_AVR_H
#define BOARD_AVR_H

void board_init(void);
/* Sleeps (idle mode) until an interrupt, unless the core has work; called with interrupts on. */
void board_idle(void);

#endif
