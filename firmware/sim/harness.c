/*
 * harness.c - runs the ATmega328P firmware in simavr, in step with the wall clock, and bridges its
 * UART to a pseudo-terminal at the baud rate the firmware programs (the simulated UART paces every
 * byte). Actuators are reported on stdout as they change:
 *
 *   PTY <path>                                          first line: the serial port to open
 *   ACT <toes|ball|arch|heel|heater> <level> <simulated us> <CLOCK_MONOTONIC ns> duty=<0-255>
 *   STOPBYTE <simulated us> <CLOCK_MONOTONIC ns>        a 0x18 went onto the simulated wire
 *
 * Lines on stdin: "temp 46.0" (the plate temperature the LM35 on A0 reads), "button power|mode"
 * (held 50 ms), "stack" (prints "STACK <bytes used> <bytes never touched>" from the painted stack),
 * "cpu" (prints "CPU <cycles> <cycles asleep> <simulated us> <wall us>" since start, for benchmarks).
 * The harness ends when stdin ends.
 *
 *   solemate-sim FIRMWARE.elf [--link PATH]
 *   solemate-sim FIRMWARE.elf --script FILE --for-ms N
 *
 * The second form is for the resource budget: it feeds FILE's bytes to the UART as a host would,
 * runs N simulated milliseconds as fast as it can, prints the STACK line and exits.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "avr_adc.h"
#include "avr_ioport.h"
#include "avr_uart.h"
#include "sim_avr.h"
#include "sim_elf.h"
#include "sim_io.h"
#include "sim_irq.h"

#define FREQUENCY 16000000u
#define STEPS 5
#define AMBIENT_TENTHS 250
#define LEAD_CYCLES 1600u       /* the simulation may run 100 us ahead of the wall clock */
#define BATCH_CYCLES 1600u      /* then the harness looks at the pty */
#define STACK_PAINT 0xC5
#define RAMSTART 0x100

/* the AVR's data-space addresses of the registers the outputs depend on */
#define A_PINB 0x23
#define A_DDRB 0x24
#define A_PORTB 0x25
#define A_PORTD 0x2B
#define A_TCCR0A 0x44
#define A_OCR0A 0x47
#define A_OCR0B 0x48
#define A_TCCR1A 0x80
#define A_OCR1AL 0x88
#define A_OCR1BL 0x8A
#define A_UCSR0A 0xC0
#define A_UCSR0B 0xC1
#define A_UBRR0L 0xC4
#define A_UBRR0H 0xC5

static avr_t *avr;
static avr_uart_t *uart;
static int master = -1;
static uint64_t start_ns;
static uint64_t asleep_cycles; /* simulated cycles the MCU spent in sleep mode */
static uint8_t in_q[65536];
static size_t in_head, in_len;
static int xoff;
static uint8_t out_q[65536];
static size_t out_len;
static unsigned reported[5] = {0, 0, 0, 0, 0};
static int16_t temp = AMBIENT_TENTHS;
static avr_cycle_count_t temp_cycle;
static avr_cycle_count_t release_cycle[2];
static uint32_t stack_start;
static FILE *report; /* our stdout; simavr's own chatter goes to stderr */
static const char *names[5] = {"toes", "ball", "arch", "heel", "heater"};

static uint64_t mono_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t) ts.tv_sec * 1000000000u + (uint64_t) ts.tv_nsec;
}

static uint64_t sim_us(void) {
    return avr->cycle / (FREQUENCY / 1000000u);
}

/* ------------------------------------------------------------------ actuators */

static unsigned zone_duty(uint8_t com_reg, uint8_t com_bit, uint8_t ocr, uint8_t port, uint8_t pin) {
    if (avr->data[com_reg] & (1u << com_bit)) {
        return avr->data[ocr];
    }
    return avr->data[port] & (1u << pin) ? 255u : 0u;
}

