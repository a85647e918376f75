package dev.solemate.serial.emulator;

import dev.solemate.serial.protocol.DeviceMessage;
import dev.solemate.serial.protocol.ErrorCode;
import dev.solemate.serial.protocol.FrameDecoder;
import dev.solemate.serial.protocol.FrameSink;
import dev.solemate.serial.protocol.ProtocolException;
import dev.solemate.serial.protocol.Request;
import dev.solemate.serial.protocol.WireProtocol;
import dev.solemate.serial.transport.Transport;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection of the board to a host, shaped like microcontroller firmware: the transport's
 * reading thread is the UART interrupt (paced to the line speed if asked; it picks the real-time
 * stop byte off the input and acts on it at once, and puts every other byte in a fixed-size receive
 * buffer, dropping bytes when it is full); a main-loop pass takes what the buffer holds, cuts it
 * into lines and answers them one at a time. The pass runs on the main-loop thread when a slow main
 * loop ({@link FaultInjector#delayReplies}, which lets the buffer fill) or a paced line is emulated,
 * otherwise right after the bytes arrive, on the reading thread.
 */
final class BoardLink implements Transport.Receiver {

    private static final Logger LOG = LoggerFactory.getLogger(BoardLink.class);
    /** Bytes paced together (about 1.4 ms at 115200 baud): fine enough for the stop, coarse enough to be cheap. */
    private static final int PACE_GROUP = 16;
    private static final long IDLE_NANOS = 2_000_000;
    /** Stands in the frame queue where an overlong line ended, so that its TOO_LONG keeps its place. */
    private static final byte[] TOO_LONG = new byte[0];

    private final Board board;
    private final WireProtocol protocol;
    private final FaultInjector faults;
    private final Transport transport;
    private final long nanosPerByte;
    private final byte[] ring;
    private final AtomicInteger flushes = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final FrameDecoder decoder;
    /** Complete frames, and {@link #TOO_LONG} markers for overlong ones, in the order they ended. */
    private final ArrayDeque<byte[]> frames = new ArrayDeque<>();
    /** Held by whichever thread runs the main loop's pass: one at a time, as on the board. */
    private final ReentrantLock mainLoopLock = new ReentrantLock();
    private final byte[] chunk;

    // guarded by this
    private int head;
    private int count;
    private boolean overflowed;
    private boolean flushed;
    private boolean ended;
    private long nextByteNanos;

    BoardLink(Board board, WireProtocol protocol, FaultInjector faults, EmulatorOptions options, Transport transport) {
        this.board = board;
        this.protocol = protocol;
        this.faults = faults;
        this.transport = transport;
        this.nanosPerByte = options.paceBaud() > 0 ? 10L * 1_000_000_000L / options.paceBaud() : 0;
        this.ring = new byte[options.rxBuffer()];
        this.chunk = new byte[options.rxBuffer()];
        this.decoder = protocol.framing().newDecoder(protocol.maxRequestFrame());
    }

    void start() {
        // encode once what the watchdog and the stop send, so that no class loads on a cold JVM the first
        // time they are needed: a board's code is all there from power-on, and §8 gives the watchdog 10 ms
        protocol.wireReply(new DeviceMessage.Notice(new dev.solemate.driver.DeviceEvent.Fault("WATCHDOG", "warm-up")));
        protocol.wireReply(new DeviceMessage.Notice(new dev.solemate.driver.DeviceEvent.StatusReport(board.status())));
        protocol.wireReply(new DeviceMessage.Stopped());
        board.setOutput(this::send);
        Thread main = new Thread(this::mainLoop, "solemate-emulator-main-" + transport.describe());
        main.setDaemon(true);
        main.start();
        transport.start(this);
    }

    /** Blocks until the link ends (the host went away or {@link #close()}). */
    void awaitEnd() throws InterruptedException {
        closed.await();
    }

    void close() {
        synchronized (this) {
            ended = true;
            notifyAll();
        }
        transport.close();
        closed.countDown();
    }

    // ------------------------------------------------------------ the "interrupt": bytes arriving

    @Override
    public void onBytes(byte[] buffer, int length) {
        boolean inline = nanosPerByte == 0 && faults.replyDelay().isZero();
        byte stop = protocol.realtimeStop();
        int i = 0;
        while (i < length) {
            int end = nanosPerByte > 0 ? Math.min(length, i + PACE_GROUP) : length;
            if (nanosPerByte > 0) {
                pace(end - i);
            }
            boolean stopSeen = false;
            synchronized (this) {
                for (; i < end && !stopSeen; i++) {
                    int b = faults.onInput(buffer[i]);
                    if (b < 0 || faults.silent()) {
                        continue;
                    }
                    if ((byte) b == stop) {
                        stopSeen = true;
                    } else if (count == ring.length) {
                        overflowed = true;
                    } else {
                        ring[(head + count) % ring.length] = (byte) b;
                        count++;
                    }
                }
                if (!inline) {
                    notifyAll();
                }
            }
            if (stopSeen) {
                // picked off before buffering: act at once and drop what was buffered (a loss included);
                // EVT STOPPED leaves from the main loop, after the answers to what ran before the stop
                flushes.incrementAndGet();
                synchronized (this) {
                    count = 0;
                    overflowed = false;
                    flushed = true;
                }
                board.realtimeStop();
                synchronized (this) {
                    notifyAll();
                }
            }
        }
        if (inline) {
            runMainLoopHere();
        }
    }

    /**
     * A board's main loop polls its buffer and answers within microseconds; a thread woken by the
     * operating system takes tens of them, more than the line itself. So unless a slow main loop or a
     * paced line is being emulated, the reading thread runs the pass itself, once the bytes it read
     * are in the buffer (a stop among them was acted on first). If the main-loop thread is mid-pass
     * it is woken instead, and takes these bytes after its pass.
     */
    private void runMainLoopHere() {
        if (mainLoopLock.tryLock()) {
            try {
                runMainLoop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                mainLoopLock.unlock();
            }
        }
        synchronized (this) {
            if (count > 0 || overflowed || flushed) {
                notifyAll();
            }
        }
    }

    /**
     * Waits until {@code bytes} more bytes would have arrived on a line of the configured speed. Time
     * lost to oversleeping is made up by the following bytes, unless the line was idle.
     */
    private void pace(int bytes) {
        long now = System.nanoTime();
        if (now - nextByteNanos > IDLE_NANOS) {
            nextByteNanos = now;
        }
        nextByteNanos += nanosPerByte * bytes;
        long ahead = nextByteNanos - now;
        if (ahead > 0) {
            LockSupport.parkNanos(ahead);
        }
    }

    @Override
    public void onClosed(String reason) {
        LOG.info("emulator: host link ended: {}", reason);
        close();
    }

    // ------------------------------------------------------------ the main loop: lines out of the buffer

    private final FrameSink sink = new FrameSink() {
        @Override
        public void frame(byte[] frame) {
            frames.add(frame);
        }

        @Override
        public void discarded(int bytes, boolean oversized) {
            if (oversized && protocol.refusesOversizedFrames()) {
                frames.add(TOO_LONG);
            }
        }
    };

    private void mainLoop() {
        try {
            while (true) {
                synchronized (this) {
                    while (count == 0 && !flushed && !ended && !overflowed) {
                        wait();
                    }
                    if (ended) {
                        return;
                    }
                }
                runMainLoop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One pass of the main loop over what the buffer holds. Runs on the main-loop thread, or on the
     * reading thread when nothing is being emulated that needs the two apart (see {@link #onBytes}).
     */
    private void runMainLoop() throws InterruptedException {
        mainLoopLock.lock();
        try {
            int generation;
            boolean overflow;
            boolean stopped = false;
            int n;
            synchronized (this) {
                if (flushed) {
                    flushed = false;
                    stopped = true;
                    decoder.reset();
                    frames.clear();
                }
                overflow = overflowed;
                overflowed = false;
                generation = flushes.get();
                n = count;
                for (int k = 0; k < n; k++) {
                    chunk[k] = ring[(head + k) % ring.length];
                }
                head = (head + n) % ring.length;
                count = 0;
            }
            if (stopped) {
                send(new DeviceMessage.Stopped());
            }
            decoder.feed(chunk, 0, n, sink);
            if (overflow) {
                // before the answer to any line that ended after the loss (docs/protocol.md §9)
                board.noteOverflow();
                send(new DeviceMessage.Nak(Request.TYPED, ErrorCode.OVERFLOW, "receive buffer full; input lost"));
            }
            // answers to one chunk of lines leave in one write, in the order of the lines, unless a slow
            // main loop is being emulated
            java.io.ByteArrayOutputStream replies = faults.replyDelay().isZero() ? new java.io.ByteArrayOutputStream() : null;
            while (!frames.isEmpty()) {
                byte[] frame = frames.poll();
                if (frame == TOO_LONG) {
                    answer(new DeviceMessage.Nak(Request.TYPED, ErrorCode.TOO_LONG,
                            "line longer than " + protocol.maxRequestFrame() + " bytes"), replies);
                } else {
                    process(frame, generation, replies);
                }
            }
            if (replies != null && replies.size() > 0 && !faults.silent()) {
                try {
                    transport.write(replies.toByteArray());
                } catch (IOException e) {
                    LOG.debug("emulator: could not send answers: {}", e.getMessage());
                }
            }
        } finally {
            mainLoopLock.unlock();
        }
    }

    private void process(byte[] frame, int generation, java.io.ByteArrayOutputStream replies) throws InterruptedException {
        long delay = faults.replyDelay().toNanos();
        if (delay > 0 && flushes.get() == generation) {
            Thread.sleep(delay / 1_000_000, (int) (delay % 1_000_000));
        }
        DeviceMessage reply;
        try {
            Request request = protocol.codec().decodeRequest(frame);
            reply = board.handle(request, () -> flushes.get() == generation);
        } catch (ProtocolException e) {
            reply = board.refuse(e, () -> flushes.get() == generation);
        }
        if (reply != null && !faults.dropReply()) {
            answer(reply, replies);
        }
    }

    private void answer(DeviceMessage reply, java.io.ByteArrayOutputStream replies) {
        if (replies != null) {
            replies.writeBytes(protocol.wireReply(reply));
        } else {
            send(reply);
        }
    }

    private void send(DeviceMessage message) {
        if (faults.silent()) {
            return;
        }
        try {
            transport.write(protocol.wireReply(message));
        } catch (IOException e) {
            LOG.debug("emulator: could not send {}: {}", message, e.getMessage());
        }
    }
}
