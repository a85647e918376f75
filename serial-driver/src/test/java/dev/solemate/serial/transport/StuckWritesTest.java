package dev.solemate.serial.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A write to a peer that takes nothing fails after the write timeout instead of blocking forever. */
class StuckWritesTest {

    @Test
    @Timeout(20)
    void aTcpWriteThatMakesNoProgressFailsAfterTheWriteTimeout() throws Exception {
        try (ServerSocket server = new ServerSocket(0);
             Socket client = new Socket("127.0.0.1", server.getLocalPort());
             Socket peer = server.accept()) { // accepted, never read: the buffers fill, then the write blocks
            TcpTransport transport = new TcpTransport(client);
            byte[] chunk = new byte[1 << 20];
            long started = System.nanoTime();
            assertThatThrownBy(() -> {
                for (int i = 0; i < 512; i++) {
                    transport.write(chunk);
                }
            }).isInstanceOf(IOException.class).hasMessageContaining("made no progress for 2000 ms");
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(millis).as("it gave up about the write timeout after the buffers filled").isLessThan(10_000);
            assertThat(peer.isClosed()).isFalse();
        }
    }
}