static void actuators_changed(struct avr_irq_t *irq, uint32_t value, void *param) {
    unsigned duty[5];
    int i;
    (void) irq;
    (void) value;
    (void) param;
    duty[0] = zone_duty(A_TCCR0A, 5, A_OCR0B, A_PORTD, 5); /* COM0B1 */
    duty[1] = zone_duty(A_TCCR0A, 7, A_OCR0A, A_PORTD, 6); /* COM0A1 */
    duty[2] = zone_duty(A_TCCR1A, 7, A_OCR1AL, A_PORTB, 1); /* COM1A1 */
    duty[3] = zone_duty(A_TCCR1A, 5, A_OCR1BL, A_PORTB, 2); /* COM1B1 */
    duty[4] = (avr->data[A_PORTB] & avr->data[A_DDRB] & 1u) ? 255u : 0u;
    for (i = 0; i < 5; i++) {
        if (duty[i] != reported[i]) {
            unsigned level = i == 4 ? (duty[i] ? 1u : 0u) : (duty[i] * STEPS + 127u) / 255u;
            reported[i] = duty[i];
            fprintf(report, "ACT %s %u %llu %llu duty=%u\n", names[i], level, (unsigned long long) sim_us(),
                   (unsigned long long) mono_ns(), duty[i]);
            fflush(report);
        }
    }
}

static void watch(uint16_t addr) {
    avr_irq_register_notify(avr_iomem_getirq(avr, addr, NULL, AVR_IOMEM_IRQ_ALL), actuators_changed, NULL);
}

/* ------------------------------------------------------------------ UART */

static avr_cycle_count_t last_out_cycle;

static void uart_out(struct avr_irq_t *irq, uint32_t value, void *param) {
    (void) irq;
    (void) param;
    last_out_cycle = avr->cycle;
    if (out_len < sizeof out_q) {
        out_q[out_len++] = (uint8_t) value;
    }
}

static void uart_xon(struct avr_irq_t *irq, uint32_t value, void *param) {
    (void) irq;
    (void) param;
    if (value) {
        xoff = 0;
    }
}

static void uart_xoff(struct avr_irq_t *irq, uint32_t value, void *param) {
    (void) irq;
    (void) param;
    xoff = value != 0;
}

/*
 * simavr counts a parity bit in every byte even with parity off (11 bits for 8N1); a real UART
 * sends 10. The byte time is set from the firmware's UBRR the way the hardware does it.
 */
static void fix_byte_time(void) {
    uint32_t ubrr = avr->data[A_UBRR0L] | (uint32_t) (avr->data[A_UBRR0H] & 0x0F) << 8;
    uint32_t per_bit = (ubrr + 1) * 8u * ((avr->data[A_UCSR0A] & 0x02) ? 1u : 2u);
    if (uart->cycles_per_byte != per_bit * 10u) {
        uart->cycles_per_byte = per_bit * 10u;
    }
}

static void feed_uart(int polite) {
    avr_irq_t *in = avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_INPUT);
    if (!(avr->data[A_UCSR0B] & 0x10)) {
        return; /* the receiver is not on yet (the firmware is starting): the bytes wait */
    }
    /*
     * simavr's receive FIFO holds 64 bytes, a real UART 2: only as many bytes go in as the line
     * carries until the harness looks again (one batch), so a 0x18 never waits behind a FIFO that
     * the hardware does not have. A polite host (the budget's script) waits while the device answers.
     */
    unsigned depth = (unsigned) (BATCH_CYCLES / uart->cycles_per_byte) + 2u;
    while (in_len > 0 && !xoff && ((uart->input.write + 64u - uart->input.read) & 63u) < depth
           && (!polite || avr->cycle - last_out_cycle > FREQUENCY / 500u)) {
        uint8_t b = in_q[in_head];
        in_head = (in_head + 1) % sizeof in_q;
        in_len--;
        if (b == 0x18 && master >= 0) {
            fprintf(report, "STOPBYTE %llu %llu\n", (unsigned long long) sim_us(), (unsigned long long) mono_ns());
            fflush(report);
        }
        avr_raise_irq(in, b);
    }
}

