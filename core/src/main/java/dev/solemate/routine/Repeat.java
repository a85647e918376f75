package dev.solemate.routine;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A group of blocks played {@code times} times in a row, e.g. a wave from toes to heel three times.
 *
 * @param times   1 to {@value #MAX_TIMES}
 * @param blocks  the steps (or nested groups) of one round, never empty
 */
public record Repeat(int times, List<Block> blocks) implements Block {

    public static final int MAX_TIMES = 100;

    public Repeat {
        Objects.requireNonNull(blocks, "blocks");
        if (times < 1 || times > MAX_TIMES) {
            throw new IllegalArgumentException("repeat " + times + " is out of range (expected 1 to "
                    + MAX_TIMES + ")");
        }
        blocks = List.copyOf(blocks);
        Routine.checkBlocks("repeat group", blocks);
    }

    @Override
    public Duration duration() {
        return Block.total(blocks).multipliedBy(times);
    }

    @Override
    public long unrolledSteps() {
        return blocks.stream().mapToLong(Block::unrolledSteps).sum() * times;
    }

    /** How deeply groups nest inside this one, counting this one: 1 when it holds only steps. */
    int depth() {
        int inner = 0;
        for (Block block : blocks) {
            if (block instanceof Repeat repeat) {
                inner = Math.max(inner, repeat.depth());
            }
        }
        return inner + 1;
    }
}
