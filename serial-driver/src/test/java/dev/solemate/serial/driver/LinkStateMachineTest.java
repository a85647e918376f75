package dev.solemate.serial.driver;

import dev.solemate.serial.protocol.text.TextProtocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The host's rules of docs/protocol.md §6-§11, one row each, on the link's state machine alone: no
 * thread, no port, no sleep. Times are milliseconds on a virtual clock; {@code >} is what the host
 * writes, {@code <} what the device says (see {@link LinkScript} for every step).
 */
class LinkStateMachineTest {

    private static final LinkSettings DEFAULTS = LinkSettings.defaults(new TextProtocol()); // ack 250 ms, 3 resends

    /** §11 CLOSED -> READY, with the device's HELLO answer given its rx and hb. */
    private static List<String> handshake(int rx, int hb) {
        return List.of(
                "open ok",
                "> ^X @0",
                "> 0 HELLO 1 @0",
                "< EVT STOPPED",
                "< OK 0 " + hello("EMU-0001", rx, hb),
                "> 1 STOP @0",
                "< OK 1",
                "connected EMU-0001",
                "phase READY");
    }

    private static String hello(String sn, int rx, int hb) {
        return LinkScript.HELLO_FIELDS.replace("sn=EMU-0001", "sn=" + sn).replace("rx=128", "rx=" + rx)
                .replace("hb=900", "hb=" + hb);
    }

    private static Arguments rule(String rule, LinkSettings settings, List<String> before, String... steps) {
        List<String> all = new ArrayList<>(before);
        all.addAll(List.of(steps));
        return Arguments.of(rule, settings, all);
    }

    private static Arguments rule(String rule, List<String> before, String... steps) {
        return rule(rule, DEFAULTS, before, steps);
    }

