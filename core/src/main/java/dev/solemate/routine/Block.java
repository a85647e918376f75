package dev.solemate.routine;

import java.time.Duration;
import java.util.List;

/** An entry of a routine's step list: a single {@link Step} or a {@link Repeat} group of blocks. */
public sealed interface Block permits Step, Repeat {

    /** How long this block plays, repeats unrolled. */
    Duration duration();

    /** How many steps this block plays, repeats unrolled. */
    long unrolledSteps();

    /** Validates the size of a list of blocks and sums its duration. */
    static Duration total(List<? extends Block> blocks) {
        Duration total = Duration.ZERO;
        for (Block block : blocks) {
            total = total.plus(block.duration());
        }
        return total;
    }
}
