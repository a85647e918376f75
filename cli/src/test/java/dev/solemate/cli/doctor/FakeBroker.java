package dev.solemate.cli.doctor;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;

/** A one-shot MQTT broker on 127.0.0.1 that answers a CONNECT with a chosen CONNACK code and keeps what it got. */
final class FakeBroker implements AutoCloseable {

    private final ServerSocket server;
    final CompletableFuture<byte[]> received = new CompletableFuture<>();

    FakeBroker(int connackCode) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        server.setSoTimeout(5000);
        Thread thread = new Thread(() -> serve(connackCode), "fake-broker");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve(int code) {
        try (Socket socket = server.accept()) {
            socket.setSoTimeout(5000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int type = in.readUnsignedByte();
            int length = 0;
            int shift = 0;
            int digit;
            do {
                digit = in.readUnsignedByte();
                length |= (digit & 0x7f) << shift;
                shift += 7;
            } while ((digit & 0x80) != 0);
            byte[] body = new byte[length];
            in.readFully(body);
            received.complete(body);
            if (type != 0x10) {
                return;
            }
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {0x20, 2, 0, (byte) code});
            out.flush();
            in.read();
        } catch (IOException e) {
            received.completeExceptionally(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