    static Stream<Arguments> rules() {
        List<String> ready = handshake(128, 900);
        List<String> small = handshake(50, 900); // two 22-byte requests fit, a third does not
        List<String> quiet = handshake(128, 0);  // no watchdog: heartbeats only every second
        return Stream.of(
                rule("§11 handshake: 0x18 first, HELLO, the device's profile, STOP; READY once it confirmed zero", ready,
                        "> nothing"),
                rule("§11 HELLO is sent again every ack timeout until the connect timeout, then the open fails",
                        DEFAULTS.withConnectTimeout(Duration.ofSeconds(1)), List.of(),
                        "open ok", "> ^X @0", "> 0 HELLO 1 @0",
                        "at 250", "> 0 HELLO 1 @250", "at 500", "> 0 HELLO 1 @500", "at 750", "> 0 HELLO 1 @750",
                        "at 1000", "> nothing",
                        "connect-failed no Solemate device answered (expected it to answer the handshake (HELLO) within 1000 ms)",
                        "closed"),
                rule("§12 a device that answers another major version is refused, naming both", List.of(),
                        "open ok", "> ^X", "> 0 HELLO 1",
                        "< OK 0 " + LinkScript.HELLO_FIELDS.replace("proto=1", "proto=2"),
                        "connect-failed speaks protocol v2; this version of Solemate speaks v1"),
                rule("§11 before the session is ready a caller's request fails at once and nothing goes out", List.of(),
                        "open ok", "> ^X", "> 0 HELLO 1", "send 7 SET arch knead 3", "failed 7 is disconnected", "> nothing"),
                rule("§6 host 1: numbers go up by one per request and wrap at 10000", ready,
                        "seq 9998",
                        "send 1 SET arch knead 1", "send 2 SET arch knead 2", "send 3 SET arch knead 3",
                        "> 9998 SET arch knead 1", "> 9999 SET arch knead 2", "> 0 SET arch knead 3",
                        "< OK 9998", "< OK 9999", "< OK 0", "ok 1", "ok 2", "ok 3", "window 0"),
                rule("§6 a request resent after the ack timeout and answered twice completes once (after the timeout the"
                        + " first copy no longer counts against rx)", ready,
                        "send 1 SET arch knead 3", "> 2 SET arch knead 3 @0",
                        "at 250", "> 2 SET arch knead 3 @250", "resends 1", "window 22",
                        "< OK 2", "ok 1", "window 0", "< OK 2", "no-output", "window 0"),
                rule("§4 a final refusal fails the request with the device's reason; it is not resent", ready,
                        "send 1 SET calf knead 1", "> 2 SET calf knead 1",
                        "< ERR 2 BAD_ARG zone calf is not on this board",
                        "failed 1 dev refused SET calf knead 1: BAD_ARG (zone calf is not on this board)",
                        "at 260", "> nothing"),
                rule("§6 STALE is final", ready,
                        "send 1 SET arch knead 1", "> 2 SET arch knead 1", "< ERR 2 STALE", "failed 1 STALE"),
                rule("§10 a device line that does not decode is ignored; the ack timeout resends", ready,
                        "send 1 SET arch knead 1", "> 2 SET arch knead 1 @0", "<! OK 2*00", "pending 1",
                        "at 250", "> 2 SET arch knead 1 @250", "< OK 2", "ok 1"),
                rule("§6 host 3: go-back-N after the ack timeout, every unanswered request in order; lost after 3 resends",
                        ready,
                        "send 1 SET arch knead 1", "send 2 SET arch knead 2",
                        "> 2 SET arch knead 1 @0", "> 3 SET arch knead 2 @0",
                        "at 250", "> 2 SET arch knead 1 @250", "> 3 SET arch knead 2 @250",
                        "at 500", "> 2 SET arch knead 1 @500", "> 3 SET arch knead 2 @500",
                        "at 750", "> 2 SET arch knead 1 @750", "> 3 SET arch knead 2 @750",
                        "at 1000", "> nothing",
                        "event Disconnected did not acknowledge SET arch knead 1 after 4 tries, 250 ms apart",
                        "failed 1 disconnected", "failed 2 disconnected", "phase DISCONNECTED"),
                rule("§6 host 4 + §9: an ERR for the oldest request resends at once, but resent copies wait for room in rx",
                        small,
                        "send 1 SET arch knead 1", "send 2 SET arch knead 2", "send 3 SET arch knead 3",
                        "> 2 SET arch knead 1", "> 3 SET arch knead 2", "> nothing", "window 44",
                        // the board consumed 2 (damaged); 3 is still in its buffer: only 2 goes again
                        "< ERR 2 BAD_CHECKSUM checksum 00 does not match",
                        "> 2 SET arch knead 1", "> nothing", "window 44",
                        "< ERR 3 OUT_OF_ORDER expected 2",
                        "> 3 SET arch knead 2", "> nothing", "window 44",
                        "< OK 2", "ok 1", "> 4 SET arch knead 3",
                        "< OK 3", "ok 2", "< OK 4", "ok 3", "window 0", "resends 2"),
                rule("§9 never more bytes unanswered than rx; each answer frees exactly its request's bytes", small,
                        "send 1 SET arch knead 1", "send 2 SET arch knead 2", "send 3 SET arch knead 3",
                        "> 2 SET arch knead 1", "> 3 SET arch knead 2", "> nothing", "window 44",
                        "< OK 2", "ok 1", "> 4 SET arch knead 3", "window 44"),
                rule("§6 host 2: at most 16 requests unanswered however large rx is", handshake(4096, 900),
                        "send 1 HEAT 40", "send 2 HEAT 40", "send 3 HEAT 40", "send 4 HEAT 40", "send 5 HEAT 40",
                        "send 6 HEAT 40", "send 7 HEAT 40", "send 8 HEAT 40", "send 9 HEAT 40", "send 10 HEAT 40",
                        "send 11 HEAT 40", "send 12 HEAT 40", "send 13 HEAT 40", "send 14 HEAT 40", "send 15 HEAT 40",
                        "send 16 HEAT 40", "send 17 HEAT 40",
                        "> 2 HEAT 40", "> 3 HEAT 40", "> 4 HEAT 40", "> 5 HEAT 40", "> 6 HEAT 40", "> 7 HEAT 40",
                        "> 8 HEAT 40", "> 9 HEAT 40", "> 10 HEAT 40", "> 11 HEAT 40", "> 12 HEAT 40", "> 13 HEAT 40",
                        "> 14 HEAT 40", "> 15 HEAT 40", "> 16 HEAT 40", "> 17 HEAT 40", "> nothing",
                        "< OK 2", "ok 1", "> 18 HEAT 40"),
                rule("§8 PING exactly hb/3 after the last request, whatever it was", ready,
                        "at 299", "> nothing",
                        "at 300", "> 2 PING @300", "< OK 2",
                        "at 600", "> 3 PING @600", "< OK 3",
                        "at 700", "send 1 HEAT 40", "> 4 HEAT 40 @700", "< OK 4", "ok 1",
                        "at 999", "> nothing", "at 1000", "> 5 PING @1000"),
                rule("§8 an unanswered PING is resent like any request and loses the link after 3 resends", ready,
                        "at 300", "> 2 PING @300", "at 550", "> 2 PING @550", "at 800", "> 2 PING @800",
                        "at 1050", "> 2 PING @1050", "at 1300",
                        "event Disconnected did not acknowledge PING (heartbeat) after 4 tries"),
                rule("§7 stop: 0x18 ahead of everything; what was not answered is void and fails; done on EVT STOPPED",
                        small,
                        "send 1 SET arch knead 1", "send 2 SET arch knead 2", "send 3 SET arch knead 3",
                        "> 2 SET arch knead 1", "> 3 SET arch knead 2",
                        "stop 9", "> ^X", "> nothing", "window 0",
                        "failed 1 cancelled by stop()", "failed 2 cancelled by stop()", "failed 3 cancelled by stop()",
                        "pending 9", "< OK 2", "pending 9", "< EVT STOPPED", "ok 9",
                        "send 4 SET arch knead 1", "> 4 SET arch knead 1"),
                rule("§7 a device that answers two stop bytes read together with one EVT STOPPED confirms both"
                        + " (nothing was sent between them)", ready,
                        "stop 8", "stop 9", "> ^X", "> ^X", "< EVT STOPPED", "ok 8", "ok 9"),
                rule("§7 a stop after a request is not confirmed by the EVT STOPPED of the stop before it", ready,
                        "stop 8", "> ^X", "send 1 SET arch knead 1", "> 2 SET arch knead 1", "stop 9", "> ^X",
                        "failed 1 cancelled by stop()", "< EVT STOPPED", "ok 8", "pending 9", "< EVT STOPPED", "ok 9"),
                rule("§11 close right after a stop (as Massager.close does) ends on one EVT STOPPED", ready,
                        "stop 8", "> ^X", "close", "> ^X", "< EVT STOPPED", "ok 8", "closing-transport", "closed"),
                rule("§7 the 0x18 is resent when EVT STOPPED does not come; after 3 resends the stop is reported unconfirmed,"
                        + " naming the board's watchdog", handshake(128, 3600),
                        "stop 9", "> ^X @0", "at 250", "> ^X @250", "at 500", "> ^X @500",
                        "at 750", "> ^X @750", "at 1000", "> nothing",
                        "failed 9 dev: the stop is NOT confirmed: the device did not confirm the real-time stop after 4 tries."
                                + " The board's watchdog is the last line: it stops everything 3600 ms after the last request"
                                + " it received (hb=3600 from its HELLO)",
                        "event Disconnected", "phase DISCONNECTED"),
                rule("§7 an EVT STOPPED nobody asked for: HELLO restarts the count, the unanswered requests go again with"
                        + " new numbers, the listener hears UNEXPECTED_STOP", ready,
                        "send 1 SET arch knead 1", "send 2 SET arch knead 2",
                        "> 2 SET arch knead 1", "> 3 SET arch knead 2",
                        "< EVT STOPPED",
                        "> 4 HELLO 1", "> 5 SET arch knead 1", "> 6 SET arch knead 2",
                        "event Fault UNEXPECTED_STOP", "event StatusReport",
                        "< OK 4 " + hello("EMU-0001", 128, 900), "< OK 5", "ok 1", "< OK 6", "ok 2"),
                rule("§11 NO_SESSION (the board restarted): lost; the port stays open, and a close then still sends 0x18",
                        ready,
                        "send 1 SET arch knead 1", "> 2 SET arch knead 1", "< ERR 2 NO_SESSION",
                        "event Disconnected the device restarted", "failed 1 disconnected", "phase DISCONNECTED",
                        "close", "> ^X", "phase CLOSING", "< EVT STOPPED", "closing-transport", "closed"),
                rule("§11 NO_SESSION, then a new handshake on the same port 250 ms later finds another unit and says so",
                        ready,
                        "at 100", "< ERR 1 NO_SESSION", "event Disconnected",
                        "at 349", "> nothing",
                        "at 350", "> ^X @350", "> 2 HELLO 1 @350", "< EVT STOPPED",
                        "< OK 2 " + hello("EMU-0002", 64, 600), "> 3 STOP", "< OK 3",
                        "reconnected EMU-0002", "phase READY", "at 550", "> 4 PING @550"),
                rule("§11 close: 0x18, up to 1 s for EVT STOPPED, then the transport goes", ready,
                        "close", "> ^X @0", "phase CLOSING", "at 999", "phase CLOSING", "at 1000",
                        "closing-transport", "closed", "phase CLOSED"),
                rule("§11 close confirmed by the device ends at once", ready,
                        "send 1 HEAT 40", "> 2 HEAT 40", "close", "failed 1 was closed before the device acknowledged",
                        "> ^X", "< EVT STOPPED", "closing-transport", "closed"),
                rule("§11 reconnect: the first attempt 250 ms after the loss, then every 250 ms while the port is missing",
                        ready,
                        "at 40", "lost the connection was closed by the other side", "event Disconnected reason=the connection was closed by the other side]",
                        "at 289", "no-output",
                        "at 290", "open fails /dev/ttyUSB0 is not there",
                        "at 539", "no-output",
                        "at 540", "open ok", "> ^X @540", "> 2 HELLO 1 @540", "< EVT STOPPED",
                        "< OK 2 " + hello("EMU-0001", 128, 900), "> 3 STOP", "< OK 3", "reconnected EMU-0001"),
                rule("§11 a pulled cable fails what was pending with 'disconnected'", ready,
                        "send 1 SET arch knead 1", "> 2 SET arch knead 1", "lost unplugged",
                        "failed 1 dev disconnected: unplugged (reconnecting; the device will be at zero)"),
                rule("exit: the stop goes out, then nothing but stops, and no reconnect", ready,
                        "exit 9", "> ^X", "send 1 SET arch knead 1", "failed 1 the JVM is exiting", "< EVT STOPPED", "ok 9",
                        "lost gone", "event Disconnected", "at 5000", "no-output"),
                rule("§8 no watchdog (hb=0): a heartbeat every second still checks the device is there", quiet,
                        "at 999", "> nothing", "at 1000", "> 2 PING @1000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void hostRule(String rule, LinkSettings settings, List<String> steps) {
        new LinkScript(settings).run(steps.stream().filter(s -> !s.isEmpty()).toArray(String[]::new));
    }
}
