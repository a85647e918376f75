/*
 * solemate.ino - the Solemate reference firmware as an Arduino sketch for an Uno (ATmega328P).
 *
 * The protocol core is the same C as firmware/core; `make -C firmware arduino` copies it into this
 * sketch's src/ folder, which the Arduino IDE compiles with the sketch. This file is only the board:
 * Arduino's analogWrite, digitalWrite, analogRead and millis, plus the one thing Arduino's Serial
 * cannot do, a receive interrupt that picks the real-time stop byte (0x18) off the input before it
 * is buffered (docs/protocol.md section 7). Serial is therefore not used at all.
 *
 * Pin map (docs/firmware.md):
 *   toes D5, ball D6, arch D9, heel D10   motor drivers, PWM (analogWrite)
 *   heater D8                             relay or MOSFET, on/off
 *   temperature A0                        LM35, 10 mV per degree, 1.1 V internal reference
 *   power button D2, mode button D4       to ground, internal pull-ups
 *   UART D0/D1                            115200 8N1
 */
#include <avr/interrupt.h>
#include <avr/io.h>

extern "C" {
#include "src/board.h"
#include "src/fw.h"
#include "src/fw_config.h"
#include "src/fw_names.h"
#include "src/rx.h"
}

static const uint8_t ZONE_PINS[ZONES] = {5, 6, 9, 10};
static const uint8_t HEATER_PIN = 8;
static const uint8_t POWER_PIN = 2;
static const uint8_t MODE_PIN = 4;
static const uint32_t BAUD_RATE = 115200;

static volatile uint8_t tx[64];
static volatile uint8_t tx_head, tx_count;
static uint8_t buttons_stable, buttons_last;
static uint32_t buttons_since;

ISR(USART_RX_vect) {
    fw_rx_byte(UDR0);
}

ISR(USART_UDRE_vect) {
    if (tx_count) {
        UDR0 = tx[tx_head];
        tx_head = (uint8_t) ((tx_head + 1) % sizeof tx);
        tx_count--;
    } else {
        UCSR0B &= (uint8_t) ~_BV(UDRIE0);
    }
}

extern "C" void board_uart_put(uint8_t byte) {
    while (tx_count == sizeof tx) {
    }
    uint8_t sreg = SREG;
    cli();
    tx[(uint8_t) ((tx_head + tx_count) % sizeof tx)] = byte;
    tx_count++;
    UCSR0B |= _BV(UDRIE0);
    SREG = sreg;
}

extern "C" uint32_t board_millis(void) {
    return millis();
}

extern "C" void board_zone(uint8_t zone, uint8_t technique, uint8_t level) {
    (void) technique; /* one mode per motor on this board */
    analogWrite(ZONE_PINS[zone], (int) (((uint16_t) level * 255u + STEPS / 2) / STEPS));
}

extern "C" void board_heater(uint8_t on) {
    digitalWrite(HEATER_PIN, on ? HIGH : LOW);
}

/* Called from the receive interrupt too: digitalWrite disconnects the PWM and drives the pin low. */
extern "C" void board_all_off(void) {
    for (uint8_t i = 0; i < ZONES; i++) {
        digitalWrite(ZONE_PINS[i], LOW);
    }
    digitalWrite(HEATER_PIN, LOW);
}

extern "C" int16_t board_temperature(void) {
    return (int16_t) (((uint32_t) analogRead(A0) * 1100u) / 1024u);
}

extern "C" uint8_t board_buttons(void) {
    uint8_t now = (uint8_t) ((digitalRead(POWER_PIN) == LOW ? BUTTON_POWER : 0) | (digitalRead(MODE_PIN) == LOW ? BUTTON_MODE : 0));
    if (now != buttons_last) {
        buttons_last = now;
        buttons_since = millis();
    } else if (millis() - buttons_since >= 5) {
        buttons_stable = now;
    }
    return buttons_stable;
}

extern "C" void board_irq_off(void) {
    cli();
}

extern "C" void board_irq_on(void) {
    sei();
}

void setup() {
    uint16_t ubrr = (uint16_t) ((F_CPU + 4u * BAUD_RATE) / (8u * BAUD_RATE) - 1u);
    for (uint8_t i = 0; i < ZONES; i++) {
        digitalWrite(ZONE_PINS[i], LOW);
        pinMode(ZONE_PINS[i], OUTPUT);
    }
    digitalWrite(HEATER_PIN, LOW);
    pinMode(HEATER_PIN, OUTPUT);
    pinMode(POWER_PIN, INPUT_PULLUP);
    pinMode(MODE_PIN, INPUT_PULLUP);
    analogReference(INTERNAL);
    UBRR0H = (uint8_t) (ubrr >> 8);
    UBRR0L = (uint8_t) ubrr;
    UCSR0A = _BV(U2X0);
    UCSR0C = _BV(UCSZ01) | _BV(UCSZ00);
    UCSR0B = _BV(RXEN0) | _BV(TXEN0) | _BV(RXCIE0);
    fw_init();
}

void loop() {
    fw_poll();
}
