package dev.solemate.serial.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.serial.protocol.DeviceMessage;
import dev.solemate.serial.protocol.ErrorCode;
import dev.solemate.serial.protocol.FrameDecoder;
import dev.solemate.serial.protocol.Operation;
import dev.solemate.serial.protocol.ProtocolException;
import dev.solemate.serial.protocol.Request;
import dev.solemate.serial.protocol.WireProtocol;
import dev.solemate.serial.protocol.text.TextProtocol;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The window and the resends against a model board (docs/protocol.md §6, §9, §10: a receive buffer
 * of rx bytes read in order, answers remembered for the last 16, every rule of §6), with random
 * loss and damage both ways and random timing: the board's buffer never overflows, the board
 * executes every request at most once and in order, and every request ends (acknowledged or failed).
 * The board answers what it holds within the acknowledgement timeout, as the timeout assumes: after
 * a timeout the link takes its earlier copies as gone (a board that sat on its buffer longer would
 * see an overflow, answer ERR OVERFLOW, and the resends would repair it, §9).
 */
class LinkWindowProperties {

    private static final int RX = 64;
    private final WireProtocol text = new TextProtocol();

    /** A board as docs/protocol.md describes it, reduced to what the window and resends see. */
    private final class Board {
        final ArrayDeque<byte[]> buffer = new ArrayDeque<>();
        int bufferBytes;
        int maxBufferBytes;
        int expected = -1;
        final Map<Integer, DeviceMessage> remembered = new HashMap<>();
        final ArrayDeque<Integer> order = new ArrayDeque<>();
        final List<Integer> executed = new ArrayList<>();
        final FrameDecoder lines = text.framing().newDecoder(text.maxRequestFrame());
        boolean overflowed;

        void receive(byte[] bytes, Random random, double lossRate) {
            for (byte b : bytes) {
                if (b == text.realtimeStop()) {
                    buffer.clear();
                    bufferBytes = 0;
                    expected = -1;
                    continue;
                }
                lines.feed(new byte[] {b}, 0, 1, frame -> {
                    if (random.nextDouble() < lossRate) {
                        return; // lost on the way
                    }
                    int size = frame.length + 1;
                    if (bufferBytes + size > RX) {
                        overflowed = true;
                        return;
                    }
                    buffer.add(frame);
                    bufferBytes += size;
                    maxBufferBytes = Math.max(maxBufferBytes, bufferBytes);
                });
            }
        }

        /** Takes one line out of the buffer and answers it as §6 says; null when the buffer is empty. */
        DeviceMessage readOne(Random random, double damageRate) {
            byte[] frame = buffer.poll();
            if (frame == null) {
                return null;
            }
            bufferBytes -= frame.length + 1;
            Request r;
            try {
                r = text.codec().decodeRequest(frame);
            } catch (ProtocolException e) {
                throw new AssertionError(e);
            }
            int s = r.seq();
            if (random.nextDouble() < damageRate) {
                return new DeviceMessage.Nak(s, ErrorCode.BAD_CHECKSUM, "damaged");
            }
            if (r.operation() instanceof Operation.Hello) {
                expected = (s + 1) % text.sequenceModulus();
                remembered.clear();
                order.clear();
                String line = "OK " + s + " " + LinkScript.HELLO_FIELDS.replace("rx=128", "rx=" + RX);
                try {
                    return text.codec().decodeReply((line + "*" + LinkScript.checksum(line)).getBytes(StandardCharsets.US_ASCII));
                } catch (ProtocolException e) {
                    throw new AssertionError(e);
                }
            }
            if (remembered.containsKey(s)) {
                return remembered.get(s);
            }
            int m = text.sequenceModulus();
            if (expected == -1 || s == expected) {
                executed.add(s);
                DeviceMessage answer = new DeviceMessage.Ack(s);
                remembered.put(s, answer);
                order.add(s);
                if (order.size() > 16) {
                    remembered.remove(order.poll());
                }
                expected = (s + 1) % m;
                return answer;
            }
            int behind = Math.floorMod(expected - s, m);
            if (behind >= 1 && behind <= m / 2) {
                return new DeviceMessage.Nak(s, ErrorCode.STALE, "");
            }
            return new DeviceMessage.Nak(s, ErrorCode.OUT_OF_ORDER, "expected " + expected);
        }
    }

    @Property(tries = 300)
    void theBoardNeverOverflowsAndExecutesEachRequestOnceInOrder(@ForAll long seed,
            @ForAll @IntRange(min = 0, max = 15) int lossPercent, @ForAll @IntRange(min = 10, max = 60) int requests) {
        Random random = new Random(seed);
        double loss = lossPercent / 100.0;
        LinkSettings settings = new LinkSettings(text, Optional.empty(), Duration.ofMillis(250), 20, Duration.ofSeconds(3),
                true, Duration.ofMillis(250));
        LinkStateMachine link = new LinkStateMachine("dev", settings);
        Board board = new Board();
        long[] now = {TimeUnit.SECONDS.toNanos(50)};
        link.start(now[0]);
        link.takeOutput(); // OpenTransport
        link.transportOpened(now[0]);
        Set<Long> ended = new HashSet<>();
        int submitted = 0;
        long id = 0;
        for (int step = 0; step < 20_000 && (submitted < requests || ended.size() < submitted); step++) {
            byte[] out = link.takeBytes();
            if (out != null) {
                board.receive(out, random, loss);
            }
            LinkOutput o;
            while ((o = link.takeOutput()) != null) {
                if (o instanceof LinkOutput.Completed c) {
                    assertThat(ended.add(c.id())).as("one outcome per request").isTrue();
                } else if (o instanceof LinkOutput.Failed f) {
                    assertThat(ended.add(f.id())).as("one outcome per request").isTrue();
                }
            }
            int action = random.nextInt(10);
            if (action < 3 && submitted < requests && link.phase() == LinkStateMachine.Phase.READY) {
                link.submit(++id, new Operation.SetZone(Zone.ARCH, Technique.KNEAD, (int) (id % 6)), now[0]);
                submitted++;
            } else if (action < 8) {
                DeviceMessage answer = board.readOne(random, loss);
                if (answer != null && random.nextDouble() >= loss) {
                    link.received(answer, now[0]);
                }
            } else {
                // a board reads its buffer well within the acknowledgement timeout (that is what the timeout
                // assumes); only then does time pass. Until then answers and requests interleave at random.
                DeviceMessage answer;
                while ((answer = board.readOne(random, loss)) != null) {
                    if (random.nextDouble() >= loss) {
                        link.received(answer, now[0]);
                    }
                    byte[] more = link.takeBytes();
                    if (more != null) {
                        board.receive(more, random, loss);
                    }
                }
                now[0] += TimeUnit.MILLISECONDS.toNanos(random.nextInt(120));
                long d = link.nextDeadline();
                if (d <= now[0]) {
                    link.tick(now[0]);
                }
            }
            assertThat(board.overflowed).as("the board's %d-byte buffer overflowed", RX).isFalse();
        }
        assertThat(ended).as("every request ended").hasSize(submitted);
        List<Integer> executed = board.executed;
        for (int i = 1; i < executed.size(); i++) {
            assertThat(executed.get(i)).as("executed in order, each once").isEqualTo((executed.get(i - 1) + 1) % text.sequenceModulus());
        }
    }
}
