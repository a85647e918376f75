#!/usr/bin/env python3
"""A noisy serial line for check.sh: copies bytes between two ptys (the host's pair and the board's
pair), damaging one request line in every N on the way to the board (one byte changed, so the
device answers BAD_CHECKSUM) and dropping one answer line in every M on the way back (so the host's
ack timeout and resend run). The real-time stop byte 0x18 always passes untouched.

    noisy-line.py <host-side pty> <board-side pty> <N> <M>
"""
import os
import select
import sys


def main():
    host_path, board_path, damage_every, drop_every = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    host = os.open(host_path, os.O_RDWR | os.O_NOCTTY)
    board = os.open(board_path, os.O_RDWR | os.O_NOCTTY)
    pending = {host: b"", board: b""}
    counts = {host: 0, board: 0}
    while True:
        readable, _, _ = select.select([host, board], [], [])
        for src in readable:
            dst = board if src == host else host
            data = os.read(src, 4096)
            if not data:
                return
            out = bytearray()
            buf = pending[src] + data
            while True:
                nl = buf.find(b"\n")
                stop = buf.find(b"\x18")
                if stop >= 0 and (nl < 0 or stop < nl):
                    out += b"\x18"                       # the stop byte goes through at once
                    buf = buf[:stop] + buf[stop + 1:]
                    continue
                if nl < 0:
                    break
                line, buf = buf[:nl + 1], buf[nl + 1:]
                counts[src] += 1
                star = line.rfind(b"*")
                if src == host and counts[src] % damage_every == 0 and star > 0:
                    line = line[:star - 1] + bytes([line[star - 1] ^ 1]) + line[star:]   # last byte before *
                    print("damaged", line, file=sys.stderr, flush=True)
                elif src == board and counts[src] % drop_every == 0:
                    print("dropped", line, file=sys.stderr, flush=True)
                    continue
                out += line
            pending[src] = buf
            if out:
                os.write(dst, bytes(out))


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
