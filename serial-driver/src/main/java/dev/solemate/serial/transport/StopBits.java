package dev.solemate.serial.transport;

/** A serial line's stop bits, as written in a URI ({@code stopbits=1}, {@code 1.5} or {@code 2}). */
public enum StopBits {
    ONE("1", 1), ONE_AND_A_HALF("1.5", 2), TWO("2", 3);

    private final String text;
    private final int jSerialComm;

    StopBits(String text, int jSerialComm) {
        this.text = text;
        this.jSerialComm = jSerialComm;
    }

    /** jSerialComm's constant (SerialPort.ONE_STOP_BIT and so on). */
    int jSerialComm() {
        return jSerialComm;
    }

    public String text() {
        return text;
    }

    /** @throws IllegalArgumentException naming the value and the allowed ones */
    public static StopBits parse(String text) {
        for (StopBits s : values()) {
            if (s.text.equals(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("stopbits '" + text + "' is not allowed (expected one of: 1, 1.5, 2)");
    }
}
