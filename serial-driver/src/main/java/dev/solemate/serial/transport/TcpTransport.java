package dev.solemate.serial.transport;

import dev.solemate.MassagerException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;

/** A TCP socket to a network serial bridge (ser2net, ESP-link) or the emulator. */
public final class TcpTransport implements Transport, StuckWrites.Watched {

    private final Socket socket;
    private final String name;
    private final OutputStream out;
    private volatile boolean closed;
    private volatile boolean stuck;
    private volatile long writeStartedAt;

    /** Wraps a connected socket (also used by the emulator for accepted clients). */
    public TcpTransport(Socket socket) throws IOException {
        this.socket = socket;
        this.name = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
        socket.setTcpNoDelay(true);
        this.out = socket.getOutputStream();
        StuckWrites.watch(this);
    }

    /** An opener that connects to {@code host:port} with a connect timeout. */
    public static TransportOpener opener(String host, int port, int connectTimeoutMillis) {
        return new TransportOpener() {
            @Override
            public String describe() {
                return host + ":" + port;
            }

            @Override
            public Transport open() {
                Socket s = new Socket();
                try {
                    s.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
                    return new TcpTransport(s);
                } catch (IOException e) {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // nothing more to release
                    }
                    throw new MassagerException("cannot connect to tcp://" + host + ":" + port + ": " + e.getMessage()
                            + " (is the serial bridge or `solemate simulate --listen` running there?)", e);
                }
            }
        };
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public void start(Receiver receiver) {
        Thread t = new Thread(() -> readLoop(receiver), "solemate-tcp-read-" + name);
        t.setDaemon(true);
        t.start();
    }

    private void readLoop(Receiver receiver) {
        byte[] buffer = new byte[4096];
        String reason = "the connection to " + name + " was closed by the other side";
        try {
            InputStream in = socket.getInputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (n > 0) {
                    receiver.onBytes(buffer, n);
                }
            }
        } catch (SocketException e) {
            reason = "the connection to " + name + " broke: " + e.getMessage();
        } catch (IOException e) {
            reason = "reading from " + name + " failed: " + e.getMessage();
        }
        if (!closed) {
            close();
            receiver.onClosed(reason);
        }
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        writeStartedAt = System.nanoTime();
        try {
            synchronized (out) {
                out.write(bytes);
                out.flush();
            }
        } catch (IOException e) {
            if (stuck) {
                throw new IOException("writing to " + name + " made no progress for " + WRITE_TIMEOUT_MILLIS
                        + " ms (the other side takes nothing); the connection was closed", e);
            }
            throw e;
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
        closed = true;
        StuckWrites.unwatch(this);
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}
