package dev.solemate.serial.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.solemate.driver.DeviceEvent;
import dev.solemate.serial.protocol.FrameDecoder;
import dev.solemate.serial.protocol.Operation;
import dev.solemate.serial.protocol.ProtocolException;
import dev.solemate.serial.protocol.Request;
import dev.solemate.serial.protocol.WireProtocol;
import dev.solemate.serial.protocol.text.TextProtocol;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link LinkStateMachine} from a script on a virtual clock, the way the link's I/O thread
 * does (ticking it at every deadline it asks for), with the text dialect on the wire so that a
 * scenario reads like docs/protocol.md §13. One step per line:
 *
 * <pre>
 *  at 300                     advance the clock to 300 ms, ticking at every deadline on the way
 *  &gt; 3 PING @300             the host wrote this line next (checksum verified), optionally at that time
 *  &gt; ^X                       the host wrote the real-time stop byte next
 *  &gt; nothing                  the host has written nothing more
 *  &lt; OK 3                     the device says this (the script adds the checksum)
 *  &lt;! OK 3*00                 the device says exactly this, damaged or not
 *  send 7 SET arch knead 3    a caller's request with id 7 (SET, HEAT, HEAT OFF, STOP, STATUS)
 *  stop 8 | exit 8 | close    a caller's stop, the JVM's exit stop, close()
 *  open ok | open fails WHY   the transport the machine asked for opened, or did not
 *  lost WHY                   the transport broke
 *  ok 7 | failed 7 TEXT       the outcome of id 7 came out (failed: its message contains TEXT)
 *  pending 7                  no outcome for 7 yet
 *  event Disconnected TEXT    the listener was told (the event's text contains TEXT)
 *  connected SN | reconnected SN   the handshake finished with the device of that serial number
 *  opening | closing-transport | closed   the machine asked for a transport, gave it up, ended
 *  phase READY                the machine's phase
 *  window 64                  bytes on the wire, unanswered, as the device's buffer may hold them
 *  seq 9998                   number the next request from here
 * </pre>
 */
final class LinkScript {

    static final String HELLO_FIELDS = "HELLO proto=1 model=shiatsu-4zone fw=emu-1.0.0 sn=EMU-0001 rx=128 hb=900 "
            + "profile=shiatsu-4zone zones=toes:knead+press,ball:knead+roll+press,arch:knead+roll+press,heel:knead+roll+press "
            + "steps=5 heat=35-45 session=15";

    private final WireProtocol protocol = new TextProtocol();
    private final LinkStateMachine machine;
    private final FrameDecoder hostLines = protocol.framing().newDecoder(protocol.maxRequestFrame());
    private final ArrayDeque<String> written = new ArrayDeque<>();
    private final List<LinkOutput> outputs = new ArrayList<>();
    private long now = TimeUnit.SECONDS.toNanos(1000); // an arbitrary origin: nothing may assume 0
    private final long origin = now;

    LinkScript(LinkSettings settings) {
        machine = new LinkStateMachine("dev", settings);
        machine.start(now);
        collect();
    }

    LinkStateMachine machine() {
        return machine;
    }

    /** Runs every step; a failure names the step. */
    void run(String... steps) {
        for (int i = 0; i < steps.length; i++) {
            String step = steps[i].strip();
            try {
                step(step);
            } catch (AssertionError e) {
                throw new AssertionError("step " + (i + 1) + " '" + step + "': " + e.getMessage(), e);
            }
        }
    }

    private void step(String step) {
        String[] w = step.split(" ", 2);
        String rest = w.length > 1 ? w[1] : "";
        switch (w[0]) {
            case "at" -> advanceTo(Long.parseLong(rest));
            case ">" -> expectWritten(rest);
            case "<" -> device(rest + "*" + checksum(rest));
            case "<!" -> device(rest);
            case "send" -> {
                String[] s = rest.split(" ", 2);
                machine.submit(Long.parseLong(s[0]), operation(s[1]), now);
            }
            case "stop" -> machine.stop(Long.parseLong(rest), now);
            case "exit" -> machine.haltForExit(Long.parseLong(rest), now);
            case "close" -> machine.close(now);
            case "open" -> {
                expectOutput(o -> o instanceof LinkOutput.OpenTransport, "OpenTransport");
                if (rest.equals("ok")) {
                    machine.transportOpened(now);
                } else {
                    machine.transportOpenFailed(rest.substring("fails ".length()), now);
                }
            }
            case "lost" -> machine.transportLost(rest, now);
            case "ok" -> expectOutput(o -> o instanceof LinkOutput.Completed c && c.id() == Long.parseLong(rest), step);
            case "failed" -> {
                String[] s = rest.split(" ", 2);
                LinkOutput o = expectOutput(x -> x instanceof LinkOutput.Failed f && f.id() == Long.parseLong(s[0]), step);
                if (s.length > 1) {
                    assertThat(((LinkOutput.Failed) o).error().getMessage()).contains(s[1]);
                }
            }
            case "pending" -> assertThat(outputs).noneMatch(o -> (o instanceof LinkOutput.Completed c && c.id() == Long.parseLong(rest))
                    || (o instanceof LinkOutput.Failed f && f.id() == Long.parseLong(rest)));
            case "event" -> {
                String[] s = rest.split(" ", 2);
                LinkOutput o = expectOutput(x -> x instanceof LinkOutput.Notify n
                        && n.event().getClass().getSimpleName().equals(s[0]), step);
                if (s.length > 1) {
                    assertThat(((LinkOutput.Notify) o).event().toString()).contains(s[1]);
                }
            }
            case "connected", "reconnected" -> {
                LinkOutput o = expectOutput(x -> x instanceof LinkOutput.Connected, step);
                LinkOutput.Connected c = (LinkOutput.Connected) o;
                assertThat(c.reconnected()).as("reconnected").isEqualTo(w[0].equals("reconnected"));
                assertThat(c.info().serialNumber()).isEqualTo(rest);
            }
            case "connect-failed" -> {
                LinkOutput o = expectOutput(x -> x instanceof LinkOutput.ConnectFailed, step);
                assertThat(((LinkOutput.ConnectFailed) o).error().getMessage()).contains(rest);
            }
            case "opening" -> expectOutput(o -> o instanceof LinkOutput.OpenTransport, step);
            case "closing-transport" -> expectOutput(o -> o instanceof LinkOutput.CloseTransport, step);
            case "closed" -> expectOutput(o -> o instanceof LinkOutput.Closed, step);
            case "no-output" -> assertThat(outputs).as("outputs").isEmpty();
            case "phase" -> assertThat(machine.phase()).hasToString(rest);
            case "window" -> assertThat(machine.window().bytesOnWire()).as("bytes on the wire").isEqualTo(Integer.parseInt(rest));
            case "resends" -> assertThat(machine.resends()).as("resends").isEqualTo(Long.parseLong(rest));
            case "seq" -> machine.window().numberFrom(Integer.parseInt(rest));
            default -> fail("unknown step");
        }
        collect();
    }

    /** As the I/O thread: tick at every deadline up to {@code millis} (from the origin). */
    private void advanceTo(long millis) {
        long target = origin + TimeUnit.MILLISECONDS.toNanos(millis);
        assertThat(target).as("time only moves forward").isGreaterThanOrEqualTo(now);
        while (true) {
            long d = machine.nextDeadline();
            if (d > target) {
                break;
            }
            now = Math.max(now, d);
            machine.tick(now);
            collect();
        }
        now = target;
        machine.tick(now);
        collect();
    }

    private void device(String line) {
        byte[] frame = line.getBytes(StandardCharsets.US_ASCII);
        try {
            machine.received(protocol.codec().decodeReply(frame), now);
        } catch (ProtocolException e) {
            // what the I/O thread does with a line it cannot decode (§10): nothing; timeouts cover it
        }
    }

    private void collect() {
        byte[] bytes;
        while ((bytes = machine.takeBytes()) != null) {
            long at = TimeUnit.NANOSECONDS.toMillis(now - origin);
            for (byte b : bytes) {
                if (b == protocol.realtimeStop()) {
                    written.add("^X @" + at);
                } else {
                    hostLines.feed(new byte[] {b}, 0, 1, frame -> {
                        try {
                            Request r = protocol.codec().decodeRequest(frame); // verifies the checksum
                            String text = new String(frame, StandardCharsets.US_ASCII);
                            assertThat(r.isTyped()).as("hosts never use typing mode: " + text).isFalse();
                            written.add(text.substring(0, text.lastIndexOf('*')) + " @" + at);
                        } catch (ProtocolException e) {
                            fail("the host wrote a bad line: " + new String(frame, StandardCharsets.US_ASCII) + ": " + e.getMessage());
                        }
                    });
                }
            }
        }
        LinkOutput o;
        while ((o = machine.takeOutput()) != null) {
            outputs.add(o);
        }
    }

    private void expectWritten(String expected) {
        if (expected.equals("nothing")) {
            assertThat(written).as("what the host wrote").isEmpty();
            return;
        }
        assertThat(written).as("the host wrote " + expected).isNotEmpty();
        String actual = written.poll();
        if (expected.contains(" @")) {
            assertThat(actual).isEqualTo(expected);
        } else {
            assertThat(actual.substring(0, actual.lastIndexOf(" @"))).isEqualTo(expected);
        }
    }

    private LinkOutput expectOutput(java.util.function.Predicate<LinkOutput> p, String what) {
        for (int i = 0; i < outputs.size(); i++) {
            if (p.test(outputs.get(i))) {
                return outputs.remove(i);
            }
        }
        throw new AssertionError("no output matching '" + what + "' among " + outputs);
    }

    private static Operation operation(String text) {
        String[] t = text.split(" ");
        return switch (t[0].toUpperCase(Locale.ROOT)) {
            case "SET" -> new Operation.SetZone(Zone.parse(t[1]), Technique.parse(t[2]), Integer.parseInt(t[3]));
            case "HEAT" -> t[1].equals("OFF") ? new Operation.HeatOff() : new Operation.SetHeat(Integer.parseInt(t[1]));
            case "STOP" -> new Operation.StopAll();
            case "STATUS" -> new Operation.QueryStatus();
            default -> throw new IllegalArgumentException(text);
        };
    }

    /** NMEA's XOR over the line, as two upper-case hex digits (docs/protocol.md §2). */
    static String checksum(String body) {
        int x = 0;
        for (byte b : body.getBytes(StandardCharsets.US_ASCII)) {
            x ^= b;
        }
        return String.format("%02X", x);
    }

    /** The events the listener was given, for scenarios that look at them whole. */
    List<DeviceEvent> events() {
        return outputs.stream().filter(o -> o instanceof LinkOutput.Notify).map(o -> ((LinkOutput.Notify) o).event()).toList();
    }
}
