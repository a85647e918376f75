package dev.solemate.serial.emulator;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the emulator does wrong on purpose, changeable while it runs (tests flip these between steps).
 * Rates are probabilities per byte (input) or per reply, from 0 to 1.
 */
public final class FaultInjector {

    private final Random random;
    private volatile double dropInputRate;
    private volatile double corruptInputRate;
    private volatile double dropReplyRate;
    private final AtomicInteger dropNextReplies = new AtomicInteger();
    private volatile Duration replyDelay = Duration.ZERO;
    private volatile boolean silent;
    private volatile boolean heaterRunaway;

    public FaultInjector(long seed) {
        this.random = new Random(seed);
    }

    private static double rate(double r, String what) {
        if (!(r >= 0 && r <= 1)) {
            throw new IllegalArgumentException(what + " " + r + " is out of range (expected 0 to 1)");
        }
        return r;
    }

    /** Drops each input byte with this probability (as a noisy line would). */
    public FaultInjector dropInput(double rate) {
        dropInputRate = rate(rate, "drop input rate");
        return this;
    }

    /** Flips one bit of each input byte with this probability. */
    public FaultInjector corruptInput(double rate) {
        corruptInputRate = rate(rate, "corrupt input rate");
        return this;
    }

    /** Drops each acknowledgement or error with this probability (the request still executes). */
    public FaultInjector dropReplies(double rate) {
        dropReplyRate = rate(rate, "drop reply rate");
        return this;
    }

    /** Drops the next {@code count} acknowledgements or errors, whatever the rate. */
    public FaultInjector dropNextReplies(int count) {
        dropNextReplies.set(count);
        return this;
    }

    /** Waits this long before working on each request (a slow main loop: the receive buffer fills). */
    public FaultInjector delayReplies(Duration delay) {
        replyDelay = delay;
        return this;
    }

    /** Stops answering altogether (input is read and ignored; the watchdog still runs). */
    public FaultInjector silent(boolean on) {
        silent = on;
        return this;
    }

    /** Makes the heater ignore its target and climb until the over-temperature cut-off trips. */
    public FaultInjector heaterRunaway(boolean on) {
        heaterRunaway = on;
        return this;
    }

    /** Clears every fault. */
    public FaultInjector none() {
        dropInputRate = 0;
        corruptInputRate = 0;
        dropReplyRate = 0;
        dropNextReplies.set(0);
        replyDelay = Duration.ZERO;
        silent = false;
        heaterRunaway = false;
        return this;
    }

    Duration replyDelay() {
        return replyDelay;
    }

    boolean silent() {
        return silent;
    }

    boolean heaterRunaway() {
        return heaterRunaway;
    }

    /** The byte after input faults, or -1 to drop it. */
    int onInput(byte b) {
        if (dropInputRate > 0 && chance(dropInputRate)) {
            return -1;
        }
        if (corruptInputRate > 0 && chance(corruptInputRate)) {
            int bit;
            synchronized (random) {
                bit = random.nextInt(8);
            }
            return (b ^ (1 << bit)) & 0xFF;
        }
        return b & 0xFF;
    }

    boolean dropReply() {
        if (dropNextReplies.get() > 0 && dropNextReplies.getAndDecrement() > 0) {
            return true;
        }
        return dropReplyRate > 0 && chance(dropReplyRate);
    }

    private boolean chance(double p) {
        synchronized (random) {
            return random.nextDouble() < p;
        }
    }
}
