package dev.solemate.serial.driver;

import dev.solemate.serial.protocol.Request;
import dev.solemate.serial.protocol.WireProtocol;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Sequence numbers, go-back-N resends and the character-counting window of docs/protocol.md §6 and
 * §9, without I/O or time of its own.
 *
 * <p>The window counts <em>copies on the wire</em>, not requests: a device answers every line it
 * takes out of its receive buffer, so a resent copy occupies the buffer as the original did until
 * its own answer comes. Copies are answered in the order they were sent (the device reads its buffer
 * in order), so an answer for one copy also means every copy sent before it has left the buffer,
 * answered or lost. When the oldest request times out, every copy is taken as gone: the device would
 * have answered it within the acknowledgement timeout.
 */
final class RequestWindow {

    /**
     * Never more requests unanswered than a device remembers answers for (16, §6): a device executes in
     * order, so every unanswered request is among its last 16 answers.
     */
    static final int MAX_IN_FLIGHT = 16;

    private record Copy(int seq, int bytes) {
    }

    private final WireProtocol protocol;
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
    private final ArrayDeque<Copy> onWire = new ArrayDeque<>();
    private int bytesOnWire;
    private int resendsDue;
    private int capacity;
    private int nextSeq;
    private long resends;

    RequestWindow(WireProtocol protocol, int capacity) {
        this.protocol = protocol;
        this.capacity = capacity;
    }

    /** The device's receive buffer in bytes ({@code rx} from its HELLO). */
    void setCapacity(int bytes) {
        capacity = bytes;
    }

    int capacity() {
        return capacity;
    }

    /** Bytes sent and not yet answered, as the device's buffer may hold them. */
    int bytesOnWire() {
        return bytesOnWire;
    }

    long resends() {
        return resends;
    }

    int inFlightCount() {
        return inFlight.size();
    }

    boolean hasWaiting() {
        return !waiting.isEmpty();
    }

    boolean isEmpty() {
        return waiting.isEmpty() && inFlight.isEmpty();
    }

    /** The oldest unanswered request, or null. */
    Pending head() {
        return inFlight.peek();
    }

    void add(Pending p) {
        waiting.add(p);
    }

    /** Starts the count where the next request's number will be (HELLO sets the start, §6). */
    void numberFrom(int seq) {
        nextSeq = seq % protocol.sequenceModulus();
    }

    int nextSeq() {
        return nextSeq;
    }

    /**
     * Puts on the wire what the window allows: resends first, in order, then new requests, each
     * numbered as it goes out. Returns the bytes for one write, or null when nothing may go.
     */
    byte[] take(long now) {
        ByteArrayOutputStream batch = null;
        while (true) {
            Pending p = resendsDue > 0 ? firstDueForResend() : null;
            boolean resend = p != null;
            byte[] wire;
            if (resend) {
                wire = p.wire;
            } else {
                p = waiting.peek();
                if (p == null || inFlight.size() >= MAX_IN_FLIGHT) {
                    break;
                }
                wire = protocol.wireRequest(new Request(nextSeq, p.operation));
            }
            if (!onWire.isEmpty() && bytesOnWire + wire.length > capacity) {
                break; // §9: when nothing is on the wire, one request may always go
            }
            if (resend) {
                p.needsResend = false;
                resendsDue--;
                resends++;
            } else {
                waiting.poll();
                p.seq = nextSeq;
                p.wire = wire;
                nextSeq = (nextSeq + 1) % protocol.sequenceModulus();
                inFlight.add(p);
            }
            p.attempts++;
            p.sentAt = now;
            onWire.add(new Copy(p.seq, wire.length));
            bytesOnWire += wire.length;
            if (batch == null) {
                batch = new ByteArrayOutputStream(Math.max(capacity, wire.length));
            }
            batch.writeBytes(wire);
        }
        return batch == null ? null : batch.toByteArray();
    }

    private Pending firstDueForResend() {
        for (Pending p : inFlight) {
            if (p.needsResend) {
                return p;
            }
        }
        resendsDue = 0;
        return null;
    }

    /**
     * The device answered {@code seq} (OK, or a final refusal): frees the copy it answered and every
     * copy before it, and returns the request if it was still unanswered (null for a duplicate answer).
     */
    Pending answered(int seq) {
        freeThrough(seq);
        for (Iterator<Pending> it = inFlight.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.seq == seq) {
                it.remove();
                if (p.needsResend) {
                    resendsDue--;
                }
                return p;
            }
        }
        return null;
    }

    /**
     * The device refused {@code seq} with a retryable code: that copy has left its buffer. Returns
     * true when it was the latest copy of the oldest unanswered request, which calls for going back
     * at once (§6 host rule 4); a refusal of an older copy that was already resent does not.
     */
    boolean refusedRetryably(int seq) {
        freeThrough(seq);
        Pending head = inFlight.peek();
        if (head == null || head.seq != seq || head.needsResend) {
            return false;
        }
        for (Copy c : onWire) {
            if (c.seq == seq) {
                return false; // a newer copy is still on its way
            }
        }
        return true;
    }

    private void freeThrough(int seq) {
        boolean present = false;
        for (Copy c : onWire) {
            if (c.seq == seq) {
                present = true;
                break;
            }
        }
        if (!present) {
            return;
        }
        while (true) {
            Copy c = onWire.poll();
            bytesOnWire -= c.bytes;
            if (c.seq == seq) {
                return;
            }
        }
    }

    /**
     * Go-back-N: every unanswered request goes out again, in order, as the window allows.
     *
     * @param copiesGone true after an acknowledgement timeout: nothing sent is taken to be in the device's buffer any more
     */
    void goBack(boolean copiesGone) {
        for (Pending p : inFlight) {
            if (!p.needsResend) {
                p.needsResend = true;
                resendsDue++;
            }
        }
        if (copiesGone) {
            onWire.clear();
            bytesOnWire = 0;
        }
    }

    /** Everything unanswered or waiting, removed (a stop voided it, or the link was lost); the window is empty after. */
    List<Pending> drain() {
        List<Pending> all = new ArrayList<>(inFlight);
        all.addAll(waiting);
        inFlight.clear();
        waiting.clear();
        onWire.clear();
        bytesOnWire = 0;
        resendsDue = 0;
        return all;
    }

    /**
     * After a stop the device did not ask for (§7): it flushed its buffer and takes any number next.
     * {@code first} goes out first, then what was unanswered, again as new requests with new numbers,
     * in order, ahead of what was waiting.
     */
    void restartWith(Pending first) {
        List<Pending> again = new ArrayList<>(inFlight);
        inFlight.clear();
        onWire.clear();
        bytesOnWire = 0;
        resendsDue = 0;
        for (int i = again.size() - 1; i >= 0; i--) {
            Pending p = again.get(i);
            p.wire = null;
            p.seq = -1;
            p.attempts = 0;
            p.needsResend = false;
            waiting.addFirst(p);
        }
        waiting.addFirst(first);
    }
}
