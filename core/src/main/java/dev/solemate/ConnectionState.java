package dev.solemate;

/** Whether a {@link Massager} can currently reach its device. */
public enum ConnectionState {
    /** The device answers commands. */
    CONNECTED,
    /** The link is lost; the driver may be trying to reconnect. Commands fail. */
    DISCONNECTED,
    /** {@link Massager#close()} was called. */
    CLOSED;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
