package dev.solemate.routine;

/** Collects the steps of one round of a {@link Repeat} group, see {@link BlockListBuilder#repeat}. */
public final class RepeatBuilder extends BlockListBuilder<RepeatBuilder> {

    RepeatBuilder() {
    }

    @Override
    RepeatBuilder self() {
        return this;
    }
}
