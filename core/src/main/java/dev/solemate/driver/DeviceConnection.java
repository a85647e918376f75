package dev.solemate.driver;

import java.util.concurrent.CompletableFuture;

/**
 * A driver's live link to one device: the lowest layer of the command path
 * (caller -> {@code Massager} -> safety governor -> <b>DeviceConnection</b> -> codec -> transport).
 *
 * <p>Applications never hold one: {@code Massagers.open} wraps it behind the safety governor.
 * Implementations must never block in {@link #send} or {@link #stopAll}: queue the work and
 * complete the future from the driver's own thread.
 */
public interface DeviceConnection extends AutoCloseable {

    /** The device's identity and capabilities, known once the connection is open. */
    DeviceInfo info();

    /**
     * How long the device keeps going on its own when it hears nothing from the host: its watchdog
     * stops every actuator and the heater that long after the last request it received. This is
     * what stops a device whose stop could not be confirmed (a pulled cable), so applications
     * tell people about it. Empty when unknown (no handshake completed, a protocol that does not
     * say); {@link java.time.Duration#ZERO} when the device announced that it has no watchdog.
     * Called from any thread; must not block. The default says: unknown.
     */
    default java.util.Optional<java.time.Duration> watchdog() {
        return java.util.Optional.empty();
    }

    /**
     * Queues a command; the future completes when the device acknowledged it, or fails with a
     * {@link dev.solemate.MassagerException} (refused, timed out, disconnected).
     */
    CompletableFuture<Void> send(DeviceCommand command);

    /**
     * Stops every actuator and the heater now, ahead of anything queued or in flight (a real-time
     * stop on the wire where the protocol has one). Must work from any thread, at any time, and
     * must not throw. The future completes when the device confirmed it is at zero.
     */
    CompletableFuture<Void> stopAll();

    /**
     * Sets the one listener for device events. Drivers call it from their own I/O thread, so it
     * must return quickly; the core hands events to its own thread.
     */
    void setListener(Listener listener);

    /** Stops the device (as {@link #stopAll()}), then releases the link. Idempotent. */
    @Override
    void close();

    /** Receives events from the device; called on the driver's thread. */
    @FunctionalInterface
    interface Listener {
        void onEvent(DeviceEvent event);
    }
}