static void flush_out(void) {
    size_t off = 0;
    if (master < 0) {
        out_len = 0;
        return;
    }
    while (off < out_len) {
        ssize_t n = write(master, out_q + off, out_len - off);
        if (n <= 0) {
            break; /* nobody reading: a UART with no cable loses its bytes */
        }
        off += (size_t) n;
    }
    out_len = 0;
}

/* ------------------------------------------------------------------ the plate and the buttons */

/* 1 degree a second while the heater is on, back to ambient otherwise; the LM35 gives 1 mV a tenth */
static void thermal(void) {
    avr_cycle_count_t step = FREQUENCY / 10u;
    while (avr->cycle - temp_cycle >= step) {
        temp_cycle += step;
        if (reported[4]) {
            temp++;
        } else if (temp > AMBIENT_TENTHS) {
            temp--;
        } else if (temp < AMBIENT_TENTHS) {
            temp++;
        }
        avr_raise_irq(avr_io_getirq(avr, AVR_IOCTL_ADC_GETIRQ, ADC_IRQ_ADC0), (uint32_t) (temp < 0 ? 0 : temp));
    }
}

static void button(int index, int down) {
    static const int pins[2] = {2, 4};
    avr_raise_irq(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('D'), pins[index]), down ? 0 : 1);
}

static void buttons(void) {
    int i;
    for (i = 0; i < 2; i++) {
        if (release_cycle[i] && avr->cycle >= release_cycle[i]) {
            release_cycle[i] = 0;
            button(i, 0);
        }
    }
}

static void stack_report(void) {
    uint32_t a = stack_start, end = avr->ramend;
    while (a <= end && avr->data[a] == STACK_PAINT) {
        a++;
    }
    fprintf(report, "STACK %u %u\n", end - a + 1, a - stack_start);
    fflush(report);
}

static void control(char *line) {
    char *nl = strchr(line, '\n');
    if (nl) {
        *nl = 0;
    }
    if (strncmp(line, "temp ", 5) == 0) {
        double c = atof(line + 5);
        temp = (int16_t) (c * 10 + (c < 0 ? -0.5 : 0.5));
        temp_cycle = avr->cycle;
        avr_raise_irq(avr_io_getirq(avr, AVR_IOCTL_ADC_GETIRQ, ADC_IRQ_ADC0), (uint32_t) (temp < 0 ? 0 : temp));
    } else if (strcmp(line, "button power") == 0 || strcmp(line, "button mode") == 0) {
        int i = line[7] == 'p' ? 0 : 1;
        button(i, 1);
        release_cycle[i] = avr->cycle + FREQUENCY / 20u;
    } else if (strcmp(line, "stack") == 0) {
        stack_report();
    } else if (strcmp(line, "cpu") == 0) {
        fprintf(report, "CPU %llu %llu %llu %llu\n", (unsigned long long) avr->cycle, (unsigned long long) asleep_cycles,
                (unsigned long long) sim_us(), (unsigned long long) ((mono_ns() - start_ns) / 1000u));
        fflush(report);
    } else if (line[0]) {
        fprintf(stderr, "solemate-sim: unknown control line '%s' (expected temp C, button power|mode, stack)\n", line);
    }
}

/* ------------------------------------------------------------------ setup and the loop */

static void no_sleep(avr_t *a, avr_cycle_count_t how_long) {
    (void) a;
    asleep_cycles += how_long + 1; /* the main loop keeps the simulation in step with the wall clock */
}

static void open_pty(const char *link) {
    struct termios t;
    const char *name;
    int slave;
    master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0 || (name = ptsname(master)) == NULL) {
        perror("solemate-sim: pseudo-terminal");
        exit(1);
    }
    slave = open(name, O_RDWR | O_NOCTTY); /* held open: a host closing its end is not an end of file */
    if (slave < 0 || tcgetattr(slave, &t) != 0) {
        perror("solemate-sim: pseudo-terminal slave");
        exit(1);
    }
    cfmakeraw(&t);
    tcsetattr(slave, TCSANOW, &t);
    fcntl(master, F_SETFL, O_NONBLOCK);
    if (link) {
        unlink(link);
        if (symlink(name, link) != 0) {
            perror("solemate-sim: --link");
            exit(1);
        }
    }
    fprintf(report, "PTY %s\n", link ? link : name);
    fflush(report);
}

