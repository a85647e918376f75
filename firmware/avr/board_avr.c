/* board_avr.c - the board interface on an ATmega328P at 16 MHz; pin map in board_avr.h. */
#include "board_avr.h"
#include <avr/interrupt.h>
#include <avr/io.h>
#include <avr/sleep.h>
#include <util/atomic.h>
#include "../core/board.h"
#include "../core/fw.h"
#include "../core/fw_config.h"
#include "../core/fw_names.h"
#include "../core/rx.h"

#define TX_SIZE 64
#define DEBOUNCE_MS 5

static volatile uint32_t millis;
static volatile uint8_t buttons_stable;
static uint8_t buttons_last, buttons_same;
static volatile uint8_t tx[TX_SIZE];
static volatile uint8_t tx_head, tx_count;

/* ------------------------------------------------------------------ UART */

/* Every motor and the heater off: a handful of register writes, safe in an interrupt. */
static inline __attribute__((always_inline)) void outputs_off(void) {
    TCCR0A &= (uint8_t) ~(_BV(COM0A1) | _BV(COM0B1));
    TCCR1A &= (uint8_t) ~(_BV(COM1A1) | _BV(COM1B1));
    PORTD &= (uint8_t) ~(_BV(PD5) | _BV(PD6));
    PORTB &= (uint8_t) ~(_BV(PB0) | _BV(PB1) | _BV(PB2));
}

/* fw_rx_byte(), inlined: a handler that calls nothing saves few registers, which 1 Mbaud needs */
ISR(USART_RX_vect) {
    uint8_t b = UDR0;
    if (b == STOP_BYTE) {
        outputs_off();
        rx_isr_stopped();
    } else {
        rx_isr_store(b);
    }
}

ISR(USART_UDRE_vect) {
    if (tx_count) {
        UDR0 = tx[tx_head];
        tx_head = (uint8_t) ((tx_head + 1) % TX_SIZE);
        tx_count--;
    } else {
        UCSR0B &= (uint8_t) ~_BV(UDRIE0);
    }
}

void board_uart_put(uint8_t byte) {
    while (tx_count == TX_SIZE) {
        /* the UDRE interrupt drains it */
    }
    ATOMIC_BLOCK(ATOMIC_RESTORESTATE) {
        tx[(uint8_t) ((tx_head + tx_count) % TX_SIZE)] = byte;
        tx_count++;
        UCSR0B |= _BV(UDRIE0);
    }
}

/* ------------------------------------------------------------------ clock and buttons */

ISR(TIMER2_COMPA_vect) {
    uint8_t now = 0;
    millis++;
    if (!(PIND & _BV(PD2))) {
        now |= BUTTON_POWER;
    }
    if (!(PIND & _BV(PD4))) {
        now |= BUTTON_MODE;
    }
    if (now != buttons_last) {
        buttons_last = now;
        buttons_same = 0;
    } else if (buttons_same < DEBOUNCE_MS) {
        if (++buttons_same == DEBOUNCE_MS) {
            buttons_stable = now;
        }
    }
}

uint32_t board_millis(void) {
    uint32_t m;
    ATOMIC_BLOCK(ATOMIC_RESTORESTATE) {
        m = millis;
    }
    return m;
}

uint8_t board_buttons(void) {
    return buttons_stable;
}

/* ------------------------------------------------------------------ outputs */

/* level 0..STEPS to a PWM duty 0..255; 0 disconnects the pin from its timer and drives it low */
static uint8_t duty(uint8_t level) {
    return (uint8_t) (((uint16_t) level * 255u + STEPS / 2) / STEPS);
}

