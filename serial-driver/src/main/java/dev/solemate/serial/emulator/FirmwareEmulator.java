package dev.solemate.serial.emulator;

import dev.solemate.MassagerException;
import dev.solemate.serial.protocol.WireProtocol;
import dev.solemate.serial.protocol.WireProtocols;
import dev.solemate.serial.transport.JSerialCommTransport;
import dev.solemate.serial.transport.SerialSettings;
import dev.solemate.serial.transport.TcpTransport;
import dev.solemate.serial.transport.Transport;
import dev.solemate.time.Timeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A board that behaves like real massager firmware, speaking either dialect, for people without
 * hardware and for tests: on one end of a pseudo-terminal pair ({@code socat -d -d
 * pty,raw,echo=0,link=/tmp/solemate-A pty,raw,echo=0,link=/tmp/solemate-B}, emulator on B, driver
 * on {@code serial:/tmp/solemate-A}) or on a TCP port ({@code tcp://127.0.0.1:4001}).
 *
 * <pre>{@code
 * try (FirmwareEmulator emu = FirmwareEmulator.start("tcp://127.0.0.1:0", EmulatorOptions.defaults())) {
 *     Massager m = Massagers.open("tcp://127.0.0.1:" + emu.tcpPort());
 * }
 * }</pre>
 *
 * The board (its actuators, heater, watchdog and session) outlives connections: when a host goes
 * away and another comes, it is the same board, as a powered board behind a USB cable is.
 */
public final class FirmwareEmulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FirmwareEmulator.class);

    private final EmulatorOptions options;
    private final WireProtocol protocol;
    private final FaultInjector faults;
    private final Board board;
    private final CoarseTimeline ownTimeline;
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private final String endpoint;
    private volatile boolean closed;
    private volatile BoardLink link;
    private ServerSocket server;

    private FirmwareEmulator(String endpoint, EmulatorOptions options, Timeline timeline) {
        this.endpoint = endpoint;
        this.options = options;
        this.protocol = WireProtocols.byId(options.protocolId());
        this.faults = new FaultInjector(options.seed());
        this.ownTimeline = timeline == null ? new CoarseTimeline("solemate-emulator-clock") : null;
        this.board = new Board(options, faults, timeline == null ? ownTimeline : timeline, protocol.sequenceModulus());
    }

    /**
     * Starts an emulator. {@code endpoint} is {@code tcp://HOST:PORT} to listen on (port 0 picks a free
     * one; see {@link #tcpPort()}), or the path of a serial port or pseudo-terminal to open; when the
     * path does not exist yet, or goes away (socat stopped), the emulator waits for it to appear.
     *
     * @throws MassagerException when the port cannot be opened or the address is in use
     */
    public static FirmwareEmulator start(String endpoint, EmulatorOptions options) {
        return start(endpoint, options, null);
    }

    /** As {@link #start(String, EmulatorOptions)}, with the clock for the watchdog and heater (null: the real one). */
    public static FirmwareEmulator start(String endpoint, EmulatorOptions options, Timeline timeline) {
        FirmwareEmulator emulator = new FirmwareEmulator(endpoint, options, timeline);
        if (endpoint.startsWith("tcp://")) {
            emulator.listen(endpoint.substring("tcp://".length()));
        } else {
            emulator.servePort(endpoint);
        }
        return emulator;
    }

    private void listen(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("listen address '" + hostPort + "' has no port (expected tcp://127.0.0.1:4001)");
        }
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getByName(hostPort.substring(0, colon)),
                    Integer.parseInt(hostPort.substring(colon + 1))));
        } catch (IOException e) {
            throw new MassagerException("emulator cannot listen on " + hostPort + ": " + e.getMessage(), e);
        }
        Thread t = new Thread(this::acceptLoop, "solemate-emulator-accept");
        t.setDaemon(true);
        t.start();
        LOG.info("emulator ({}, {}) listening on tcp://{}:{}", protocol.id(), options.profile().id(),
                server.getInetAddress().getHostAddress(), server.getLocalPort());
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                attach(new TcpTransport(s));
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("emulator: accept failed: {}", e.getMessage());
                }
            }
        }
    }

    private void servePort(String path) {
        BoardLink first = null;
        if (Files.exists(Path.of(path))) {
            // open at once so that a port that cannot be opened fails the caller with the reason
            first = attach(JSerialCommTransport.open(SerialSettings.of(path, SerialSettings.DEFAULT_BAUD), () -> "(see solemate ports)"));
            LOG.info("emulator ({}, {}) on serial port {}", protocol.id(), options.profile().id(), path);
        } else {
            LOG.info("emulator ({}, {}): waiting for {} to appear (e.g. socat -d -d pty,raw,echo=0,link=<host end> "
                    + "pty,raw,echo=0,link={})", protocol.id(), options.profile().id(), path, path);
        }
        BoardLink current = first;
        Thread t = new Thread(() -> serveLoop(path, current), "solemate-emulator-port");
        t.setDaemon(true);
        t.start();
    }

    private void serveLoop(String path, BoardLink current) {
        BoardLink l = current;
        while (!closed) {
            try {
                if (l != null) {
                    l.awaitEnd();
                }
                while (!closed && !Files.exists(Path.of(path))) {
                    Thread.sleep(50);
                }
                if (closed) {
                    return;
                }
                Thread.sleep(50); // let socat finish setting up the new pair
                l = attach(JSerialCommTransport.open(SerialSettings.of(path, SerialSettings.DEFAULT_BAUD), () -> ""));
                LOG.info("emulator: serving serial port {}", path);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.debug("emulator: opening {} failed: {}", path, e.getMessage());
                l = null;
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private synchronized BoardLink attach(Transport transport) {
        BoardLink previous = link;
        if (previous != null) {
            previous.close(); // one host at a time, as on a UART
        }
        BoardLink l = new BoardLink(board, protocol, faults, options, transport);
        link = l;
        if (closed) {
            l.close();
        } else {
            l.start();
        }
        return l;
    }

    /** The TCP port listened on, or -1 for a serial port. */
    public int tcpPort() {
        return server == null ? -1 : server.getLocalPort();
    }

    /** What the emulator serves, e.g. {@code tcp://127.0.0.1:4001} or {@code /tmp/solemate-B}. */
    public String endpoint() {
        return server == null ? endpoint : "tcp://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    /** The URI a host opens to reach this emulator over TCP, e.g. {@code tcp://127.0.0.1:4001?protocol=solemate-text}. */
    public String hostUri() {
        if (server == null) {
            throw new IllegalStateException("the emulator serves serial port " + endpoint + "; open the other end of the pair");
        }
        return endpoint() + "?protocol=" + protocol.id();
    }

    /** The emulated board: its state, and buttons to press. */
    public Board board() {
        return board;
    }

    /** Faults to inject, changeable while running. */
    public FaultInjector faults() {
        return faults;
    }

    public EmulatorOptions options() {
        return options;
    }

    /** Drops the current host connection (TCP: like a network bridge restarting); the board keeps running. */
    public void dropConnection() {
        BoardLink l = link;
        if (l != null) {
            l.close();
        }
    }

    /** Blocks until {@link #close()} is called (for a command-line {@code simulate}). */
    public void awaitClosed() throws InterruptedException {
        closedLatch.await();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        dropConnection();
        board.shutdown();
        if (ownTimeline != null) {
            ownTimeline.close();
        }
        closedLatch.countDown();
    }

    /**
     * Runs an emulator from the command line until killed:
     * {@code FirmwareEmulator --listen tcp://127.0.0.1:4001} or {@code --port /tmp/solemate-B},
     * with {@code --protocol solemate-text|solemate-binary --profile ID|FILE --serial SN --rx BYTES
     * --heartbeat MS --pace-baud BAUD}.
     */
    public static void main(String[] args) throws InterruptedException {
        EmulatorCommandLine cl;
        try {
            cl = EmulatorCommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(EmulatorCommandLine.USAGE);
            System.exit(2);
            return;
        }
        FirmwareEmulator emulator = start(cl.endpoint(), cl.options());
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "solemate-emulator-exit"));
        System.out.println("Solemate firmware emulator: " + cl.options().profile().id() + ", " + cl.options().protocolId()
                + ", serial " + cl.options().serialNumber() + " on " + emulator.endpoint()
                + (emulator.tcpPort() > 0 ? " (connect with " + emulator.hostUri() + ")" : ""));
        emulator.awaitClosed();
    }
}
