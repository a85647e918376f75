package dev.solemate.serial.transport;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A serial line's parity setting, as written in a URI ({@code parity=none}). */
public enum Parity {
    NONE(0), ODD(1), EVEN(2), MARK(3), SPACE(4);

    private final int jSerialComm;

    Parity(int jSerialComm) {
        this.jSerialComm = jSerialComm;
    }

    /** jSerialComm's constant (SerialPort.NO_PARITY and so on). */
    int jSerialComm() {
        return jSerialComm;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the value and the allowed ones */
    public static Parity parse(String text) {
        for (Parity p : values()) {
            if (p.id().equalsIgnoreCase(text)) {
                return p;
            }
        }
        throw new IllegalArgumentException("parity '" + text + "' is not allowed (expected one of: "
                + Arrays.stream(values()).map(Parity::id).collect(Collectors.joining(", ")) + ")");
    }
}
