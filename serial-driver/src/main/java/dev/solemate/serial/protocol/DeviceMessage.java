package dev.solemate.serial.protocol;

import dev.solemate.driver.DeviceEvent;
import dev.solemate.driver.DeviceStatus;
import java.util.Objects;

/** Everything a device sends, independent of any dialect's spelling. */
public sealed interface DeviceMessage {

    /** The request with this sequence number was carried out (or was a duplicate of one that was). */
    record Ack(int seq) implements DeviceMessage {
    }

    /** The answer to HELLO. */
    record HelloAck(int seq, DeviceHello hello) implements DeviceMessage {
        public HelloAck {
            Objects.requireNonNull(hello, "hello");
        }
    }

    /** The answer to a status query. */
    record StatusAck(int seq, DeviceStatus status) implements DeviceMessage {
        public StatusAck {
            Objects.requireNonNull(status, "status");
        }
    }

    /**
     * The request was refused; {@code seq} is {@link Request#TYPED} when the device could not read one.
     */
    record Nak(int seq, ErrorCode code, String detail) implements DeviceMessage {
        public Nak {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Something the device reports on its own (status change, button, over-temperature, fault). */
    record Notice(DeviceEvent event) implements DeviceMessage {
        public Notice {
            Objects.requireNonNull(event, "event");
            if (event instanceof DeviceEvent.Disconnected || event instanceof DeviceEvent.Reconnected) {
                throw new IllegalArgumentException("a device cannot send " + event + " (the host makes those)");
            }
        }
    }

    /** The device acted on a real-time stop: every actuator and the heater are off, the input buffer is empty. */
    record Stopped() implements DeviceMessage {
    }

    /** A comment line (text dialect, e.g. a boot banner); hosts ignore it. */
    record Comment(String text) implements DeviceMessage {
    }
}