void board_zone(uint8_t zone, uint8_t technique, uint8_t level) {
    uint8_t d = duty(level);
    (void) technique; /* this board's motors have one mode; a board with mode pins sets them here */
    switch (zone) {
    case 0:
        if (d) { OCR0B = d; TCCR0A |= _BV(COM0B1); } else { TCCR0A &= (uint8_t) ~_BV(COM0B1); PORTD &= (uint8_t) ~_BV(PD5); }
        break;
    case 1:
        if (d) { OCR0A = d; TCCR0A |= _BV(COM0A1); } else { TCCR0A &= (uint8_t) ~_BV(COM0A1); PORTD &= (uint8_t) ~_BV(PD6); }
        break;
    case 2:
        if (d) { OCR1A = d; TCCR1A |= _BV(COM1A1); } else { TCCR1A &= (uint8_t) ~_BV(COM1A1); PORTB &= (uint8_t) ~_BV(PB1); }
        break;
    default:
        if (d) { OCR1B = d; TCCR1A |= _BV(COM1B1); } else { TCCR1A &= (uint8_t) ~_BV(COM1B1); PORTB &= (uint8_t) ~_BV(PB2); }
        break;
    }
}

void board_heater(uint8_t on) {
    if (on) {
        PORTB |= _BV(PB0);
    } else {
        PORTB &= (uint8_t) ~_BV(PB0);
    }
}

void board_all_off(void) {
    outputs_off();
}

/* ------------------------------------------------------------------ temperature */

/* LM35: 10 mV per degree, so with the 1.1 V reference a reading is 1100/1024 tenths of a degree */
int16_t board_temperature(void) {
    uint16_t adc;
    ADCSRA |= _BV(ADSC);
    while (ADCSRA & _BV(ADSC)) {
    }
    adc = ADC;
    return (int16_t) (((uint32_t) adc * 1100u) / 1024u);
}

/* ------------------------------------------------------------------ the rest */

void board_irq_off(void) {
    cli();
}

void board_irq_on(void) {
    sei();
}

void board_init(void) {
    uint16_t ubrr = (uint16_t) ((F_CPU + 4u * BAUD) / (8u * BAUD) - 1u);
    /* outputs low before they are outputs */
    PORTB &= (uint8_t) ~(_BV(PB0) | _BV(PB1) | _BV(PB2));
    PORTD &= (uint8_t) ~(_BV(PD5) | _BV(PD6));
    DDRB |= _BV(PB0) | _BV(PB1) | _BV(PB2);
    DDRD |= _BV(PD5) | _BV(PD6);
    PORTD |= _BV(PD2) | _BV(PD4); /* button pull-ups */
    /* timer 0: fast PWM, /64 (976 Hz); timer 1: 8-bit fast PWM, /64 */
    TCCR0A = _BV(WGM01) | _BV(WGM00);
    TCCR0B = _BV(CS01) | _BV(CS00);
    TCCR1A = _BV(WGM10);
    TCCR1B = _BV(WGM12) | _BV(CS11) | _BV(CS10);
    /* timer 2: CTC at 1 kHz (16 MHz / 64 / 250) */
    TCCR2A = _BV(WGM21);
    TCCR2B = _BV(CS22);
    OCR2A = 249;
    TIMSK2 = _BV(OCIE2A);
    /* ADC0, internal 1.1 V reference, /128 (125 kHz) */
    ADMUX = _BV(REFS1) | _BV(REFS0);
    ADCSRA = _BV(ADEN) | _BV(ADPS2) | _BV(ADPS1) | _BV(ADPS0);
    /* UART: double speed, 8N1, receive interrupt */
    UBRR0H = (uint8_t) (ubrr >> 8);
    UBRR0L = (uint8_t) ubrr;
    UCSR0A = _BV(U2X0);
    UCSR0C = _BV(UCSZ01) | _BV(UCSZ00);
    UCSR0B = _BV(RXEN0) | _BV(TXEN0) | _BV(RXCIE0);
    SMCR = 0; /* sleep mode idle: timers and the UART keep running */
}

void board_idle(void) {
    cli();
    if (fw_idle()) {
        sleep_enable();
        sei(); /* the instruction after sei runs first: no interrupt is lost between here and sleep */
        sleep_cpu();
        sleep_disable();
    }
    sei();
}
