package dev.solemate.mqtt.config;

import java.time.Duration;
import java.util.Objects;

/**
 * What devices do when the bridge loses its broker: with nobody able to send a stop, a motor must
 * not keep running. {@link Action#STOP} (the default) stops every device, routines included, once
 * the link has been down for {@code after}; a short blip shorter than that changes nothing.
 * {@link Action#FINISH_ROUTINE} lets a playing routine run to its (bounded) end but stops manual settings.
 */
public record BrokerLossPolicy(Action action, Duration after) {

    /** The reaction to a lost broker. */
    public enum Action {
        STOP, FINISH_ROUTINE;

        public static Action parse(String text) {
            for (Action a : values()) {
                if (a.id().equals(text)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("broker_loss.action '" + text + "' is not allowed (expected stop or finish-routine)");
        }

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public static final Duration DEFAULT_AFTER = Duration.ofSeconds(5);

    public BrokerLossPolicy {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(after, "after");
        if (after.isNegative() || after.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("broker_loss.after " + after.toMillis()
                    + " ms is out of range (expected 0 s to 5 min)");
        }
    }

    public static BrokerLossPolicy defaults() {
        return new BrokerLossPolicy(Action.STOP, DEFAULT_AFTER);
    }
}
