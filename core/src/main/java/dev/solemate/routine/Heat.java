package dev.solemate.routine;

/**
 * The heater setting a routine asks for during a step: a temperature in whole degrees Celsius, or off.
 * The compiler lowers it to the device's and the user's heat limit.
 *
 * @param celsius the set-point, 20 to 60 °C, or 0 for off
 */
public record Heat(int celsius) {

    public static final int MIN_CELSIUS = 20;
    public static final int MAX_CELSIUS = 60;
    public static final Heat OFF = new Heat(0);

    public Heat {
        if (celsius != 0 && (celsius < MIN_CELSIUS || celsius > MAX_CELSIUS)) {
            throw new IllegalArgumentException("heat " + celsius + " °C is out of range (expected "
                    + MIN_CELSIUS + " to " + MAX_CELSIUS + " °C, or \"off\")");
        }
    }

    /** @throws IllegalArgumentException outside 20-60 °C */
    public static Heat of(int celsius) {
        if (celsius == 0) {
            throw new IllegalArgumentException("heat 0 °C is out of range (expected " + MIN_CELSIUS + " to "
                    + MAX_CELSIUS + " °C, or \"off\")");
        }
        return new Heat(celsius);
    }

    public boolean isOff() {
        return celsius == 0;
    }

    @Override
    public String toString() {
        return isOff() ? "off" : celsius + " °C";
    }
}
