package dev.solemate.sim;

import dev.solemate.DeviceDisconnectedException;
import dev.solemate.MassagerException;
import dev.solemate.driver.DeviceCommand;
import dev.solemate.driver.DeviceConnection;
import dev.solemate.driver.DeviceEvent;
import dev.solemate.driver.DeviceInfo;
import dev.solemate.time.Timeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The host's end of the link to a {@link SimulatedDevice}, as a real driver's would be: it waits
 * for each acknowledgement up to a timeout, fails pending commands when the link drops, and feeds
 * the device's watchdog with heartbeats while open.
 */
final class SimConnection implements DeviceConnection {

    private final SimulatedDevice device;
    private final Timeline timeline;
    private final long ackTimeoutNanos;
    private final long heartbeatNanos;
    private final Duration watchdog;
    private final Set<Pending> pending = ConcurrentHashMap.newKeySet();
    private volatile Listener listener = event -> { };
    private volatile boolean closed;
    private Timeline.Cancellable heartbeat;

    SimConnection(SimulatedDevice device, Timeline timeline, Duration ackTimeout, Duration watchdog) {
        this.device = device;
        this.timeline = timeline;
        this.ackTimeoutNanos = ackTimeout.toNanos();
        this.heartbeatNanos = watchdog.isZero() ? 0 : Math.max(1_000_000, watchdog.toNanos() / 3);
        this.watchdog = watchdog;
        device.attach(this::onDeviceEvent);
        if (heartbeatNanos > 0) {
            scheduleHeartbeat(timeline.nanoTime() + heartbeatNanos);
        }
    }

    @Override
    public DeviceInfo info() {
        return device.info();
    }

    /** The {@code watchdog} parameter: the simulated device stops itself that long after the host went silent. */
    @Override
    public java.util.Optional<Duration> watchdog() {
        return java.util.Optional.of(watchdog);
    }

    @Override
    public CompletableFuture<Void> send(DeviceCommand command) {
        if (closed) {
            return CompletableFuture.failedFuture(new MassagerException("the connection to simulated device "
                    + device.name() + " is closed"));
        }
        if (!device.isLinked()) {
            return CompletableFuture.failedFuture(new DeviceDisconnectedException("simulated device "
                    + device.name() + " is disconnected; " + SimulatedDevice.describe(command) + " was not sent"));
        }
        Pending p = new Pending(command);
        pending.add(p);
        p.timeout = timeline.scheduleAt(timeline.nanoTime() + ackTimeoutNanos, () -> {
            if (pending.remove(p)) {
                p.future.completeExceptionally(new MassagerException("simulated device " + device.name()
                        + " did not acknowledge " + SimulatedDevice.describe(command) + " within "
                        + ackTimeoutNanos / 1_000_000 + " ms"));
            }
        });
        device.deliver(command, error -> {
            if (pending.remove(p)) {
                p.timeout.cancel();
                if (error == null) {
                    p.future.complete(null);
                } else {
                    p.future.completeExceptionally(error);
                }
            }
        });
        return p.future;
    }

    @Override
    public CompletableFuture<Void> stopAll() {
        if (closed) {
            return CompletableFuture.failedFuture(new MassagerException("the connection to simulated device "
                    + device.name() + " is closed"));
        }
        if (!device.isLinked()) {
            return CompletableFuture.failedFuture(new DeviceDisconnectedException("simulated device "
                    + device.name() + " is disconnected; the stop could not be sent"));
        }
        // The stop is a real-time signal: it takes effect (and is confirmed) at once, overtaking
        // everything in transit, so nothing queued before it can run after it.
        device.realTimeStop();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void setListener(Listener newListener) {
        listener = newListener == null ? event -> { } : newListener;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        device.hostClosed();
        closed = true;
        synchronized (this) {
            if (heartbeat != null) {
                heartbeat.cancel();
            }
        }
        failPending(() -> new MassagerException("the connection to simulated device " + device.name() + " was closed"));
    }

    private void onDeviceEvent(DeviceEvent event) {
        if (event instanceof DeviceEvent.Disconnected d) {
            failPending(() -> new DeviceDisconnectedException("simulated device " + device.name()
                    + " disconnected: " + d.reason()));
        }
        listener.onEvent(event);
    }

    private void failPending(java.util.function.Supplier<Throwable> error) {
        List<Pending> failed = new ArrayList<>(pending);
        for (Pending p : failed) {
            if (pending.remove(p)) {
                if (p.timeout != null) {
                    p.timeout.cancel();
                }
                p.future.completeExceptionally(error.get());
            }
        }
    }

    private synchronized void scheduleHeartbeat(long at) {
        if (closed) {
            return;
        }
        heartbeat = timeline.scheduleAt(at, () -> {
            if (!closed) {
                device.heartbeat();
                scheduleHeartbeat(at + heartbeatNanos);
            }
        });
    }

    /** A command waiting for its acknowledgement. */
    private static final class Pending {
        final DeviceCommand command;
        final CompletableFuture<Void> future = new CompletableFuture<>();
        volatile Timeline.Cancellable timeout;

        Pending(DeviceCommand command) {
            this.command = command;
        }
    }
}
