package dev.solemate.serial.driver;

import dev.solemate.MassagerException;
import dev.solemate.driver.DeviceEvent;
import dev.solemate.driver.DeviceInfo;
import dev.solemate.serial.protocol.DeviceHello;

/**
 * What the link's state machine asks of the thread that runs it, besides bytes to write
 * ({@link LinkStateMachine#takeBytes}): outcomes to deliver, events for the listener, and the
 * transport to open or close.
 */
sealed interface LinkOutput {

    /** A caller's request (or stop) with this id succeeded; {@code value} is its answer's value, or null. */
    record Completed(long id, Object value) implements LinkOutput {
    }

    /** A caller's request (or stop) with this id failed. */
    record Failed(long id, MassagerException error) implements LinkOutput {
    }

    /** For the listener. */
    record Notify(DeviceEvent event) implements LinkOutput {
    }

    /**
     * The handshake is done and the device is at zero.
     *
     * @param reconnected false for the first connection
     */
    record Connected(DeviceInfo info, DeviceHello hello, boolean reconnected) implements LinkOutput {
    }

    /** The first connection failed; the link is closed. */
    record ConnectFailed(MassagerException error) implements LinkOutput {
    }

    /** Open a transport (the first time, or to reconnect) and report with transportOpened or transportOpenFailed. */
    record OpenTransport() implements LinkOutput {
    }

    /** Close the transport; nothing more will be written to it. */
    record CloseTransport() implements LinkOutput {
    }

    /** The link is closed: nothing more will come out. */
    record Closed() implements LinkOutput {
    }
}
