package dev.solemate.serial.protocol.text;

/** The text dialect's checksum: XOR of every byte before the {@code *}, as two upper-case hex digits (as in NMEA 0183). */
final class Checksum {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Checksum() {
    }

    static int xor(byte[] bytes, int from, int to) {
        int x = 0;
        for (int i = from; i < to; i++) {
            x ^= bytes[i] & 0xFF;
        }
        return x;
    }

    static String hex(int value) {
        return "" + HEX[(value >> 4) & 0xF] + HEX[value & 0xF];
    }

    /** The value of two hex digits (either case), or -1. */
    static int parseHex(byte hi, byte lo) {
        int h = Character.digit(hi, 16);
        int l = Character.digit(lo, 16);
        return h < 0 || l < 0 ? -1 : h << 4 | l;
    }
}
