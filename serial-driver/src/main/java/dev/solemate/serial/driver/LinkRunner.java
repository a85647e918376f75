package dev.solemate.serial.driver;

import dev.solemate.MassagerException;
import dev.solemate.driver.DeviceEvent;
import dev.solemate.serial.protocol.DeviceMessage;
import dev.solemate.serial.protocol.FrameDecoder;
import dev.solemate.serial.protocol.ProtocolException;
import dev.solemate.serial.protocol.WireProtocol;
import dev.solemate.serial.transport.Transport;
import dev.solemate.serial.transport.TransportOpener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A link's one I/O thread (Netty's one event loop per channel): it alone opens, writes and closes
 * the transport and runs the {@link LinkStateMachine}; everyone else only enqueues in the
 * {@link LinkMailbox} and wakes it. The transport's reading thread only cuts and decodes frames and
 * hands the messages over. Stops are taken first: before anything else waiting, between writes, and
 * between deliveries.
 *
 * <p>Futures complete and the listener is called here, in order, after the turn's writes, as
 * {@link dev.solemate.driver.DeviceConnection} says (its callers hand the work to their own threads
 * at once; the core does). A hand-off to a separate event thread was measured: it added a thread
 * wake-up to every acknowledgement and doubled the round trip on a busy machine.
 */
