package dev.solemate.serial.transport;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortDataListener;
import com.fazecast.jSerialComm.SerialPortEvent;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import dev.solemate.MassagerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A local serial port through jSerialComm, read by our own thread (never jSerialComm's event
 * thread, which only tells us about an unplug). Opens with {@code openPort(0)} (no 200 ms sleep)
 * and applies baud, data bits, parity and stop bits.
 */
public final class JSerialCommTransport implements Transport, StuckWrites.Watched {

    /** jSerialComm's read timeout; it bounds how late an unplug without an event is noticed. */
    private static final int READ_TIMEOUT_MILLIS = 100;

    private final SerialPort port;
    private final SerialSettings settings;
    private volatile boolean closed;
    private volatile boolean unplugged;
    private volatile boolean stuck;
    private volatile long writeStartedAt;

    private JSerialCommTransport(SerialPort port, SerialSettings settings) {
        this.port = port;
        this.settings = settings;
    }

    /** An opener for the port; {@code existingPorts} lists ports for "not found" messages. */
    public static TransportOpener opener(SerialSettings settings, Supplier<String> existingPorts) {
        return new TransportOpener() {
            @Override
            public String describe() {
                return settings.path();
            }

            @Override
            public Transport open() {
                return JSerialCommTransport.open(settings, existingPorts);
            }

            @Override
            public boolean looksAvailable() {
                return !settings.path().startsWith("/") || Files.exists(Path.of(settings.path()));
            }
        };
    }

