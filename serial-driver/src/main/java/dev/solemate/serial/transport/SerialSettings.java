package dev.solemate.serial.transport;

import dev.solemate.driver.DeviceUri;
import java.util.Objects;

/**
 * How to open a serial port: the path and the line settings from
 * {@code serial:/dev/ttyUSB0?baud=115200&databits=8&parity=none&stopbits=1}.
 */
public record SerialSettings(String path, int baud, int dataBits, Parity parity, StopBits stopBits) {

    public static final int DEFAULT_BAUD = 115_200;

    public SerialSettings {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(parity, "parity");
        Objects.requireNonNull(stopBits, "stopBits");
        if (path.isBlank()) {
            throw new IllegalArgumentException("serial port path is empty (expected e.g. serial:/dev/ttyUSB0 or serial:usb:1a86:7523)");
        }
        if (baud < 50 || baud > 4_000_000) {
            throw new IllegalArgumentException("baud " + baud + " is out of range (expected 50 to 4000000)");
        }
        if (dataBits < 5 || dataBits > 8) {
            throw new IllegalArgumentException("databits " + dataBits + " is out of range (expected 5 to 8)");
        }
    }

    /** 8N1 at the given speed. */
    public static SerialSettings of(String path, int baud) {
        return new SerialSettings(path, baud, 8, Parity.NONE, StopBits.ONE);
    }

    /** Reads the line settings from a URI; the path comes from the caller (it may have been resolved). */
    public static SerialSettings from(String path, DeviceUri uri) {
        return new SerialSettings(path,
                uri.intParam("baud", DEFAULT_BAUD, 50, 4_000_000),
                uri.intParam("databits", 8, 5, 8),
                Parity.parse(uri.param("parity").orElse("none")),
                StopBits.parse(uri.param("stopbits").orElse("1")));
    }

    /** Bits on the wire per byte: start bit, data bits, parity bit if any, stop bits. */
    public double bitsPerByte() {
        double stop = switch (stopBits) {
            case ONE -> 1;
            case ONE_AND_A_HALF -> 1.5;
            case TWO -> 2;
        };
        return 1 + dataBits + (parity == Parity.NONE ? 0 : 1) + stop;
    }

    @Override
    public String toString() {
        return path + " " + baud + " " + dataBits + parity.id().substring(0, 1).toUpperCase(java.util.Locale.ROOT) + stopBits.text();
    }
}
