/*
 * board_host.c - the board interface on a POSIX host: outputs become lines on stdout
 * ("ACT <actuator> <level> <board us> <CLOCK_MONOTONIC ns>"), the plate is a simple thermal model,
 * the UART is whatever file descriptor main_host.c serves (a pseudo-terminal or a TCP client).
 */
#define _POSIX_C_SOURCE 200809L
#include "board_host.h"
#include <errno.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include "../core/board.h"
#include "../core/fw_config.h"
#include "../core/fw_names.h"
#include "../core/pgm.h"

#define AMBIENT_TENTHS 250
#define BUTTON_HOLD_MS 50u

static uint8_t zone_level[ZONES];
static uint8_t heater;
static int16_t temp = AMBIENT_TENTHS;
static uint32_t temp_ms;
static uint8_t held;
static uint32_t held_until;
static int uart_fd = -1;
static uint8_t tx[4096];
static size_t tx_len;
static uint64_t start_ns;

uint64_t host_mono_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t) ts.tv_sec * 1000000000u + (uint64_t) ts.tv_nsec;
}

void host_board_init(void) {
    start_ns = host_mono_ns();
}

uint32_t board_millis(void) {
    return (uint32_t) ((host_mono_ns() - start_ns) / 1000000u);
}

static void report(const char *name, unsigned value) {
    uint64_t now = host_mono_ns();
    printf("ACT %s %u %llu %llu\n", name, value, (unsigned long long) ((now - start_ns) / 1000u),
           (unsigned long long) now);
    fflush(stdout);
}

static void zone_out(uint8_t zone, uint8_t level) {
    if (zone_level[zone] != level) {
        zone_level[zone] = level;
        report(zone_names[board_zone_wire[zone]], level);
    }
}

void board_zone(uint8_t zone, uint8_t technique, uint8_t level) {
    (void) technique;
    zone_out(zone, level);
}

void board_heater(uint8_t on) {
    if (heater != on) {
        heater = on;
        report("heater", on);
    }
}

void board_all_off(void) {
    uint8_t i;
    for (i = 0; i < ZONES; i++) {
        zone_out(i, 0);
    }
    board_heater(0);
}

/* 1 degree a second towards the target while heating, towards ambient otherwise. */
int16_t board_temperature(void) {
    uint32_t now = board_millis();
    while ((uint32_t) (now - temp_ms) >= 100u) {
        temp_ms += 100u;
        if (heater) {
            temp++;
        } else if (temp > AMBIENT_TENTHS) {
            temp--;
        } else if (temp < AMBIENT_TENTHS) {
            temp++;
        }
    }
    return temp;
}

void host_set_temperature(int16_t tenths) {
    board_temperature();
    temp = tenths;
}

uint8_t board_buttons(void) {
    if (held && (uint32_t) (board_millis() - held_until) < 0x80000000u) {
        held = 0;
    }
    return held;
}

void host_press(uint8_t button) {
    held |= button;
    held_until = board_millis() + BUTTON_HOLD_MS;
}

void host_set_uart(int fd) {
    uart_fd = fd;
    tx_len = 0;
}

void board_uart_put(uint8_t byte) {
    if (tx_len == sizeof tx) {
        host_flush();
    }
    tx[tx_len++] = byte;
}

void host_flush(void) {
    size_t off = 0;
    while (uart_fd >= 0 && off < tx_len) {
        ssize_t n = write(uart_fd, tx + off, tx_len - off);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break; /* nobody reading (a UART with no cable drops its bytes too) */
        }
        off += (size_t) n;
    }
    tx_len = 0;
}

void board_irq_off(void) {
    /* one thread: the "interrupt" never preempts the main loop */
}

void board_irq_on(void) {
}
