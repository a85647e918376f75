package dev.solemate.serial.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceCommand;
import dev.solemate.driver.DeviceUri;
import dev.solemate.driver.DriverContext;
import dev.solemate.serial.emulator.EmulatorOptions;
import dev.solemate.serial.emulator.FirmwareEmulator;
import dev.solemate.serial.protocol.Operation;
import dev.solemate.serial.protocol.Request;
import dev.solemate.serial.protocol.text.TextProtocol;
import dev.solemate.time.SystemTimeline;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Character-counting flow control against a slow board with a small receive buffer. */
@Timeout(30)
class FlowControlTest {

    private static final EmulatorOptions SLOW_SMALL = EmulatorOptions.defaults().withRxBuffer(64);

    @Test
    void aHostThatIgnoresTheWindowOverflowsTheBoardsBuffer() throws Exception {
        try (FirmwareEmulator emu = FirmwareEmulator.start("tcp://127.0.0.1:0", SLOW_SMALL);
             Socket s = new Socket("127.0.0.1", emu.tcpPort())) {
            emu.faults().delayReplies(Duration.ofMillis(2));
            TextProtocol text = new TextProtocol();
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            burst.writeBytes(text.wireRequest(new Request(0, new Operation.Hello(1))));
            for (int seq = 1; seq <= 40; seq++) {
                burst.writeBytes(text.wireRequest(new Request(seq, new Operation.SetZone(Zone.ARCH, Technique.KNEAD, seq % 6))));
            }
            OutputStream out = s.getOutputStream();
            out.write(burst.toByteArray());
            out.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (emu.board().overflows() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(emu.board().overflows()).isPositive();
        }
    }

    @Test
    void theDriverNeverHasMoreBytesInFlightThanTheBoardHolds() throws Exception {
        try (SystemTimeline timeline = new SystemTimeline("flow-test");
             FirmwareEmulator emu = FirmwareEmulator.start("tcp://127.0.0.1:0", SLOW_SMALL)) {
            LinkConnection link = (LinkConnection) new TcpDriver().connect(
                    DeviceUri.parse(emu.hostUri() + "&ack=1s"), new DriverContext(timeline));
            try {
                emu.faults().delayReplies(Duration.ofMillis(2));
                List<CompletableFuture<Void>> all = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    all.add(link.send(new DeviceCommand.SetZone(Zone.HEEL, Technique.ROLL, i % 6)));
                }
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

                assertThat(emu.board().overflows()).isZero();
                assertThat(link.resends()).isZero();
                assertThat(emu.board().status().zones().get(Zone.HEEL).level()).isEqualTo(199 % 6);
            } finally {
                link.close();
            }
        }
    }
}
