package dev.solemate.serial.driver;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Which real-time stops the device has confirmed (docs/protocol.md §7): every 0x18 the host writes
 * is answered by an {@code EVT STOPPED}, except that a device may answer several bytes read in one
 * pass of its main loop with one (§14 keeps a flag). A later stop byte with no request written
 * between it and a confirmed one leaves the device exactly as that one did, so it counts as
 * confirmed too. No time of its own: the caller passes it in.
 */
final class StopTracker {

    /** What an {@code EVT STOPPED} meant. */
    record Outcome(boolean unsolicited, List<Long> confirmed, boolean allConfirmed) {
    }

    private final long ackNanos;
    private long sent;
    private long seen;
    private long deadline = LinkStateMachine.NEVER;
    private int attempts;
    private final List<long[]> waiters = new ArrayList<>(); // {id, stop byte it waits for}
    private final ArrayDeque<long[]> marks = new ArrayDeque<>(); // {stop byte, requests written before it}

    StopTracker(long ackNanos) {
        this.ackNanos = ackNanos;
    }

    /** A new session: nothing sent, nothing expected. */
    void reset() {
        sent = 0;
        seen = 0;
        marks.clear();
        deadline = LinkStateMachine.NEVER;
    }

    /** A caller's stop starts: its byte is the next one written. */
    void newStop() {
        attempts = 0;
    }

    /** A 0x18 went out after {@code requestsWritten} request writes; EVT STOPPED is due an ack timeout later. */
    void byteSent(long now, long requestsWritten) {
        attempts++;
        sent++;
        marks.add(new long[] {sent, requestsWritten});
        deadline = now + ackNanos;
    }

    /** Completes {@code id} when the byte just sent is confirmed. */
    void await(long id) {
        waiters.add(new long[] {id, sent});
    }

    Outcome stopped() {
        seen++;
        if (seen > sent) {
            seen = sent;
            return new Outcome(true, List.of(), true);
        }
        long base = requestsBefore(seen);
        List<Long> confirmed = new ArrayList<>();
        for (Iterator<long[]> it = waiters.iterator(); it.hasNext(); ) {
            long[] w = it.next();
            if (w[1] <= seen || requestsBefore(w[1]) == base) {
                it.remove();
                confirmed.add(w[0]);
            }
        }
        while (!marks.isEmpty() && marks.peek()[0] < seen) {
            marks.poll();
        }
        if (seen == sent) {
            deadline = LinkStateMachine.NEVER;
        } // else it stays: an EVT STOPPED for a coalesced byte may still come; at the deadline it is forgotten
        return new Outcome(false, confirmed, seen == sent || requestsBefore(sent) == base);
    }

    private long requestsBefore(long stopByte) {
        for (long[] m : marks) {
            if (m[0] == stopByte) {
                return m[1];
            }
        }
        return -1;
    }

    /** When EVT STOPPED is overdue, or {@link LinkStateMachine#NEVER}. */
    long deadline() {
        return deadline;
    }

    boolean hasWaiters() {
        return !waiters.isEmpty();
    }

    /** Bytes written for the current stop, resends included. */
    int attempts() {
        return attempts;
    }

    /** Nobody waits any more: stop expecting the missing EVT STOPPED. */
    void forget() {
        seen = sent;
        deadline = LinkStateMachine.NEVER;
    }

    /** The ids still waiting, removed (their stop can no longer be confirmed). */
    List<Long> drainWaiters() {
        List<Long> ids = new ArrayList<>();
        waiters.forEach(w -> ids.add(w[0]));
        waiters.clear();
        deadline = LinkStateMachine.NEVER;
        return ids;
    }
}
