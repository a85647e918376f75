package dev.solemate.serial.discovery;

import java.util.Objects;
import java.util.Optional;

/**
 * A serial port the operating system lists.
 *
 * @param path         what to put after {@code serial:}, e.g. {@code /dev/ttyUSB0} or {@code COM3}
 * @param description  what the port or its USB device calls itself, e.g. {@code USB Serial}
 * @param vendorId     USB vendor id, or -1 when not a USB port
 * @param productId    USB product id, or -1
 * @param serialNumber the USB serial number, or empty
 */
public record PortInfo(String path, String description, int vendorId, int productId, Optional<String> serialNumber) {

    public PortInfo {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(serialNumber, "serialNumber");
    }

    /** {@code 1a86:7523} for a USB port, empty otherwise. */
    public Optional<String> usbId() {
        return vendorId < 0 || productId < 0 ? Optional.empty()
                : Optional.of(String.format("%04x:%04x", vendorId, productId));
    }

    /** One line for people: path, description and USB id. */
    @Override
    public String toString() {
        return path + " (" + description + usbId().map(id -> ", USB " + id).orElse("") + ")";
    }
}
