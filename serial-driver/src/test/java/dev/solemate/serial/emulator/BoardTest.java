package dev.solemate.serial.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceEvent;
import dev.solemate.serial.protocol.DeviceMessage;
import dev.solemate.serial.protocol.ErrorCode;
import dev.solemate.serial.protocol.Operation;
import dev.solemate.serial.protocol.ProtocolException;
import dev.solemate.serial.protocol.Request;
import dev.solemate.serial.protocol.text.TextProtocol;
import dev.solemate.time.VirtualTimeline;
import java.nio.charset.StandardCharsets;
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

    /** A text line as the board's link hands it over: decoded, or refused by the codec. */
    private DeviceMessage line(String text) {
        try {
            return board.handle(new TextProtocol().codec().decodeRequest(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (ProtocolException e) {
            return board.refuse(e);
        }
    }

    private static String checked(String body) {
        int x = 0;
        for (byte b : body.getBytes(StandardCharsets.US_ASCII)) {
            x ^= b;
        }
        return body + "*" + String.format("%02X", x);
    }

    private static ErrorCode code(DeviceMessage m) {
        return ((DeviceMessage.Nak) m).code();
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

    @Test
    void aHelloForAVersionTheBoardCannotSpeakIsRefusedAndOpensNoSession() {
        assertThat(send(4, new Operation.Hello(0))).isEqualTo(new DeviceMessage.Nak(4, ErrorCode.UNSUPPORTED_VERSION,
                "this board speaks version 1"));
        assertThat(code(send(5, new Operation.Ping()))).isEqualTo(ErrorCode.NO_SESSION);
    }

    @Test
    void aRefusedHelloLeavesTheOpenSessionAsItWas() {
        send(0, new Operation.Hello(1));
        send(1, arch(2));
        assertThat(code(send(7, new Operation.Hello(0)))).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
        assertThat(code(line(checked("8 HELLO")))).isEqualTo(ErrorCode.BAD_SYNTAX);

        assertThat(send(1, arch(2))).isEqualTo(new DeviceMessage.Ack(1)); // still remembered
        assertThat(send(2, arch(3))).isEqualTo(new DeviceMessage.Ack(2)); // still expected
    }

    @Test
    void aHelloAskingForALaterVersionIsAnsweredWithTheVersionTheBoardSpeaks() {
        assertThat(send(3, new Operation.Hello(7))).isEqualTo(new DeviceMessage.HelloAck(3, board.hello()));
        assertThat(board.hello().protocolVersion()).isEqualTo(1);
    }

    @Test
    void aTypedHelloIsAnsweredForAPersonButOpensNoSession() {
        assertThat(line("HELLO 1")).isEqualTo(new DeviceMessage.HelloAck(Request.TYPED, board.hello()));
        assertThat(code(send(1, new Operation.Ping()))).isEqualTo(ErrorCode.NO_SESSION);
        assertThat(line("STATUS")).isInstanceOf(DeviceMessage.StatusAck.class);
    }

    @Test
    void duringASessionEveryLineWithoutAChecksumIsRefusedWhateverItHolds() {
        send(0, new Operation.Hello(1));
        for (String typed : new String[] {"SET arch knead 3", "JUMP", "   ", "SET arch knead", "12 PING", "PI\u0001NG"}) {
            assertThat(line(typed)).as(typed).extracting(m -> ((DeviceMessage.Nak) m).seq(), BoardTest::code)
                    .containsExactly(Request.TYPED, ErrorCode.NO_CHECKSUM);
        }
        assertThat(code(line(checked("SET arch knead 3")))).isEqualTo(ErrorCode.NO_CHECKSUM);
        assertThat(board.isIdle()).isTrue();
    }

    @Test
    void aMalformedChecksumIsABadChecksumCarryingTheSequenceNumberAsRead() {
        send(0, new Operation.Hello(1));
        for (String damaged : new String[] {"12 PING*4", "12 PING*ZZ", "12 PING*", "12 PING*03 "}) {
            assertThat(line(damaged)).as(damaged).extracting(m -> ((DeviceMessage.Nak) m).seq(), BoardTest::code)
                    .containsExactly(12, ErrorCode.BAD_CHECKSUM);
        }
        assertThat(line("x2 PING*00")).extracting(m -> ((DeviceMessage.Nak) m).seq()).isEqualTo(Request.TYPED);
    }

    @Test
    void aSequenceNumberWithALeadingZeroIsBadSyntaxWithoutANumber() {
        send(0, new Operation.Hello(1));
        assertThat(line(checked("01 PING"))).extracting(m -> ((DeviceMessage.Nak) m).seq(), BoardTest::code)
                .containsExactly(Request.TYPED, ErrorCode.BAD_SYNTAX);
        assertThat(send(1, new Operation.Ping())).isEqualTo(new DeviceMessage.Ack(1)); // nothing was consumed
    }

    @Test
    void theWatchdogStopsEverythingExactlyHeartbeatMillisecondsAfterTheLastValidRequest() {
        send(0, new Operation.Hello(1));
        send(1, arch(4));
        time.advance(Duration.ofMillis(999));
        assertThat(board.isIdle()).isFalse();
        time.advance(Duration.ofMillis(1));

        assertThat(board.isIdle()).isTrue();
        assertThat(sent).containsExactly(
                new DeviceMessage.Notice(new DeviceEvent.Fault("WATCHDOG", "no request for 1000 ms; everything stopped")),
                new DeviceMessage.Notice(new DeviceEvent.StatusReport(board.status())));
        assertThat(code(send(2, new Operation.Ping()))).isEqualTo(ErrorCode.NO_SESSION);
    }

    @Test
    void refusalsThatCarryTheSequenceNumberFeedTheWatchdogAndDamagedOrTypedLinesDoNot() {
        send(0, new Operation.Hello(1));
        send(1, arch(4));
        time.advance(Duration.ofMillis(600));
        assertThat(code(send(0, new Operation.Ping()))).isEqualTo(ErrorCode.STALE); // valid: feeds
        time.advance(Duration.ofMillis(600));
        assertThat(board.isIdle()).isFalse();

        for (int i = 0; i < 9; i++) {
            time.advance(Duration.ofMillis(100));
            line("PING"); // typed during a session
            line("2 PING*00"); // bad checksum
            line("2 PING"); // no checksum
        }
        time.advance(Duration.ofMillis(100));
        assertThat(board.isIdle()).isTrue();
    }

    @Test
    void theHeaterCutOffReportsTheTemperatureThenTheNewStatus() {
        send(0, new Operation.Hello(1));
        send(1, new Operation.SetHeat(45));
        board.setTemperature(46.5);
        time.advance(Duration.ofMillis(10));
        send(2, new Operation.Ping());

        assertThat(sent).hasSize(2);
        assertThat(((DeviceMessage.Notice) sent.get(0)).event()).isInstanceOf(DeviceEvent.OverTemperature.class);
        assertThat(((DeviceMessage.Notice) sent.get(1)).event()).isInstanceOf(DeviceEvent.StatusReport.class)
                .extracting(e -> ((DeviceEvent.StatusReport) e).status().heatTarget().isPresent()).isEqualTo(false);
    }
}
