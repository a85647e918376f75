package dev.solemate.serial.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceCommand;
import dev.solemate.serial.emulator.EmulatorOptions;
import dev.solemate.serial.emulator.FirmwareEmulator;
import dev.solemate.serial.protocol.text.TextProtocol;
import dev.solemate.serial.transport.TcpTransport;
import dev.solemate.serial.transport.Transport;
import dev.solemate.serial.transport.TransportOpener;
import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A port whose writes stop making progress (an adapter whose device is gone, stuck flow control): the
 * stop cannot be written, and the caller is told so, with the board's watchdog named; other links'
 * stops do not wait for it, because each link writes from its own I/O thread.
 */
@Timeout(30)
class StuckPortTest {

    /** A real TCP link whose writes, once stuck, block for a while and then fail, as a write timeout does. */
    private static final class Sticky implements Transport {
        private final Transport inner;
        volatile boolean stuck;
        volatile long stuckMillis = 300;

        Sticky(Transport inner) {
            this.inner = inner;
        }

        @Override
        public String describe() {
            return inner.describe();
        }

        @Override
        public void start(Receiver receiver) {
            inner.start(receiver);
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            if (stuck) {
                try {
                    Thread.sleep(stuckMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                inner.close();
                throw new IOException("writing to " + describe() + " made no progress for " + stuckMillis + " ms");
            }
            inner.write(bytes);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    private static LinkConnection open(FirmwareEmulator emu, Sticky[] holder) {
        TransportOpener opener = new TransportOpener() {
            @Override
            public String describe() {
                return "127.0.0.1:" + emu.tcpPort();
            }

            @Override
            public Transport open() {
                try {
                    holder[0] = new Sticky(new TcpTransport(new Socket("127.0.0.1", emu.tcpPort())));
                    return holder[0];
                } catch (IOException e) {
                    throw new dev.solemate.MassagerException(e.getMessage());
                }
            }
        };
        return LinkConnection.open("tcp://127.0.0.1:" + emu.tcpPort(), opener,
                LinkSettings.defaults(new TextProtocol()));
    }

    @Test
    void aStopThatCannotBeWrittenIsReportedUnconfirmedNamingTheWatchdog() throws Exception {
        try (FirmwareEmulator emu = FirmwareEmulator.start("tcp://127.0.0.1:0", EmulatorOptions.defaults())) {
            Sticky[] port = new Sticky[1];
            LinkConnection link = open(emu, port);
            try {
                link.send(new DeviceCommand.SetZone(Zone.ARCH, Technique.KNEAD, 3)).get(5, TimeUnit.SECONDS);
                port[0].stuck = true;

                CompletableFuture<Void> stop = link.stopAll();

                assertThatThrownBy(() -> stop.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                        .cause().hasMessageContaining("the stop is NOT confirmed: writing to")
                        .hasMessageContaining("made no progress for 300 ms")
                        .hasMessageContaining("The board's watchdog is the last line: it stops everything 1000 ms after"
                                + " the last request it received (hb=1000 from its HELLO)");
            } finally {
                link.close();
            }
        }
    }

    @Test
    void anotherLinksStopDoesNotWaitForAStuckPort() throws Exception {
        try (FirmwareEmulator stuckBoard = FirmwareEmulator.start("tcp://127.0.0.1:0", EmulatorOptions.defaults());
             FirmwareEmulator board = FirmwareEmulator.start("tcp://127.0.0.1:0", EmulatorOptions.defaults())) {
            Sticky[] stuckPort = new Sticky[1];
            Sticky[] port = new Sticky[1];
            LinkConnection stuckLink = open(stuckBoard, stuckPort);
            LinkConnection link = open(board, port);
            try {
                link.send(new DeviceCommand.SetZone(Zone.ARCH, Technique.KNEAD, 3)).get(5, TimeUnit.SECONDS);
                stuckPort[0].stuckMillis = 3000;
                stuckPort[0].stuck = true;
                stuckLink.stopAll(); // its I/O thread is now blocked in the write for 3 s

                long started = System.nanoTime();
                link.stopAll().get(5, TimeUnit.SECONDS);
                long millis = (System.nanoTime() - started) / 1_000_000;

                assertThat(board.board().isIdle()).isTrue();
                assertThat(millis).as("ms for the other board's confirmed stop, while the stuck one blocks for 3000")
                        .isLessThan(1500);
            } finally {
                link.close();
                stuckLink.close();
            }
        }
    }
}
