package dev.solemate.testing;

import dev.solemate.Massager;
import dev.solemate.MassagerOptions;
import dev.solemate.Massagers;
import dev.solemate.player.Playback;
import dev.solemate.player.PlaybackResult;
import dev.solemate.safety.SafetyLimits;
import dev.solemate.sim.SimulatedDevice;
import dev.solemate.time.VirtualTimeline;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A simulated massager on a virtual clock, for tests: time moves only with {@link #advance}, and
 * the helpers wait (without sleeping) for work that the massager hands to its event thread.
 */
public final class VirtualRig implements AutoCloseable {

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final long WAIT_LIMIT_NANOS = 10_000_000_000L;

    public final VirtualTimeline timeline;
    public final Massager massager;
    public final SimulatedDevice device;

    private VirtualRig(VirtualTimeline timeline, Massager massager, SimulatedDevice device) {
        this.timeline = timeline;
        this.massager = massager;
        this.device = device;
    }

    /** Opens {@code sim:?<params>&name=<unique>} with default limits; params may be empty. */
    public static VirtualRig open(String params) {
        return open(params, SafetyLimits.defaults());
    }

    public static VirtualRig open(String params, SafetyLimits limits) {
        VirtualTimeline timeline = new VirtualTimeline(1_000_000_000_000L);
        String name = "rig-" + NAMES.incrementAndGet();
        String uri = "sim:?" + (params.isEmpty() ? "" : params + "&") + "name=" + name;
        Massager massager = Massagers.open(uri, new MassagerOptions(limits, timeline));
        return new VirtualRig(timeline, massager, SimulatedDevice.named(name));
    }

    /** Nanoseconds since this rig's clock started. */
    public long now() {
        return timeline.nanoTime();
    }

    public void advance(Duration step) {
        timeline.advance(step);
    }

    /** Runs what is due now until {@code condition} holds (work may arrive from the event thread). */
    public void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT_LIMIT_NANOS;
        while (true) {
            timeline.runDue();
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
        }
    }

    public <T> T await(CompletableFuture<T> future) {
        await(future::isDone, "a future");
        return future.join();
    }

    /** Waits for the playback to end and report Finished, without moving the clock. */
    public PlaybackResult awaitEnd(Playback playback) {
        return await(playback.completion());
    }

    @Override
    public void close() {
        massager.close();
    }
}
