package dev.solemate;

/**
 * Receives a massager's events. Called on that massager's own event thread (named
 * {@code solemate-events-<device>}), one event at a time, in order; never on a driver's I/O thread
 * or the caller's thread. A slow listener delays only later events; an exception is logged and
 * does not stop delivery.
 */
@FunctionalInterface
public interface MassagerListener {

    void onEvent(MassagerEvent event);
}