    /**
     * Opens and configures the port.
     *
     * @throws MassagerException saying what went wrong and what to do
     */
    public static JSerialCommTransport open(SerialSettings settings, Supplier<String> existingPorts) {
        String path = settings.path();
        if (path.startsWith("/") && !Files.exists(Path.of(path))) {
            throw notFound(path, existingPorts);
        }
        SerialPort port;
        try {
            port = SerialPort.getCommPort(path);
        } catch (SerialPortInvalidPortException e) {
            throw notFound(path, existingPorts);
        } catch (LinkageError e) {
            throw nativeLibraryFailed(e);
        }
        port.setComPortParameters(settings.baud(), settings.dataBits(), settings.stopBits().jSerialComm(),
                settings.parity().jSerialComm());
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        // blocking writes: a non-blocking write fails outright when the driver's output buffer is full
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                READ_TIMEOUT_MILLIS, WRITE_TIMEOUT_MILLIS);
        if (!port.openPort(0)) {
            throw openFailed(path, port.getLastErrorCode(), existingPorts);
        }
        JSerialCommTransport t = new JSerialCommTransport(port, settings);
        StuckWrites.watch(t);
        return t;
    }

    static MassagerException openFailed(String path, int errno, Supplier<String> existingPorts) {
        switch (errno) {
            case 13:
                return new MassagerException("permission denied opening serial port " + path
                        + ": your user may not use serial ports. Join the dialout group: "
                        + "`sudo usermod -aG dialout $USER`, then log out and back in (error 13)");
            case 11:
            case 16:
                return new MassagerException("serial port " + path + " is busy: another program has it open "
                        + "(a serial monitor, ModemManager, another solemate?). Close it and try again (error " + errno + ")");
            case 2:
            case 6:
                if (path.startsWith("/") && Files.exists(Path.of(path))) {
                    // the file is there, so "not found" would mislead: jSerialComm reports this when the port is held
                    return new MassagerException("serial port " + path + " exists but could not be opened (error " + errno
                            + "): it is probably busy - another program (or this one) has it open. Close it and try again");
                }
                return notFound(path, existingPorts);
            default:
                return new MassagerException("cannot open serial port " + path + " (jSerialComm error " + errno
                        + "); check the cable and that the path is a serial port. Ports that exist: " + existingPorts.get());
        }
    }

    private static MassagerException notFound(String path, Supplier<String> existingPorts) {
        return new MassagerException("serial port " + path + " not found (is the device plugged in?). Ports that exist: "
                + existingPorts.get());
    }

    /** The message for a native library that would not load; public for discovery, which hits it first. */
    public static MassagerException nativeLibraryFailed(Throwable e) {
        return new MassagerException("jSerialComm's native library failed to load (" + e + "). This happens when "
                + "/tmp is mounted noexec: start Java with -Djava.io.tmpdir=<a writable, executable dir> or "
                + "-DjSerialComm.library.path=<dir with the extracted library>", e);
    }

    /**
     * Runs {@code task} when the JVM exits, before jSerialComm closes every open port. jSerialComm
     * registers its own JVM shutdown hook when its class loads; that hook runs (and joins) the threads
     * given to {@link SerialPort#addShutdownHook} first, then closes every port natively, discarding
     * unsent output ({@code tcflush}). JVM shutdown hooks run concurrently in no set order, so work
     * done from any other hook races the closing: a real-time stop written from there may find the
     * port already closed. Registered here, it cannot.
     */
    public static void beforePortsCloseAtExit(Runnable task) {
        SerialPort.addShutdownHook(new Thread(task, "solemate-serial-exit-stops"));
    }

    @Override
    public String describe() {
        return settings.path();
    }

    /** The settings the port was opened with. */
    public SerialSettings settings() {
        return settings;
    }

    /** What jSerialComm says the port is configured to, read back after opening. */
    public SerialSettings appliedSettings() {
        Parity parity = java.util.Arrays.stream(Parity.values()).filter(p -> p.jSerialComm() == port.getParity())
                .findFirst().orElseThrow();
        StopBits stop = java.util.Arrays.stream(StopBits.values()).filter(b -> b.jSerialComm() == port.getNumStopBits())
                .findFirst().orElseThrow();
        return new SerialSettings(settings.path(), port.getBaudRate(), port.getNumDataBits(), parity, stop);
    }

    @Override
    public void start(Receiver receiver) {
        port.addDataListener(new SerialPortDataListener() {
            @Override
            public int getListeningEvents() {
                return SerialPort.LISTENING_EVENT_PORT_DISCONNECTED;
            }

            @Override
            public void serialEvent(SerialPortEvent event) {
                // jSerialComm's event thread: only note it; our reader closes the port
                unplugged = true;
            }
        });
        Thread t = new Thread(() -> readLoop(receiver), "solemate-serial-read-" + settings.path());
        t.setDaemon(true);
        t.start();
    }

    private void readLoop(Receiver receiver) {
        byte[] buffer = new byte[4096];
        String reason = null;
        while (!closed && reason == null) {
            int n = port.readBytes(buffer, buffer.length);
            if (n > 0) {
                receiver.onBytes(buffer, n);
            } else if (n < 0) {
                reason = "serial port " + settings.path() + " stopped answering reads (unplugged?)";
            } else if (unplugged) {
                reason = "serial port " + settings.path() + " was unplugged";
            } else if (settings.path().startsWith("/") && !Files.exists(Path.of(settings.path()))) {
                reason = "serial port " + settings.path() + " disappeared (unplugged?)";
            }
        }
        if (!closed) {
            close();
            receiver.onClosed(reason);
        }
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        int written = 0;
        writeStartedAt = System.nanoTime();
        try {
            while (written < bytes.length) {
                // blocking mode: returns once the bytes are handed on (tcdrain), so nothing waits in the
                // kernel's queue ahead of a stop byte written next
                int n = port.writeBytes(bytes, bytes.length - written, written);
                if (stuck) {
                    throw new IOException("writing to serial port " + settings.path() + " made no progress for "
                            + WRITE_TIMEOUT_MILLIS + " ms (nothing takes the bytes: flow control stuck, or an adapter"
                            + " whose device is gone); the port was closed");
                }
                if (n < 0) {
                    throw new IOException("writing to serial port " + settings.path() + " failed (unplugged?)");
                }
                if (n == 0) {
                    // jSerialComm returns 0 when the native write failed on a port closed underneath us (its
                    // own shutdown hook closes every port at JVM exit)
                    throw new IOException("writing to serial port " + settings.path() + " failed: the port was closed"
                            + " underneath (unplugged, or jSerialComm closing every port as the JVM exits)");
                }
                written += n;
                writeStartedAt = System.nanoTime();
            }
        } finally {
            writeStartedAt = 0;
        }
    }

    @Override
    public long writeStartedAt() {
        return writeStartedAt;
    }

    @Override
    public void abortStuckWrite() {
        stuck = true;
        close();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            StuckWrites.unwatch(this);
            port.removeDataListener();
            port.closePort();
        }
    }
}
