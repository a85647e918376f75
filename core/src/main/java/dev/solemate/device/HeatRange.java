package dev.solemate.device;

/** The heater set-points a device accepts, in whole degrees Celsius. */
public record HeatRange(int minCelsius, int maxCelsius) {

    public HeatRange {
        if (minCelsius < 20 || maxCelsius > 60 || minCelsius > maxCelsius) {
            throw new IllegalArgumentException("heat range " + minCelsius + "-" + maxCelsius
                    + " °C is invalid (expected 20 <= min <= max <= 60)");
        }
    }

    public boolean contains(int celsius) {
        return celsius >= minCelsius && celsius <= maxCelsius;
    }
}
