package dev.solemate.serial.transport;

import dev.solemate.MassagerException;

/** Opens a fresh {@link Transport} to the same place, for the first connection and each reconnection. */
public interface TransportOpener {

    /** Where it opens, for messages. */
    String describe();

    /**
     * Opens the link.
     *
     * @throws MassagerException saying why and what to do (permission, busy, not found)
     */
    Transport open();

    /** A cheap check whether opening could succeed now (e.g. the port's device file exists). */
    default boolean looksAvailable() {
        return true;
    }
}
