package dev.solemate.routine;

import dev.solemate.device.Technique;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which technique stands in when a zone lacks the one a routine asks for. Pressure techniques
 * (knead, roll, press, compress) stand in for each other, nearest feel first; vibration is a
 * different sensation, so it never replaces them, and only the rolling motions replace it.
 *
 * <pre>
 * knead    -> roll, press, compress
 * roll     -> knead, press, compress
 * press    -> compress, knead, roll
 * compress -> press, knead, roll
 * vibrate  -> roll, knead
 * </pre>
 */
public final class TechniqueFallback {

    private TechniqueFallback() {
    }

    /** The substitutes for {@code wanted}, best first (not including {@code wanted} itself). */
    public static List<Technique> order(Technique wanted) {
        return switch (wanted) {
            case KNEAD -> List.of(Technique.ROLL, Technique.PRESS, Technique.COMPRESS);
            case ROLL -> List.of(Technique.KNEAD, Technique.PRESS, Technique.COMPRESS);
            case PRESS -> List.of(Technique.COMPRESS, Technique.KNEAD, Technique.ROLL);
            case COMPRESS -> List.of(Technique.PRESS, Technique.KNEAD, Technique.ROLL);
            case VIBRATE -> List.of(Technique.ROLL, Technique.KNEAD);
        };
    }

    /** {@code wanted} if supported, else its best supported substitute, else empty (skip the zone). */
    public static Optional<Technique> choose(Technique wanted, Set<Technique> supported) {
        if (supported.contains(wanted)) {
            return Optional.of(wanted);
        }
        return order(wanted).stream().filter(supported::contains).findFirst();
    }
}
