package dev.solemate.routine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The step-list half of {@link RoutineBuilder} and {@link RepeatBuilder}: adds steps and repeat
 * groups in playing order. Each step is validated as it is added, so a mistake fails on the line
 * that made it, with the same message a routine file would give.
 *
 * @param <B> the concrete builder, returned for chaining
 */
public abstract class BlockListBuilder<B extends BlockListBuilder<B>> {

    final List<Block> blocks = new ArrayList<>();

    BlockListBuilder() {
    }

    abstract B self();

    /** Adds a step whose zones and heat {@code body} sets; zones it does not set rest. */
    public B step(String name, Duration duration, Consumer<StepBuilder> body) {
        Objects.requireNonNull(body, "body");
        StepBuilder step = new StepBuilder(name, duration);
        body.accept(step);
        blocks.add(step.build());
        return self();
    }

    /** Adds a resting step: every zone stops, the heater keeps the routine's setting. */
    public B rest(String name, Duration duration) {
        return step(name, duration, s -> { });
    }

    /** Adds a group of steps that plays {@code times} times in a row. */
    public B repeat(int times, Consumer<RepeatBuilder> body) {
        Objects.requireNonNull(body, "body");
        RepeatBuilder group = new RepeatBuilder();
        body.accept(group);
        blocks.add(new Repeat(times, group.blocks));
        return self();
    }
}
