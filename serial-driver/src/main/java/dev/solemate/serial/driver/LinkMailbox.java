package dev.solemate.serial.driver;

import dev.solemate.serial.protocol.DeviceMessage;
import dev.solemate.serial.protocol.Operation;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * How other threads reach a link's I/O thread: they only enqueue here and wake it. Stops have their
 * own queue, which the I/O thread empties first; every command carries a ticket from one counter, so
 * a request issued before a stop is cancelled even if the I/O thread sees the stop first.
 */
final class LinkMailbox {

    sealed interface Command {
    }

    record Submit(long ticket, long id, Operation operation) implements Command {
    }

    record Stop(long ticket, long id, boolean forExit) implements Command {
    }

    record Close() implements Command {
    }

    record Received(int transport, List<DeviceMessage> messages) implements Command {
    }

    record TransportClosed(int transport, String reason) implements Command {
    }

    private final AtomicLong tickets = new AtomicLong();
    private final ConcurrentLinkedQueue<Stop> stops = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Command> inbound = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Command> commands = new ConcurrentLinkedQueue<>();
    private volatile Thread owner;

    /** The I/O thread, woken by every put. */
    void setOwner(Thread thread) {
        owner = thread;
    }

    long nextTicket() {
        return tickets.incrementAndGet();
    }

    void submit(long id, Operation operation) {
        commands.add(new Submit(nextTicket(), id, operation));
        wake();
    }

    void stop(long id, boolean forExit) {
        stops.add(new Stop(nextTicket(), id, forExit));
        wake();
    }

    void close() {
        commands.add(new Close());
        wake();
    }

    /** From the transport's reading thread. */
    void received(int transport, List<DeviceMessage> messages) {
        inbound.add(new Received(transport, messages));
        wake();
    }

    /** From the transport's reading thread. */
    void transportClosed(int transport, String reason) {
        inbound.add(new TransportClosed(transport, reason));
        wake();
    }

    Stop pollStop() {
        return stops.poll();
    }

    boolean hasStops() {
        return !stops.isEmpty();
    }

    Command pollInbound() {
        return inbound.poll();
    }

    Command pollCommand() {
        return commands.poll();
    }

    boolean isEmpty() {
        return stops.isEmpty() && inbound.isEmpty() && commands.isEmpty();
    }

    private void wake() {
        Thread t = owner;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }
}
