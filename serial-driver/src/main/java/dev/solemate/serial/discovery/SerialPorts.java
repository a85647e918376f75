package dev.solemate.serial.discovery;

import com.fazecast.jSerialComm.SerialPort;
import dev.solemate.MassagerException;
import dev.solemate.serial.transport.JSerialCommTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds serial ports: lists them with description and USB VID:PID, resolves {@code usb:1a86:7523}
 * to a path. Pseudo-terminal links outside /dev (e.g. a socat pair) are not listed; open them by path.
 * See {@link Probe} to find which ports answer the Solemate handshake.
 */
public final class SerialPorts {

    private static final Pattern USB = Pattern.compile("usb:([0-9a-fA-F]{4}):([0-9a-fA-F]{4})(?::(.+))?");

    private SerialPorts() {
    }

    /**
     * Every port the operating system lists, sorted by path.
     *
     * @throws MassagerException when jSerialComm's native library cannot load (with what to do)
     */
    public static List<PortInfo> list() {
        SerialPort[] ports;
        try {
            ports = SerialPort.getCommPorts();
        } catch (LinkageError e) {
            throw JSerialCommTransport.nativeLibraryFailed(e);
        }
        List<PortInfo> result = new ArrayList<>();
        for (SerialPort p : ports) {
            String serial = p.getSerialNumber();
            boolean hasSerial = serial != null && !serial.isBlank() && !serial.equalsIgnoreCase("Unknown");
            result.add(new PortInfo(p.getSystemPortPath(), describe(p), p.getVendorID(), p.getProductID(),
                    hasSerial ? Optional.of(serial) : Optional.empty()));
        }
        result.sort((a, b) -> a.path().compareTo(b.path()));
        return result;
    }

    private static String describe(SerialPort p) {
        String d = p.getPortDescription();
        if (d == null || d.isBlank()) {
            d = p.getDescriptivePortName();
        }
        return d == null || d.isBlank() ? "serial port" : d.trim();
    }

    /** The listed ports for error messages: "/dev/ttyUSB0 (USB Serial, USB 1a86:7523), ..." or "none". */
    public static String describeAll() {
        try {
            List<PortInfo> ports = list();
            return ports.isEmpty() ? "none (run `solemate ports`; pseudo-terminals are not listed, open them by path)"
                    : ports.stream().map(PortInfo::toString).collect(Collectors.joining(", "));
        } catch (MassagerException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /**
     * The path for a {@code serial:} target: a path stays as it is; {@code usb:VID:PID} (optionally
     * {@code usb:VID:PID:SERIAL}) becomes the path of the one matching USB port.
     *
     * @throws MassagerException when no port or several ports match (listing the ports)
     */
    public static String resolve(String target) {
        Matcher m = USB.matcher(target);
        if (!m.matches()) {
            if (target.toLowerCase(Locale.ROOT).startsWith("usb:")) {
                throw new IllegalArgumentException("'" + target + "' is not a USB id (expected usb:VID:PID in hex, e.g. usb:1a86:7523)");
            }
            return target;
        }
        int vid = Integer.parseInt(m.group(1), 16);
        int pid = Integer.parseInt(m.group(2), 16);
        String serial = m.group(3);
        List<PortInfo> ports = list();
        List<PortInfo> matches = ports.stream()
                .filter(p -> p.vendorId() == vid && p.productId() == pid)
                .filter(p -> serial == null || p.serialNumber().map(serial::equals).orElse(false))
                .toList();
        if (matches.isEmpty()) {
            throw new MassagerException("no serial port with USB id " + target.substring(4) + " (is it plugged in?). Ports that exist: "
                    + describeAll());
        }
        if (matches.size() > 1) {
            throw new MassagerException("several serial ports have USB id " + target.substring(4) + ": "
                    + matches.stream().map(PortInfo::toString).collect(Collectors.joining(", "))
                    + "; add the USB serial number (usb:VID:PID:SERIAL) or use the path");
        }
        return matches.get(0).path();
    }
}
