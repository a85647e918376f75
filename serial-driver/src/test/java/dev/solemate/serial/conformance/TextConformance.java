package dev.solemate.serial.conformance;

import static dev.solemate.serial.conformance.Conformance.checked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.solemate.serial.conformance.RawPort.Message;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The text dialect's rules (docs/protocol.md), each test one rule, spoken raw over a real serial port
 * to a device started fresh for the test. A subclass says which device: {@link #startDevice()}.
 * Every line the device sends is also checked against §2 as it arrives ({@link RawPort}).
 */
@Timeout(30)
abstract class TextConformance {

    /** How late a line may arrive beyond what the device promises: the pseudo-terminal and this JVM, on a busy machine. */
    static final long SLACK_MS = 60;
    /** How late an output may change beyond what the device promises, in the best of three tries (the device stamps it). */
    static final long CLOCK_SLACK_MS = 3;
    private static final byte STOP = 0x18;
    private static final List<String> ZONES = List.of("toes", "ball", "arch", "heel", "ankle", "calf");

    private DeviceUnderTest device;
    RawPort port;
    private Map<String, String> hello = Map.of();
    private final Map<String, List<String>> zones = new LinkedHashMap<>();

    /** Starts the device under test (skipping the test when it cannot run here). */
    abstract DeviceUnderTest startDevice() throws Exception;

    @BeforeEach
    void connect() throws Exception {
        device = startDevice();
        port = RawPort.text(device.portPath());
        stopAndSync();
        if (device.sharedBetweenTests()) {
            endSessionLeftOpen();
        }
    }

    /** Back to the power-on state on a device that was not restarted: no session (§8 ends one). */
    private void endSessionLeftOpen() throws Exception {
        port.send(checked("1 PING"));
        Message m = port.next();
        if (m.is("ERR 1 NO_SESSION")) {
            return;
        }
        Message fault;
        do {
            fault = port.next(Duration.ofSeconds(70));
        } while (!fault.is("EVT FAULT WATCHDOG"));
        port.drain(Duration.ofMillis(100));
    }

    /** Closing a serial port takes jSerialComm about 0.4 s: done behind the next test's back, all awaited at the end. */
    @AfterEach
    void disconnect() throws Exception {
        if (device != null && device.sharedBetweenTests()) {
            port.close(); // the next test opens the same port, which must be free by then
            return;
        }
        Closer.close(port, device);
    }

    @AfterAll
    static void awaitClosed() throws InterruptedException {
        Closer.awaitAll();
    }

    // ------------------------------------------------------------------ §3, §6, §12: handshake and versions

    @Test
    void helloOpensASessionAndAnnouncesTheRequiredFields() throws Exception {
        Map<String, String> f = open(7);

        assertThat(f).containsKeys("proto", "model", "fw", "sn", "rx", "hb");
        assertThat(f.get("proto")).isEqualTo("1");
        assertThat(Integer.parseInt(f.get("rx"))).as("rx: one longest line, 64 + \\r\\n (§3)").isGreaterThanOrEqualTo(66);
        assertThat(f.get("model")).matches("[a-z0-9-]+");
        assertThat(ask(8, "PING").body()).isEqualTo("OK 8");
    }

    @Test
    void beforeHelloEverySequencedRequestIsRefusedNoSessionWithoutLookingAtItsVerb() throws Exception {
        assertAnswer(ask(5, "PING"), "ERR 5 NO_SESSION");
        assertAnswer(ask(6, "JUMP"), "ERR 6 NO_SESSION");
        assertAnswer(ask(6, "SET arch knead"), "ERR 6 NO_SESSION");
    }

    @Test
    void helloForAVersionTheDeviceCannotSpeakIsRefusedAndOpensNoSession() throws Exception {
        assertAnswer(ask(3, "HELLO 0"), "ERR 3 UNSUPPORTED_VERSION");
        assertAnswer(ask(4, "PING"), "ERR 4 NO_SESSION");
    }

    @Test
    void aRefusedHelloLeavesTheOpenSessionExactlyAsItWas() throws Exception {
        open(10);
        assertThat(ask(11, "PING").body()).isEqualTo("OK 11");

        assertAnswer(ask(50, "HELLO 0"), "ERR 50 UNSUPPORTED_VERSION");
        assertAnswer(ask(51, "HELLO"), "ERR 51 BAD_SYNTAX");

        assertThat(ask(11, "PING").body()).as("11 is still remembered").isEqualTo("OK 11");
        assertThat(ask(12, "PING").body()).as("12 is still expected").isEqualTo("OK 12");
    }

    @Test
    void helloForALaterVersionIsAnsweredWithTheHighestVersionTheDeviceSpeaks() throws Exception {
        Message m = ask(0, "HELLO 2");
        assertAnswer(m, "OK 0 HELLO");
        assertThat(Conformance.fields(m.body())).containsEntry("proto", "1");
    }

    @Test
    void aTypedHelloIsAnsweredForAPersonButOpensNoSession() throws Exception {
        port.send("HELLO 1");
        assertAnswer(port.next(), "OK - HELLO");
        assertAnswer(ask(1, "PING"), "ERR 1 NO_SESSION");
    }

    @Test
    void helloAgainRestartsTheCountAndForgetsRememberedAnswers() throws Exception {
        open(0);
        ask(1, "PING");
        ask(2, "PING");

        open(100);

        assertAnswer(ask(2, "PING"), "ERR 2 STALE");
        assertThat(ask(101, "PING").body()).isEqualTo("OK 101");
    }

    // ------------------------------------------------------------------ §6: sequence numbers

    @Test
    void aSkippedNumberIsRefusedOutOfOrderUntilTheMissingRequestArrives() throws Exception {
        open(0);
        String zone = zone();
        assertAnswer(ask(2, set(zone, 2)), "ERR 2 OUT_OF_ORDER");
        assertThat(level(1, zone)).as("not executed").isZero();

        assertThat(ask(2, set(zone, 2)).body()).isEqualTo("OK 2");
        assertThat(level(3, zone)).isEqualTo(2);
    }

    @Test
    void aDuplicateIsAnsweredAgainByteForByteButNotExecutedTwice() throws Exception {
        open(0);
        String zone = zone();
        Message first = ask(1, set(zone, 1));
        assertThat(ask(2, set(zone, 2)).body()).isEqualTo("OK 2");

        assertThat(ask(1, set(zone, 1)).text()).isEqualTo(first.text());
        assertThat(level(3, zone)).as("the resent 1 did not run again after 2").isEqualTo(2);
    }

    @Test
    void theAnswersOfTheLast16RequestsAreRemembered() throws Exception {
        open(0);
        List<String> answers = new ArrayList<>();
        for (int seq = 1; seq <= 20; seq++) {
            answers.add(ask(seq, seq % 2 == 0 ? "STATUS" : "PING").text());
        }
        for (int seq = 5; seq <= 20; seq++) {
            assertThat(ask(seq, seq % 2 == 0 ? "STATUS" : "PING").text()).as("resend of %d", seq).isEqualTo(answers.get(seq - 1));
        }
    }

    @Test
    void aRefusalOfAGoodLineConsumesItsNumberAndIsRemembered() throws Exception {
        open(0);
        Message refusal = ask(1, "JUMP");
        assertAnswer(refusal, "ERR 1 UNKNOWN_VERB");
        assertAnswer(ask(2, "SET " + zone()), "ERR 2 BAD_SYNTAX");
        assertAnswer(ask(3, "SET " + zone() + " " + technique() + " " + (steps() + 1)), "ERR 3 BAD_ARG");

        assertThat(ask(1, "JUMP").text()).isEqualTo(refusal.text());
        assertThat(ask(4, "PING").body()).isEqualTo("OK 4");
    }

    @Test
    void aRequestBehindTheExpectedNumberThatIsNotRememberedIsStale() throws Exception {
        open(100);
        assertAnswer(ask(90, "PING"), "ERR 90 STALE");
        assertThat(ask(101, "PING").body()).as("STALE consumed nothing").isEqualTo("OK 101");
    }

    @Test
    void behindMeansUpToHalfTheModulusBackAndAnythingElseIsAhead() throws Exception {
        open(5999); // expects 6000
        assertAnswer(ask(1000, "PING"), "ERR 1000 STALE"); // 5000 behind
        assertAnswer(ask(999, "PING"), "ERR 999 OUT_OF_ORDER"); // 5001 behind = 4999 ahead
        assertAnswer(ask(6001, "PING"), "ERR 6001 OUT_OF_ORDER");
    }

    @Test
    void sequenceNumbersWrapFrom9999To0() throws Exception {
        open(9998);
        Message last = ask(9999, "PING");
        assertThat(last.body()).isEqualTo("OK 9999");
        assertThat(ask(0, "PING").body()).isEqualTo("OK 0");
        assertThat(ask(9999, "PING").text()).as("remembered across the wrap").isEqualTo(last.text());
        assertAnswer(ask(9990, "PING"), "ERR 9990 STALE");
    }

    // ------------------------------------------------------------------ §2, §10: checksums and numbers

    @Test
    void aBadOrMalformedChecksumIsRefusedWithTheSequenceNumberAsRead() throws Exception {
        open(0);
        for (String line : List.of("1 PING*00", "1 PING*4", "1 PING*ZZ", "1 PING*", "1 PING*03 ")) {
            port.send(line);
            assertAnswer(port.next(), "ERR 1 BAD_CHECKSUM");
        }
        port.send("x1 PING*00");
        assertAnswer(port.next(), "ERR - BAD_CHECKSUM");
        assertThat(ask(1, "PING").body()).as("nothing was consumed").isEqualTo("OK 1");
    }

    @Test
    void aChecksumInLowerCaseIsAccepted() throws Exception {
        open(0);
        port.send(checked("1 PING").toLowerCase().replace("ping", "PING"));
        assertThat(port.next().body()).isEqualTo("OK 1");
    }

    @Test
    void aSequencedLineWithoutChecksumIsRefusedNoChecksumInEveryState() throws Exception {
        port.send("1 PING");
        assertAnswer(port.next(), "ERR - NO_CHECKSUM");
        open(0);
        port.send("1 PING");
        assertAnswer(port.next(), "ERR - NO_CHECKSUM");
        assertThat(ask(1, "PING").body()).isEqualTo("OK 1");
    }

    @Test
    void aSequenceNumberHasOneSpellingOnly() throws Exception {
        open(0);
        port.send(checked("01 PING"));
        assertAnswer(port.next(), "ERR - BAD_SYNTAX");
        port.send(checked("10000 PING"));
        assertAnswer(port.next(), "ERR - BAD_SYNTAX");
        assertAnswer(ask(1, "SET " + zone() + " " + technique() + " 01"), "ERR 1 BAD_ARG");
        assertThat(ask(2, "PING").body()).isEqualTo("OK 2");
    }

    @Test
    void tokensAreSeparatedByOneOrMoreSpacesAndVerbsAndNamesAreCaseInsensitive() throws Exception {
        open(0);
        String zone = zone();
        port.send(checked("  1   set  " + zone.toUpperCase() + "  " + technique().toUpperCase() + "   1  "));
        assertThat(port.next().body()).isEqualTo("OK 1");
        assertThat(level(2, zone)).isEqualTo(1);
    }

    // ------------------------------------------------------------------ §2, §4, §10: lines, order of answers

    @Test
    void aLineOf64BytesIsAcceptedWithEitherTerminatorAnd65IsTooLong() throws Exception {
        open(0);
        String line64 = padded(1, 64);
        assertThat(line64).hasSize(64);
        port.write((line64 + "\r\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(port.next().body()).isEqualTo("OK 1");
        port.send(padded(2, 64));
        assertThat(port.next().body()).isEqualTo("OK 2");

        port.write((padded(3, 65) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        assertAnswer(port.next(), "ERR - TOO_LONG");
        assertThat(ask(3, "PING").body()).as("read afresh after the overlong line").isEqualTo("OK 3");
    }

    @Test
    void emptyLinesAreIgnored() throws Exception {
        open(0);
        port.write("\n\r\n\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(ask(1, "PING").body()).isEqualTo("OK 1");
        port.assertQuiet(Duration.ofMillis(100));
    }

    @Test
    void answersComeInTheOrderOfTheLinesWhateverWentWrongWithThem() throws Exception {
        open(0);
        String burst = checked("1 PING") + "\n"
                + padded(2, 80) + "\n"
                + "PING\n"
                + "2 PING*00\n"
                + checked("2 PING") + "\n";
        port.write(burst.getBytes(StandardCharsets.US_ASCII));

        assertThat(port.next().body()).isEqualTo("OK 1");
        assertAnswer(port.next(), "ERR - TOO_LONG");
        assertAnswer(port.next(), "ERR - NO_CHECKSUM");
        assertAnswer(port.next(), "ERR 2 BAD_CHECKSUM");
        assertThat(port.next().body()).isEqualTo("OK 2");
    }

    // ------------------------------------------------------------------ §3: typing mode

    @Test
    void outsideASessionTypedLinesAreExecutedAndAnsweredWithADash() throws Exception {
        String zone = zone();
        port.send("set " + zone + " " + technique() + " 1");
        assertThat(port.next().body()).isEqualTo("OK -");
        port.send(checked("STATUS"));
        Message status = port.next();
        assertAnswer(status, "OK - STATUS");
        assertThat(Conformance.fields(status.body()).get(zone)).endsWith(":1");
        port.send("JUMP");
        assertAnswer(port.next(), "ERR - UNKNOWN_VERB");
    }

    @Test
    void duringASessionEveryLineThatIsNotSequencedAndChecksummedIsRefusedNoChecksum() throws Exception {
        open(0);
        String zone = zone();
        for (String typed : List.of("SET " + zone + " " + technique() + " 1", "JUMP", "   ", "SET", "PI\u0001NG",
                checked("SET " + zone + " " + technique() + " 1"))) {
            port.send(typed);
            assertAnswer(port.next(), "ERR - NO_CHECKSUM");
        }
        assertThat(level(1, zone)).isZero();
    }

    // ------------------------------------------------------------------ §10: garbage and resynchronisation

    @Test
    void garbageUpToTheNextNewlineIsOneLineAndTheLineAfterItIsReadAfresh() throws Exception {
        open(0);
        port.write(new byte[] {'z', (byte) 0xFF, 0x01, '*', '7', (byte) 0x80, 0x7F, ' ', '9'});
        port.write(("\n" + checked("1 PING") + "\n").getBytes(StandardCharsets.US_ASCII));

        assertThat(port.next().body()).startsWith("ERR - ");
        assertThat(port.next().body()).isEqualTo("OK 1");
    }

    @Test
    void aControlByteInACheckedLineIsBadSyntaxAndConsumesTheNumber() throws Exception {
        open(0);
        port.send(checked("1 PI\u0001NG"));
        assertAnswer(port.next(), "ERR 1 BAD_SYNTAX");
        assertThat(ask(2, "PING").body()).isEqualTo("OK 2");
    }

    // ------------------------------------------------------------------ §6 host rules: go-back-N

    @Test
    void goBackN_aDamagedRequestInAPipelineIsRepairedByResendingEverythingFromIt() throws Exception {
        open(0);
        String zone = zone();
        StringBuilder burst = new StringBuilder(checked("1 " + set(zone, 1)) + "\n");
        burst.append("2 ").append(set(zone, 2)).append("*00\n"); // damaged on the way
        for (int seq = 3; seq <= 5; seq++) {
            burst.append(checked(seq + " " + set(zone, seq % 2 == 0 ? 2 : 1))).append('\n');
        }
        port.write(burst.toString().getBytes(StandardCharsets.US_ASCII));
        assertThat(port.next().body()).isEqualTo("OK 1");
        assertAnswer(port.next(), "ERR 2 BAD_CHECKSUM");
        for (int seq = 3; seq <= 5; seq++) {
            assertAnswer(port.next(), "ERR " + seq + " OUT_OF_ORDER");
        }

        StringBuilder resend = new StringBuilder();
        for (int seq = 1; seq <= 5; seq++) {
            resend.append(checked(seq + " " + set(zone, seq % 2 == 0 ? 2 : 1))).append('\n');
        }
        port.write(resend.toString().getBytes(StandardCharsets.US_ASCII));
        for (int seq = 1; seq <= 5; seq++) {
            assertThat(port.next().body()).isEqualTo("OK " + seq);
        }
        assertThat(level(6, zone)).as("5 ran last").isEqualTo(1);
    }

    // ------------------------------------------------------------------ §9: flow control and overflow

    @Test
    void rxBytesOfRequestsInFlightAreAllAnsweredWithoutOverflow() throws Exception {
        int rx = Integer.parseInt(open(0).get("rx"));
        ByteArrayOutputStream burst = new ByteArrayOutputStream();
        int seq = 1;
        while (true) {
            byte[] line = (checked(seq + " PING") + "\n").getBytes(StandardCharsets.US_ASCII);
            if (burst.size() + line.length > rx) {
                break;
            }
            burst.writeBytes(line);
            seq++;
        }
        port.write(burst.toByteArray());
        for (int s = 1; s < seq; s++) {
            assertThat(port.next().body()).isEqualTo("OK " + s);
        }
        port.assertQuiet(Duration.ofMillis(100));
    }

    @Test
    void inputLostToAFullBufferIsReportedOnceAndTheHostsResendsRepairIt() throws Exception {
        int rx = Integer.parseInt(open(0).get("rx"));
        device.slowMainLoop(Duration.ofMillis(15));
        ByteArrayOutputStream burst = new ByteArrayOutputStream();
        int last = 0;
        while (burst.size() < 3 * rx) {
            last++;
            burst.writeBytes((checked(last + " PING") + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        port.write(burst.toByteArray());
        List<Message> answers = port.drain(Duration.ofMillis(500));
        device.slowMainLoop(Duration.ZERO);

        assertThat(answers).anyMatch(m -> m.is("ERR - OVERFLOW"));
        int answered = 0;
        for (Message m : answers) {
            if (m.body().startsWith("OK ")) {
                int seq = Integer.parseInt(m.body().substring(3));
                assertThat(seq).as("answers in order, none twice: " + answers).isEqualTo(answered + 1);
                answered = seq;
            }
        }
        assertThat(answered).as("input was lost").isLessThan(last);
        for (int seq = answered + 1; seq <= last; seq++) {
            // a damaged tail may still be in the device's line buffer: the host resends on a retryable refusal (§6)
            Message m = ask(seq, "PING");
            for (int retry = 0; retry < 3 && m.body().matches("ERR (-|" + seq + ") (BAD_CHECKSUM|NO_CHECKSUM|TOO_LONG) .*"); retry++) {
                m = ask(seq, "PING");
            }
            assertThat(m.body()).isEqualTo("OK " + seq);
        }
    }

    // ------------------------------------------------------------------ §7: the real-time stop

    @Test
    void theStopByteZeroesEverythingAndTheNextNumberStartsTheCount() throws Exception {
        open(0);
        String zone = zone();
        ask(1, set(zone, 1));
        heatOn(2);

        port.write(new byte[] {STOP});
        assertAnswer(port.next(), "EVT STOPPED");

        Message status = ask(77, "STATUS");
        assertAnswer(status, "OK 77 STATUS");
        assertAllZero(status);
        assertThat(ask(1, set(zone, 1)).body()).as("remembered answers are kept: a duplicate").isEqualTo("OK 1");
        assertThat(level(78, zone)).as("the duplicate did not run").isZero();
    }

    @Test
    void theStopByteInTheMiddleOfALineDiscardsTheLine() throws Exception {
        open(0);
        String zone = zone();
        port.write(("1 " + set(zone, 1).substring(0, 8)).getBytes(StandardCharsets.US_ASCII));
        port.write(new byte[] {STOP});
        assertAnswer(port.next(), "EVT STOPPED");
        port.write((set(zone, 1).substring(8) + "\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(port.next().body()).as("the rest is a line of its own").startsWith("ERR - ");
        assertThat(level(50, zone)).isZero();
    }

    @Test
    void theStopByteUnderAFullStreamIsTakenAtOnceAndNothingSentBeforeItIsAnsweredAfterEvtStopped() throws Exception {
        int rx = Integer.parseInt(open(0).get("rx"));
        String zone = zone();
        ByteArrayOutputStream burst = new ByteArrayOutputStream();
        int seq = 0;
        while (burst.size() < 3 * rx) {
            seq++;
            burst.writeBytes((checked(seq + " " + set(zone, 1)) + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        burst.write(STOP);
        burst.writeBytes((checked("5000 STATUS") + "\n").getBytes(StandardCharsets.US_ASCII));
        port.write(burst.toByteArray());

        Message m;
        while (!(m = port.next()).is("EVT STOPPED")) {
            assertThat(m.body()).as("before EVT STOPPED: answers to the stream").matches("(OK \\d+|ERR .*)");
        }
        Message status = port.next();
        assertAnswer(status, "OK 5000 STATUS");
        assertAllZero(status);
        port.assertQuiet(Duration.ofMillis(150));
    }

    @Test
    void theStopByteWorksOutsideASession() throws Exception {
        String zone = zone();
        port.send("SET " + zone + " " + technique() + " 1");
        assertThat(port.next().body()).isEqualTo("OK -");
        port.write(new byte[] {STOP});
        assertAnswer(port.next(), "EVT STOPPED");
        port.send("STATUS");
        assertAllZero(port.next());
    }

    // ------------------------------------------------------------------ §8: the watchdog

    @Test
    void theWatchdogStopsEverythingWhenTheHostFallsSilent() throws Exception {
        int hb = heartbeat();
        String zone = zone();
        ask(1, set(zone, 1));
        heatOn(2);
        long sent = System.nanoTime();
        Message last = ask(3, "PING"); // received between `sent` and this answer's arrival

        Message fault = port.next(Duration.ofMillis(hb + 1000));
        assertAnswer(fault, "EVT FAULT WATCHDOG");
        // the exact bounds, on the outputs: theWatchdogHasTheOutputsAtZeroWithinHbPlus10Milliseconds
        assertThat(millis(fault.nanos() - sent)).as("not long before hb after the last valid request (§8)")
                .isGreaterThanOrEqualTo(hb - SLACK_MS);
        assertThat(millis(fault.nanos() - last.nanos())).as("about hb after it (hb + 10 ms, plus %d ms for the way here)", SLACK_MS)
                .isLessThanOrEqualTo(hb + 10 + SLACK_MS);
        Message status = port.next();
        assertAnswer(status, "EVT STATUS");
        assertAllZero(status);

        assertAnswer(ask(4, "PING"), "ERR 4 NO_SESSION");
        port.send("STATUS");
        assertAllZero(port.next());
    }

    /**
     * §8's bound, on the device's outputs as the device stamps them: at zero no earlier than hb and no
     * later than hb + 10 ms after the last valid request. The request reached the device between its
     * sending and its answer's arrival, so those two instants bound it. A busy machine can make a device
     * late, and a simulated one that fell behind the wall clock and caught up look early; neither lasts,
     * so a device that meets the bound in one of three tries meets it.
     */
    @Test
    void theWatchdogHasTheOutputsAtZeroWithinHbPlus10Milliseconds() throws Exception {
        int hb = heartbeat();
        List<String> tries = new ArrayList<>();
        for (int attempt = 0; attempt < 3; attempt++) {
            open(10 * attempt);
            ask(10 * attempt + 1, set(zone(), 1));
            long sent = System.nanoTime();
            Message last = ask(10 * attempt + 2, "PING");
            assertAnswer(port.next(Duration.ofMillis(hb + 1000)), "EVT FAULT WATCHDOG");
            assertAnswer(port.next(), "EVT STATUS");
            long zero = device.outputsZeroSince(Duration.ofSeconds(1));

            double early = millis(zero - sent) - hb; // >= 0 when not early: the request left before it arrived
            double late = millis(zero - last.nanos()) - hb; // <= 10 when not late: it arrived before its answer
            if (early >= -1 && late <= 10 + CLOCK_SLACK_MS) {
                return;
            }
            tries.add(String.format("zero at hb %+.1f ms after the request left, hb %+.1f ms after its answer came", early, late));
        }
        fail("the outputs did not reach zero between hb and hb + 10 ms after the last valid request in any try "
                + "(allowing " + CLOCK_SLACK_MS + " ms for this machine): " + tries);
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    @Test
    void damagedTypedAndGarbageLinesDoNotFeedTheWatchdog() throws Exception {
        int hb = heartbeat();
        Message last = ask(1, set(zone(), 1));
        List<String> junk = List.of("PING", "2 PING", "2 PING*00", "\u0001\u0002zz", padded(2, 70), checked("PING"));
        Message fault = null;
        for (int i = 0; fault == null && i < 40; i++) {
            port.send(junk.get(i % junk.size()));
            Message m = port.next();
            if (m.is("EVT FAULT WATCHDOG")) {
                fault = m;
            } else {
                assertThat(m.body()).matches("ERR (-|2) (NO_CHECKSUM|BAD_CHECKSUM|BAD_SYNTAX|TOO_LONG) .*");
                Message early = port.poll(Duration.ofMillis(hb / 8));
                fault = early != null && early.is("EVT FAULT WATCHDOG") ? early : null;
            }
        }
        assertThat(fault).as("the watchdog fired although junk kept coming").isNotNull();
        assertThat((fault.nanos() - last.nanos()) / 1_000_000).isLessThanOrEqualTo(hb + 10 + SLACK_MS);
    }

    @Test
    void everyAnswerCarryingTheSequenceNumberFeedsTheWatchdogEvenARefusal() throws Exception {
        int hb = heartbeat(); // HELLO 0: expects 1
        String zone = zone();
        ask(1, set(zone, 1));
        long until = System.nanoTime() + (hb * 3L / 2) * 1_000_000;
        int seq = 2;
        while (System.nanoTime() < until) {
            assertAnswer(ask(seq + 100, "PING"), "ERR " + (seq + 100) + " OUT_OF_ORDER");
            Thread.sleep(hb / 4);
            assertAnswer(ask(seq, "JUMP"), "ERR " + seq + " UNKNOWN_VERB");
            seq++;
            Thread.sleep(hb / 4);
        }
        assertThat(level(seq, zone)).as("still running after 1.5 hb of refused but valid requests").isEqualTo(1);
    }

    @Test
    void typedLinesNeverArmTheWatchdog() throws Exception {
        int hb = heartbeat(); // only to learn hb; the session is ended below by a power-on state
        port.write(new byte[] {STOP});
        assertAnswer(port.next(), "EVT STOPPED");
        // wait out this session's watchdog, then type
        assertAnswer(port.next(Duration.ofMillis(hb + 1000)), "EVT FAULT WATCHDOG");
        assertAnswer(port.next(), "EVT STATUS");
        String zone = zone();
        port.send("SET " + zone + " " + technique() + " 1");
        assertThat(port.next().body()).isEqualTo("OK -");

        port.assertQuiet(Duration.ofMillis(hb + 10 + SLACK_MS));
        port.send("STATUS");
        assertThat(Conformance.fields(port.next().body()).get(zone)).endsWith(":1");
    }

    // ------------------------------------------------------------------ §5: events and the heater cut-off

    /**
     * Outside a session, so that no watchdog event can come first. A press is held for a set wall-clock
     * time; a simulated MCU lagging behind the wall clock on a busy machine can miss one, so it is
     * pressed again (at most three times) until reported.
     */
    @Test
    void aButtonPressIsReportedAsAnEvent() throws Exception {
        Message m = null;
        for (int press = 0; press < 3 && m == null; press++) {
            device.pressButton("power");
            m = port.poll(Duration.ofSeconds(3)); // as long as any answer may take: a simulation can lag
        }
        assertThat(m).as("EVT BUTTON after three presses").isNotNull();
        assertThat(m.body()).isEqualTo("EVT BUTTON power");
    }

    @Test
    void theHeaterCutOffTurnsTheHeatOffReportsItAndLocksTheHeaterOutUntilItCools() throws Exception {
        open(0);
        int[] heat = heatRange();
        assertThat(ask(1, "HEAT " + heat[1]).body()).isEqualTo("OK 1");

        device.setTemperature(heat[1] + 15);

        Message overtemp = port.next(Duration.ofSeconds(2));
        assertAnswer(overtemp, "EVT OVERTEMP");
        assertThat(overtemp.body().split(" ")[2]).matches("-?[1-9]?[0-9]+\\.[0-9]");
        Message status = port.next();
        assertAnswer(status, "EVT STATUS");
        assertThat(Conformance.fields(status.body())).containsEntry("heat", "off");
        assertAnswer(ask(2, "HEAT " + heat[0]), "ERR 2 OVERTEMP");
        assertThat(ask(3, "HEAT OFF").body()).isEqualTo("OK 3");

        device.setTemperature(25);
        int seq = 4;
        Message m;
        long deadline = System.nanoTime() + 3_000_000_000L;
        while ((m = ask(seq, "HEAT " + heat[0])).is("ERR " + seq + " OVERTEMP") && System.nanoTime() < deadline) {
            seq++;
            Thread.sleep(50);
        }
        assertThat(m.body()).as("accepted again once cooled").isEqualTo("OK " + seq);
    }

    // ------------------------------------------------------------------ helpers

    /** Sends 0x18 until EVT STOPPED comes (a device may print a banner first), then waits for quiet. */
    private void stopAndSync() throws Exception {
        for (int attempt = 0; attempt < 3; attempt++) {
            port.write(new byte[] {STOP});
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < deadline) {
                Message m = port.poll(Duration.ofMillis(100));
                if (m != null && m.is("EVT STOPPED")) {
                    port.drain(Duration.ofMillis(30));
                    return;
                }
            }
        }
        fail("the device did not answer 0x18 with EVT STOPPED");
    }

    /** Opens a session with HELLO number {@code h}; returns the answer's fields. */
    Map<String, String> open(int h) throws Exception {
        Message m = ask(h, "HELLO 1");
        assertAnswer(m, "OK " + h + " HELLO");
        hello = Conformance.fields(m.body());
        zones.clear();
        Optional.ofNullable(hello.get("zones")).ifPresent(z -> {
            for (String entry : z.split(",")) {
                String[] zt = entry.split(":");
                zones.put(zt[0], List.of(zt[1].split("\\+")));
            }
        });
        return hello;
    }

    private int heartbeat() throws Exception {
        int hb = Integer.parseInt(open(0).get("hb"));
        Assumptions.assumeTrue(hb > 0, "the device has no watchdog (hb=0)");
        return hb;
    }

    Message ask(int seq, String body) throws Exception {
        port.send(checked(seq + " " + body));
        return port.next();
    }

    static void assertAnswer(Message m, String head) {
        assertThat(m.is(head)).as("expected a line starting '%s', got '%s'", head, m).isTrue();
    }

    /** The device's first zone (from HELLO's zones=; a typed HELLO when no session was opened). */
    private String zone() throws Exception {
        ensureCapabilities();
        return zones.keySet().iterator().next();
    }

    private String technique() throws Exception {
        ensureCapabilities();
        return zones.values().iterator().next().get(0);
    }

    private int steps() throws Exception {
        ensureCapabilities();
        return Integer.parseInt(hello.get("steps"));
    }

    private int[] heatRange() throws Exception {
        ensureCapabilities();
        String heat = hello.get("heat");
        Assumptions.assumeTrue(heat != null && !heat.equals("none"), "the device has no heater");
        String[] mm = heat.split("-");
        return new int[] {Integer.parseInt(mm[0]), Integer.parseInt(mm[1])};
    }

    private void ensureCapabilities() throws Exception {
        if (zones.isEmpty()) {
            if (hello.isEmpty()) {
                port.send("HELLO 1"); // typed: answered without opening a session
                Message m = port.next();
                assertAnswer(m, "OK - HELLO");
                hello = Conformance.fields(m.body());
                Optional.ofNullable(hello.get("zones")).ifPresent(z -> {
                    for (String entry : z.split(",")) {
                        String[] zt = entry.split(":");
                        zones.put(zt[0], List.of(zt[1].split("\\+")));
                    }
                });
            }
            Assumptions.assumeFalse(zones.isEmpty(), "the device announces a profile, not its zones");
        }
    }

    private String set(String zone, int level) throws Exception {
        return "SET " + zone + " " + zones.get(zone).get(0) + " " + level;
    }

    private void heatOn(int seq) throws Exception {
        String heat = hello.get("heat");
        if (heat != null && !heat.equals("none")) {
            assertThat(ask(seq, "HEAT " + heat.split("-")[0]).body()).isEqualTo("OK " + seq);
        } else {
            ask(seq, "PING");
        }
    }

    /** The zone's level, from {@code seq STATUS} (the test says which number the device expects). */
    private int level(int seq, String zone) throws Exception {
        Message status = ask(seq, "STATUS");
        assertAnswer(status, "OK " + seq + " STATUS");
        return Integer.parseInt(Conformance.fields(status.body()).get(zone).split(":")[1]);
    }

    private static void assertAllZero(Message status) {
        Map<String, String> f = Conformance.fields(status.body());
        assertThat(f).containsEntry("heat", "off");
        for (String z : ZONES) {
            if (f.containsKey(z)) {
                assertThat(f.get(z)).as("zone %s in %s", z, status).endsWith(":0");
            }
        }
    }

    /** A checked PING request of exactly {@code length} bytes: spaces between the number and the verb. */
    private static String padded(int seq, int length) {
        String base = checked(seq + " PING");
        String spaces = " ".repeat(length - base.length());
        return checked(seq + spaces + " PING");
    }
}
