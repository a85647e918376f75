package dev.solemate.serial.driver;

import dev.solemate.serial.protocol.Operation;

/**
 * One request in a link: waiting for the window (no number yet), or sent and waiting for its answer.
 * Owned by the state machine's thread; never shared.
 */
final class Pending {

    /** Why the link sent a request: a caller's, or one of the link's own. */
    enum Purpose { CALLER, HELLO, HANDSHAKE_STOP, PING, RESTART_HELLO }

    /** A caller's request id (see {@link LinkOutput.Completed}); negative for the link's own requests. */
    final long id;
    final Operation operation;
    final Purpose purpose;
    final int maxAttempts;
    int seq = -1;
    byte[] wire;
    /** How many times it was put on the wire. */
    int attempts;
    /** When the last copy was put on the wire. */
    long sentAt;
    boolean needsResend;

    Pending(long id, Operation operation, Purpose purpose, int maxAttempts) {
        this.id = id;
        this.operation = operation;
        this.purpose = purpose;
        this.maxAttempts = maxAttempts;
    }

    /** How the request reads in messages, e.g. {@code SET arch knead 3}. */
    String describe() {
        Operation op = operation;
        if (op instanceof Operation.SetZone z) {
            return "SET " + z.zone().id() + " " + z.technique().id() + " " + z.level();
        } else if (op instanceof Operation.SetHeat h) {
            return "HEAT " + h.celsius();
        } else if (op instanceof Operation.HeatOff) {
            return "HEAT OFF";
        } else if (op instanceof Operation.StopAll) {
            return "STOP";
        } else if (op instanceof Operation.QueryStatus) {
            return "STATUS";
        } else if (op instanceof Operation.Ping) {
            return "PING (heartbeat)";
        }
        return "HELLO";
    }
}