static avr_uart_t *find_uart(void) {
    avr_io_t *io;
    for (io = avr->io_port; io; io = io->next) {
        if (strcmp(io->kind, "uart") == 0 && ((avr_uart_t *) io)->name == '0') {
            return (avr_uart_t *) io;
        }
    }
    fprintf(stderr, "solemate-sim: the simulated MCU has no UART0\n");
    exit(1);
}

int main(int argc, char **argv) {
    static union {
        elf_firmware_t f;
        char room[sizeof(elf_firmware_t) + 256]; /* in case the library was built with more fields */
    } fw;
    const char *elf = NULL, *link = NULL, *script = NULL;
    long for_ms = 0;
    char ctl[256];
    size_t ctl_len = 0;
    int i;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--link") == 0 && i + 1 < argc) {
            link = argv[++i];
        } else if (strcmp(argv[i], "--script") == 0 && i + 1 < argc) {
            script = argv[++i];
        } else if (strcmp(argv[i], "--for-ms") == 0 && i + 1 < argc) {
            for_ms = atol(argv[++i]);
        } else if (argv[i][0] != '-' && !elf) {
            elf = argv[i];
        } else {
            fprintf(stderr, "usage: solemate-sim FIRMWARE.elf [--link PATH]\n");
            return 2;
        }
    }
    if (!elf) {
        fprintf(stderr, "usage: solemate-sim FIRMWARE.elf [--link PATH]\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    report = fdopen(dup(1), "w");
    dup2(2, 1);
    if (elf_read_firmware(elf, &fw.f) != 0) {
        fprintf(stderr, "solemate-sim: cannot read %s\n", elf);
        return 1;
    }
    avr = avr_make_mcu_by_name("atmega328p");
    if (!avr) {
        fprintf(stderr, "solemate-sim: simavr does not know the atmega328p\n");
        return 1;
    }
    avr_init(avr);
    avr->log = 0; /* simavr's own messages (UART configured ...) would interleave with ours */
    avr->frequency = FREQUENCY;
    avr_load_firmware(avr, &fw.f);
    avr->frequency = FREQUENCY;
    avr->sleep = no_sleep;
    stack_start = RAMSTART + fw.f.datasize + fw.f.bsssize;
    uart = find_uart();
    {
        uint32_t flags = 0; /* no stdio echo, no usleep when the firmware polls */
        avr_ioctl(avr, AVR_IOCTL_UART_GET_FLAGS('0'), &flags);
        flags &= ~(uint32_t) (AVR_UART_FLAG_POLL_SLEEP | AVR_UART_FLAG_STDIO);
        avr_ioctl(avr, AVR_IOCTL_UART_SET_FLAGS('0'), &flags);
    }
    avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUTPUT), uart_out, NULL);
    avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUT_XON), uart_xon, NULL);
    avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUT_XOFF), uart_xoff, NULL);
    watch(A_PORTB);
    watch(A_DDRB);
    watch(A_PORTD);
    watch(A_TCCR0A);
    watch(A_OCR0A);
    watch(A_OCR0B);
    watch(A_TCCR1A);
    watch(A_OCR1AL);
    watch(A_OCR1BL);
    button(0, 0);
    button(1, 0);
    avr_raise_irq(avr_io_getirq(avr, AVR_IOCTL_ADC_GETIRQ, ADC_IRQ_ADC0), AMBIENT_TENTHS);
    if (script) {
        FILE *f = fopen(script, "rb");
        if (!f) {
            perror("solemate-sim: --script");
            return 1;
        }
        avr_cycle_count_t next = 0;
        in_len = fread(in_q, 1, sizeof in_q, f);
        fclose(f);
        static uint32_t pc_hits[16384];
        uint32_t steps = 0;
        int profile = getenv("SOLEMATE_SIM_PROFILE") != NULL;
        while (avr->cycle < (avr_cycle_count_t) for_ms * (FREQUENCY / 1000u)) {
            int state = avr_run(avr);
            if (profile && avr->state == cpu_Running && (++steps % 7u) == 0 && avr->pc / 2 < 16384) {
                pc_hits[avr->pc / 2]++; /* statistical profile: where the awake MCU spends its time */
            }
            if (state == cpu_Done || state == cpu_Crashed) {
                fprintf(stderr, "solemate-sim: the firmware stopped (state %d)\n", state);
                return 1;
            }
            if (avr->cycle >= next) {
                next = avr->cycle + BATCH_CYCLES;
                fix_byte_time();
                thermal();
                feed_uart(1);
                if (getenv("SOLEMATE_SIM_ECHO")) {
                    fwrite(out_q, 1, out_len, stderr);
                }
                out_len = 0;
            }
        }
        stack_report();
        if (profile) {
            uint32_t w;
            for (w = 0; w < 16384; w++) {
                if (pc_hits[w]) {
                    fprintf(report, "PC %x %u\n", (unsigned) w * 2u, pc_hits[w]);
                }
            }
        }
        return 0;
    }
    open_pty(link);
    start_ns = mono_ns();
    for (;;) {
        uint64_t wall_cycles = (mono_ns() - start_ns) * (FREQUENCY / 1000000u) / 1000u;
        avr_cycle_count_t batch_end = avr->cycle + BATCH_CYCLES;
        struct pollfd p[2];
        struct timespec wait = {0, 0};
        /* run up to the wall clock (plus a little), at most a batch before looking at the pty */
        while (avr->cycle < wall_cycles + LEAD_CYCLES && avr->cycle < batch_end) {
            int state = avr_run(avr);
            if (state == cpu_Done || state == cpu_Crashed) {
                fprintf(stderr, "solemate-sim: the firmware stopped (state %d) at cycle %llu\n", state,
                        (unsigned long long) avr->cycle);
                return 1;
            }
        }
        fix_byte_time();
        thermal();
        buttons();
        flush_out();
        wall_cycles = (mono_ns() - start_ns) * (FREQUENCY / 1000000u) / 1000u;
        if (avr->cycle > wall_cycles) {
            /* ahead of the wall clock (the MCU slept): wait for it, or for input */
            uint64_t ahead_ns = (avr->cycle - wall_cycles) * 1000u / (FREQUENCY / 1000000u);
            wait.tv_nsec = (long) (ahead_ns > 1000000u ? 1000000u : ahead_ns);
        }
        p[0].fd = master;
        p[0].events = POLLIN;
        p[1].fd = 0;
        p[1].events = POLLIN;
        if (ppoll(p, 2, &wait, NULL) > 0) {
            if (p[0].revents & POLLIN) {
                uint8_t buf[4096];
                size_t room = sizeof in_q - in_len;
                ssize_t n = read(master, buf, room < sizeof buf ? room : sizeof buf);
                ssize_t k;
                for (k = 0; k < n; k++) {
                    in_q[(in_head + in_len) % sizeof in_q] = buf[k];
                    in_len++;
                }
            }
            if (p[1].revents & (POLLIN | POLLHUP)) {
                ssize_t n = read(0, ctl + ctl_len, sizeof ctl - 1 - ctl_len);
                if (n <= 0) {
                    if (link) {
                        unlink(link);
                    }
                    return 0; /* the parent went away */
                }
                ctl_len += (size_t) n;
                ctl[ctl_len] = 0;
                while (strchr(ctl, '\n')) {
                    char *nl = strchr(ctl, '\n');
                    size_t used = (size_t) (nl - ctl) + 1;
                    control(ctl);
                    memmove(ctl, ctl + used, ctl_len - used + 1);
                    ctl_len -= used;
                }
                if (ctl_len == sizeof ctl - 1) {
                    ctl_len = 0;
                }
            }
        }
        feed_uart(0);
    }
}
