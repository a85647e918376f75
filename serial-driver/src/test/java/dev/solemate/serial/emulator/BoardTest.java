package dev.solemate.serial.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceEvent;
import dev.solemate.serial.protocol.DeviceMessage;
import dev.solemate.serial.protocol.ErrorCode;
import dev.solemate.serial.protocol.Operation;
import dev.solemate.serial.protocol.Request;
import dev.solemate.time.VirtualTimeline;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The emulated firmware's rules, on virtual time: sequence numbers, duplicates, watchdog, heater cut-off. */
class BoardTest {

    private final VirtualTimeline time = new VirtualTimeline();
    private final FaultInjector faults = new FaultInjector(1);
    private final Board board = new Board(EmulatorOptions.defaults(), faults, time, 10_000);
    private final List<DeviceMessage> sent = new CopyOnWriteArrayList<>();

    BoardTest() {
        board.setOutput(sent::add);
    }

    private DeviceMessage send(int seq, Operation op) {
        return board.handle(new Request(seq, op));
    }

    private static Operation.SetZone arch(int level) {
        return new Operation.SetZone(Zone.ARCH, Technique.KNEAD, level);
    }

    @Test
    void sequencedRequestsNeedAHelloFirst() {
        assertThat(send(5, arch(1))).isEqualTo(new DeviceMessage.Nak(5, ErrorCode.NO_SESSION, "send HELLO first"));
    }

    @Test
    void aDuplicateIsAnsweredAgainButNotExecutedTwice() {
        send(7, new Operation.Hello(1));
        assertThat(send(8, arch(2))).isEqualTo(new DeviceMessage.Ack(8));
        assertThat(send(8, arch(2))).isEqualTo(new DeviceMessage.Ack(8));

        assertThat(board.executed()).containsExactly(new Operation.Hello(1), arch(2));
        assertThat(board.duplicates()).isEqualTo(1);
    }

    @Test
    void aDuplicateOfARefusedRequestGetsTheSameRefusal() {
        send(0, new Operation.Hello(1));
        DeviceMessage first = send(1, new Operation.SetZone(Zone.CALF, Technique.KNEAD, 1));
        assertThat(first).isInstanceOf(DeviceMessage.Nak.class);
        assertThat(send(1, new Operation.SetZone(Zone.CALF, Technique.KNEAD, 1))).isEqualTo(first);
    }

    @Test
    void aSkippedSequenceNumberIsRefusedUntilTheMissingOneArrives() {
        send(0, new Operation.Hello(1));
        assertThat(send(2, arch(3))).isEqualTo(new DeviceMessage.Nak(2, ErrorCode.OUT_OF_ORDER, "expected 1"));
        assertThat(send(1, arch(1))).isEqualTo(new DeviceMessage.Ack(1));
        assertThat(send(2, arch(3))).isEqualTo(new DeviceMessage.Ack(2));
        assertThat(board.status().zones().get(Zone.ARCH).level()).isEqualTo(3);
    }

    @Test
    void aResendOlderThanTheDeviceRemembersIsStale() {
        send(0, new Operation.Hello(1));
        for (int seq = 1; seq <= Board.REMEMBERED + 1; seq++) {
            send(seq, new Operation.Ping());
        }
        assertThat(send(1, new Operation.Ping())).isEqualTo(new DeviceMessage.Nak(1, ErrorCode.STALE, "answer no longer remembered"));
    }

    @Test
    void theRealTimeStopZeroesEverythingAndLetsTheNextSequenceNumberStartTheCount() {
        send(0, new Operation.Hello(1));
        send(1, arch(4));
        send(2, new Operation.SetHeat(40));

        board.realtimeStop();

        assertThat(board.isIdle()).isTrue();
        assertThat(send(9, arch(1))).isEqualTo(new DeviceMessage.Ack(9));
        assertThat(send(1, arch(4))).isEqualTo(new DeviceMessage.Ack(1)); // still remembered: not executed again
        assertThat(board.status().zones().get(Zone.ARCH).level()).isEqualTo(1);
    }

    @Test
    void typedLinesWorkWithoutASessionButNotDuringOne() {
        assertThat(send(Request.TYPED, arch(2))).isEqualTo(new DeviceMessage.Ack(Request.TYPED));
        send(0, new Operation.Hello(1));
        assertThat(send(Request.TYPED, arch(5))).isInstanceOf(DeviceMessage.Nak.class)
                .extracting(m -> ((DeviceMessage.Nak) m).code()).isEqualTo(ErrorCode.NO_CHECKSUM);
        assertThat(board.status().zones().get(Zone.ARCH).level()).isEqualTo(2);
    }

    @Test
    void theWatchdogStopsEverythingWhenTheHostFallsSilent() {
        send(0, new Operation.Hello(1));
        send(1, arch(4));
        send(2, new Operation.SetHeat(40));

        time.advance(Duration.ofMillis(900));
        send(3, new Operation.Ping());
        time.advance(Duration.ofMillis(900));
        assertThat(board.isIdle()).isFalse();
        time.advance(Duration.ofMillis(200));

        assertThat(board.isIdle()).isTrue();
        assertThat(sent).anySatisfy(m -> assertThat(m).isInstanceOf(DeviceMessage.Notice.class)
                .extracting(n -> ((DeviceMessage.Notice) n).event()).isInstanceOf(DeviceEvent.Fault.class));
    }

    @Test
    void theHeaterCutsOutAtTheLimitAndRefusesHeatUntilItCools() {
        send(0, new Operation.Hello(1));
        send(1, new Operation.SetHeat(45));
        faults.heaterRunaway(true);
        for (int i = 0; i < 20; i++) {
            time.advance(Duration.ofMillis(100));
            send(2 + i, new Operation.Ping());
        }

        assertThat(board.status().heatTarget()).isEmpty();
        assertThat(sent).anySatisfy(m -> assertThat(m).isEqualTo(new DeviceMessage.Notice(new DeviceEvent.OverTemperature(
                ((DeviceEvent.OverTemperature) ((DeviceMessage.Notice) m).event()).celsius()))));
        assertThat(send(22, new Operation.SetHeat(40))).extracting(m -> ((DeviceMessage.Nak) m).code()).isEqualTo(ErrorCode.OVERTEMP);
        faults.none();
        board.setTemperature(38);
        time.advance(Duration.ofMillis(20));
        assertThat(send(23, new Operation.SetHeat(40))).isEqualTo(new DeviceMessage.Ack(23));
    }
}
