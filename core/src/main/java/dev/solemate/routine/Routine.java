package dev.solemate.routine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A massage routine as data: a name, a description, the heater setting used by steps that do not
 * set their own, and a list of steps and repeat groups. Everything is validated here, so a routine
 * from a file ({@link Routines#parse}) and one from {@link #builder(String)} obey the same rules.
 * Device-independent: {@link RoutineCompiler} turns it into commands for one device.
 *
 * @param name         1 to 80 characters, shown to people and used as the built-in key
 * @param description  what it is for; may be empty
 * @param heat         the heater for steps that do not say otherwise ({@link Heat#OFF} for none)
 * @param steps        the steps and repeat groups in playing order, never empty
 */
public record Routine(String name, String description, Heat heat, List<Block> steps) {

    /** The longest routine: no massage session should come near it; devices stop far sooner. */
    public static final Duration MAX_DURATION = Duration.ofHours(2);
    /** The most entries in one step list (the routine's or a group's). */
    public static final int MAX_BLOCKS = 100;
    /** The most steps a routine plays, repeats unrolled. */
    public static final int MAX_UNROLLED_STEPS = 1000;
    /** How deeply repeat groups may nest. */
    public static final int MAX_NESTING = 3;
    public static final int MAX_NAME_LENGTH = 80;
    public static final int MAX_DESCRIPTION_LENGTH = 1000;

    public Routine {
        name = checkName("routine name", name);
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(heat, "heat");
        Objects.requireNonNull(steps, "steps");
        if (description.length() > MAX_DESCRIPTION_LENGTH) {
            throw new IllegalArgumentException("description is " + description.length()
                    + " characters long (expected at most " + MAX_DESCRIPTION_LENGTH + ")");
        }
        steps = List.copyOf(steps);
        checkBlocks("routine", steps);
        for (Block block : steps) {
            if (block instanceof Repeat repeat && repeat.depth() > MAX_NESTING) {
                throw new IllegalArgumentException("repeat groups nest " + repeat.depth()
                        + " deep (expected at most " + MAX_NESTING + ")");
            }
        }
        long unrolled = steps.stream().mapToLong(Block::unrolledSteps).sum();
        if (unrolled > MAX_UNROLLED_STEPS) {
            throw new IllegalArgumentException("routine plays " + unrolled + " steps with repeats unrolled"
                    + " (expected at most " + MAX_UNROLLED_STEPS + ")");
        }
        Duration total = Block.total(steps);
        if (total.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("routine lasts " + HumanDuration.format(total)
                    + " with repeats unrolled (expected at most " + HumanDuration.format(MAX_DURATION) + ")");
        }
    }

    /** Starts a routine in Java code; see {@link RoutineBuilder}. */
    public static RoutineBuilder builder(String name) {
        return new RoutineBuilder(name);
    }

    /** The total length, repeats unrolled. */
    public Duration duration() {
        return Block.total(steps);
    }

    /**
     * The steps in playing order with repeats unrolled, each with where it starts. A step inside a
     * repeat group is named with its round, e.g. {@code "toe wave (2/3)"}.
     */
    public List<PlannedStep> plan() {
        List<PlannedStep> out = new ArrayList<>();
        unroll(steps, heat, "", out);
        return List.copyOf(out);
    }

    private static void unroll(List<Block> blocks, Heat heat, String rounds, List<PlannedStep> out) {
        for (Block block : blocks) {
            if (block instanceof Step step) {
                Duration start = out.isEmpty() ? Duration.ZERO : out.get(out.size() - 1).mark().end();
                String name = rounds.isEmpty() ? step.name() : step.name() + " (" + rounds + ")";
                out.add(new PlannedStep(new StepMark(out.size(), name, start, step.duration()), step,
                        step.heat().orElse(heat)));
            } else if (block instanceof Repeat repeat) {
                for (int round = 1; round <= repeat.times(); round++) {
                    String here = round + "/" + repeat.times();
                    unroll(repeat.blocks(), heat, rounds.isEmpty() ? here : rounds + ", " + here, out);
                }
            }
        }
    }

    /** A step placed on the routine's time line, with the heat it resolves to. */
    public record PlannedStep(StepMark mark, Step step, Heat heat) {
    }

    static String checkName(String what, String name) {
        Objects.requireNonNull(name, what);
        String trimmed = name.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty (expected 1 to " + MAX_NAME_LENGTH + " characters)");
        }
        if (trimmed.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(what + " is " + trimmed.length() + " characters long (expected at most "
                    + MAX_NAME_LENGTH + ")");
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(what + " '" + trimmed.replaceAll("\\p{Cntrl}", "?")
                    + "' contains control characters (expected plain text)");
        }
        return trimmed;
    }

    static void checkBlocks(String what, List<Block> blocks) {
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException(what + " has no steps (expected at least one)");
        }
        if (blocks.size() > MAX_BLOCKS) {
            throw new IllegalArgumentException(what + " has " + blocks.size() + " entries in its step list"
                    + " (expected at most " + MAX_BLOCKS + ")");
        }
        for (Block block : blocks) {
            Objects.requireNonNull(block, "step");
        }
    }
}
