/*
 * main_host.c - the firmware as a POSIX program, for fast tests without a simulator.
 *
 *   solemate-fw-host --pty [--link PATH]     serves a pseudo-terminal (prints "PTY <path>")
 *   solemate-fw-host --tcp HOST:PORT         serves TCP, one client at a time (prints "TCP <host>:<port>")
 *
 * Then one "ACT <actuator> <level> <board us> <monotonic ns>" line per output change on stdout.
 * Lines on stdin drive the board: "temp 46.0" sets the plate temperature, "button power" presses a
 * button, "slow 15" makes the main loop take 15 ms per line (0: as fast as it can), so that a host
 * breaking flow control overflows the receive buffer. The program ends when stdin ends.
 *
 * One thread: each byte read goes through fw_rx_byte() (the receive interrupt), then fw_poll()
 * (the main loop) runs until the buffer is empty, as on an MCU whose main loop outruns its UART.
 */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>
#include "../core/fw.h"
#include "../core/fw_names.h"
#include "../core/rx.h"
#include "board_host.h"

static unsigned slow_ms; /* an emulated slow main loop: one line per slow_ms */
static uint64_t next_pass_ns;

static int usage(void) {
    fprintf(stderr, "usage: solemate-fw-host --pty [--link PATH] | --tcp HOST:PORT\n");
    return 2;
}

static int open_pty(const char *link) {
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    int slave;
    struct termios t;
    const char *name;
    if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0 || (name = ptsname(master)) == NULL) {
        perror("solemate-fw-host: pseudo-terminal");
        exit(1);
    }
    /* held open so that a host closing its end is not an end of file for us (a cable unplugged and
       plugged back in, not a board switched off) */
    slave = open(name, O_RDWR | O_NOCTTY);
    if (slave < 0 || tcgetattr(slave, &t) != 0) {
        perror("solemate-fw-host: pseudo-terminal slave");
        exit(1);
    }
    cfmakeraw(&t);
    tcsetattr(slave, TCSANOW, &t);
    fcntl(master, F_SETFL, O_NONBLOCK);
    if (link) {
        unlink(link);
        if (symlink(name, link) != 0) {
            perror("solemate-fw-host: --link");
            exit(1);
        }
    }
    printf("PTY %s\n", link ? link : name);
    fflush(stdout);
    return master;
}

static int listen_tcp(const char *spec) {
    char host[64];
    const char *colon = strrchr(spec, ':');
    struct sockaddr_in a;
    socklen_t alen = sizeof a;
    int one = 1, fd;
    if (!colon || (size_t) (colon - spec) >= sizeof host) {
        exit(usage());
    }
    memcpy(host, spec, (size_t) (colon - spec));
    host[colon - spec] = 0;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t) atoi(colon + 1));
    if (inet_pton(AF_INET, host, &a.sin_addr) != 1) {
        fprintf(stderr, "solemate-fw-host: bad address %s (expected an IPv4 address such as 127.0.0.1)\n", host);
        exit(2);
    }
    fd = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (fd < 0 || bind(fd, (struct sockaddr *) &a, sizeof a) != 0 || listen(fd, 1) != 0) {
        perror("solemate-fw-host: listen");
        exit(1);
    }
    getsockname(fd, (struct sockaddr *) &a, &alen);
    printf("TCP %s:%u\n", host, ntohs(a.sin_port));
    fflush(stdout);
    return fd;
}

/* "temp 46.0" or "button power" */
static void control(char *line) {
    char *p = strchr(line, '\n');
    if (p) {
        *p = 0;
    }
    if (strncmp(line, "temp ", 5) == 0) {
        double c = atof(line + 5); /* the test harness's side, not the protocol path */
        host_set_temperature((int16_t) (c * 10 + (c < 0 ? -0.5 : 0.5)));
    } else if (strcmp(line, "button power") == 0) {
        host_press(BUTTON_POWER);
    } else if (strcmp(line, "button mode") == 0) {
        host_press(BUTTON_MODE);
    } else if (strncmp(line, "slow ", 5) == 0) {
        slow_ms = (unsigned) atoi(line + 5);
        fw_one_line_per_poll(slow_ms > 0);
    } else if (line[0]) {
        fprintf(stderr, "solemate-fw-host: unknown control line '%s' (expected temp C, button power|mode, slow MS)\n", line);
    }
}

int main(int argc, char **argv) {
    const char *link = NULL, *tcp = NULL;
    int pty = 0, i, uart = -1, server = -1;
    char ctl[128];
    size_t ctl_len = 0;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--pty") == 0) {
            pty = 1;
        } else if (strcmp(argv[i], "--link") == 0 && i + 1 < argc) {
            link = argv[++i];
        } else if (strcmp(argv[i], "--tcp") == 0 && i + 1 < argc) {
            tcp = argv[++i];
        } else {
            return usage();
        }
    }
    if (pty == (tcp != NULL)) {
        return usage();
    }
    signal(SIGPIPE, SIG_IGN);
    host_board_init();
    if (pty) {
        uart = open_pty(link);
    } else {
        server = listen_tcp(tcp);
    }
    host_set_uart(uart);
    fw_init();
    host_flush();
    for (;;) {
        struct pollfd p[3];
        int n = 0, k;
        p[n].fd = 0;
        p[n++].events = POLLIN;
        if (uart >= 0) {
            p[n].fd = uart;
            p[n++].events = POLLIN;
        }
        if (server >= 0) {
            p[n].fd = server;
            p[n++].events = POLLIN;
        }
        k = poll(p, (nfds_t) n, 1);
        if (k < 0 && errno != EINTR) {
            perror("solemate-fw-host: poll");
            return 1;
        }
        for (i = 0; k > 0 && i < n; i++) {
            if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR))) {
                continue;
            }
            if (p[i].fd == 0) {
                ssize_t r = read(0, ctl + ctl_len, sizeof ctl - 1 - ctl_len);
                if (r <= 0) {
                    if (link) {
                        unlink(link);
                    }
                    return 0; /* the parent went away */
                }
                ctl_len += (size_t) r;
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
            } else if (p[i].fd == server) {
                int c = accept(server, NULL, NULL), one = 1;
                if (c >= 0) {
                    if (uart >= 0) {
                        close(uart); /* one host at a time, as on a UART */
                    }
                    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    uart = c;
                    host_set_uart(uart);
                }
            } else {
                uint8_t buf[256];
                ssize_t r = read(uart, buf, sizeof buf), j;
                if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
                    if (server >= 0) {
                        close(uart);
                        uart = -1;
                        host_set_uart(-1);
                    }
                    continue;
                }
                for (j = 0; j < r; j++) {
                    fw_rx_byte(buf[j]);
                    if (!slow_ms) {
                        fw_poll();
                    }
                }
            }
        }
        if (!slow_ms) {
            fw_poll();
        } else if (host_mono_ns() >= next_pass_ns) {
            fw_poll(); /* one line, then the loop is "busy" for slow_ms while bytes keep arriving */
            next_pass_ns = host_mono_ns() + (uint64_t) slow_ms * 1000000u;
        }
        host_flush();
    }
}