final class LinkRunner implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(LinkRunner.class);

    private final String name;
    private final TransportOpener opener;
    private final WireProtocol protocol;
    private final LinkStateMachine machine;
    private final LinkMailbox mailbox;
    private final LinkConnection connection;
    private final ConcurrentHashMap<Long, CompletableFuture<Object>> futures = new ConcurrentHashMap<>();
    private Transport transport;
    private int transportId;
    private long lastStopTicket;

    LinkRunner(String name, TransportOpener opener, LinkSettings settings, LinkMailbox mailbox,
            LinkConnection connection) {
        this.name = name;
        this.opener = opener;
        this.protocol = settings.protocol();
        this.machine = new LinkStateMachine(name, settings);
        this.mailbox = mailbox;
        this.connection = connection;
    }

    /** Called from {@link LinkConnection} before the command is enqueued. */
    void register(long id, CompletableFuture<Object> future) {
        futures.put(id, future);
    }

    @Override
    public void run() {
        try {
            machine.start(System.nanoTime());
            while (machine.phase() != LinkStateMachine.Phase.CLOSED) {
                long now = System.nanoTime();
                takeMail(now);
                machine.tick(now);
                flush();
                connection.publish(machine);
                if (machine.phase() == LinkStateMachine.Phase.CLOSED) {
                    break;
                }
                if (mailbox.isEmpty()) {
                    long deadline = machine.nextDeadline();
                    if (deadline == LinkStateMachine.NEVER) {
                        LockSupport.park(this);
                    } else {
                        long wait = deadline - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(this, wait);
                        }
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.error("{}: the link's I/O thread failed: {}", name, e.toString(), e);
            closeTransport();
            failEverything(new MassagerException(name + ": the link failed: " + e));
        } finally {
            connection.publish(machine);
            connection.runnerEnded();
            // after the end is visible: whatever was registered meanwhile fails here, or its caller,
            // seeing the end, fails it (see LinkConnection#request)
            failEverything(new MassagerException(name + " is closed"));
        }
    }

    // ------------------------------------------------------------------ mail

    private void takeMail(long now) {
        takeStops(now);
        LinkMailbox.Command c;
        while ((c = mailbox.pollInbound()) != null) {
            if (c instanceof LinkMailbox.Received r) {
                if (r.transport() == transportId) {
                    for (DeviceMessage m : r.messages()) {
                        machine.received(m, now);
                    }
                }
            } else if (c instanceof LinkMailbox.TransportClosed t && t.transport() == transportId && transport != null) {
                transport = null;
                machine.transportLost(t.reason(), now);
            }
        }
        while ((c = mailbox.pollCommand()) != null) {
            if (mailbox.hasStops()) {
                takeStops(now);
            }
            if (c instanceof LinkMailbox.Submit s) {
                if (s.ticket() < lastStopTicket) {
                    deliverFailure(s.id(), new MassagerException(LinkConnection.describe(s.operation())
                            + " was cancelled by stop() before the device acknowledged it"));
                } else {
                    machine.submit(s.id(), s.operation(), now);
                }
            } else if (c instanceof LinkMailbox.Close) {
                machine.close(now);
            }
        }
    }

    private void takeStops(long now) {
        LinkMailbox.Stop s;
        while ((s = mailbox.pollStop()) != null) {
            lastStopTicket = Math.max(lastStopTicket, s.ticket());
            if (s.forExit()) {
                machine.haltForExit(s.id(), now);
            } else {
                machine.stop(s.id(), now);
            }
            // the stop byte goes out now, ahead of whatever else is waiting
            byte[] b = machine.takeBytes();
            if (b != null) {
                write(b, now);
            }
        }
    }

    // ------------------------------------------------------------------ outputs

    private void flush() {
        while (true) {
            byte[] b = machine.takeBytes();
            if (b != null) {
                write(b, System.nanoTime());
                if (mailbox.hasStops()) {
                    takeStops(System.nanoTime());
                }
                continue;
            }
            LinkOutput o = machine.takeOutput();
            if (o == null) {
                return;
            }
            handle(o);
            if (mailbox.hasStops()) {
                takeStops(System.nanoTime()); // a stop does not wait for the rest of the deliveries
            }
        }
    }

    private void handle(LinkOutput o) {
        if (o instanceof LinkOutput.Completed c) {
            CompletableFuture<Object> f = take(c.id());
            if (f != null) {
                deliver(() -> f.complete(c.value()));
            }
        } else if (o instanceof LinkOutput.Failed f) {
            deliverFailure(f.id(), f.error());
        } else if (o instanceof LinkOutput.Notify n) {
            notifyListener(n.event());
            connection.publish(machine); // a lost link reads as lost before any future fails with it
        } else if (o instanceof LinkOutput.Connected c) {
            connection.connected(c);
            if (c.reconnected()) {
                notifyListener(new DeviceEvent.Reconnected(c.info()));
            }
            connection.publish(machine);
        } else if (o instanceof LinkOutput.ConnectFailed c) {
            connection.connectFailed(c.error());
        } else if (o instanceof LinkOutput.OpenTransport) {
            open();
        } else if (o instanceof LinkOutput.CloseTransport) {
            closeTransport();
        } else if (o instanceof LinkOutput.Closed) {
            closeTransport();
            failEverything(new MassagerException(name + " is closed"));
        }
    }

    private void notifyListener(DeviceEvent event) {
        deliver(() -> connection.listener().onEvent(event));
    }

    /** Fails one request if it is still waiting (a caller that saw the link end after it enqueued). */
    void failIfWaiting(long id, MassagerException e) {
        deliverFailure(id, e);
    }

    private void deliverFailure(long id, MassagerException e) {
        CompletableFuture<Object> f = take(id);
        if (f != null) {
            deliver(() -> f.completeExceptionally(e));
        }
    }

    private void deliver(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("{}: a listener or callback threw: {}", name, e.toString(), e);
        }
    }

    private CompletableFuture<Object> take(long id) {
        return futures.remove(id);
    }

    private void failEverything(MassagerException e) {
        List<CompletableFuture<Object>> all = new ArrayList<>();
        for (Long id : List.copyOf(futures.keySet())) {
            CompletableFuture<Object> f = futures.remove(id);
            if (f != null) {
                all.add(f);
            }
        }
        all.forEach(f -> deliver(() -> f.completeExceptionally(e)));
    }

    // ------------------------------------------------------------------ the transport

    private void open() {
        long now = System.nanoTime();
        // the first open says why it failed (not found, permission, busy); reconnects check cheaply first
        if (transportId > 0 && !opener.looksAvailable()) {
            machine.transportOpenFailed(opener.describe() + " is not there", now);
            return;
        }
        Transport t;
        try {
            t = opener.open();
        } catch (RuntimeException e) {
            machine.transportOpenFailed(e.getMessage(), System.nanoTime());
            return;
        }
        transport = t;
        int id = ++transportId;
        FrameDecoder decoder = protocol.framing().newDecoder(protocol.maxReplyFrame());
        t.start(new Transport.Receiver() {
            private final List<DeviceMessage> messages = new ArrayList<>();

            @Override
            public void onBytes(byte[] buffer, int length) {
                decoder.feed(buffer, 0, length, frame -> {
                    try {
                        messages.add(protocol.codec().decodeReply(frame));
                    } catch (ProtocolException e) {
                        LOG.debug("{}: ignored a damaged reply: {}", name, e.getMessage());
                    }
                });
                if (!messages.isEmpty()) {
                    mailbox.received(id, List.copyOf(messages));
                    messages.clear();
                }
            }

            @Override
            public void onClosed(String reason) {
                mailbox.transportClosed(id, reason);
            }
        });
        machine.transportOpened(System.nanoTime());
    }

    private void write(byte[] bytes, long now) {
        Transport t = transport;
        if (t == null) {
            return;
        }
        try {
            t.write(bytes);
        } catch (IOException e) {
            transport = null;
            t.close();
            machine.transportLost("writing to " + t.describe() + " failed: " + e.getMessage(), System.nanoTime());
        }
    }

    private void closeTransport() {
        Transport t = transport;
        transport = null;
        transportId++;
        if (t != null) {
            t.close();
        }
    }
}
