package dev.solemate.routine;

import java.util.Objects;

/**
 * Builds a {@link Routine} in Java code, validated exactly like a routine file:
 *
 * <pre>{@code
 * Routine routine = Routine.builder("evening")
 *         .description("A short wind-down")
 *         .heat(38)
 *         .step("warm-up", Duration.ofMinutes(2), s -> s.allZones(Technique.KNEAD, Shape.ramp(10, 25)))
 *         .repeat(3, r -> r
 *                 .step("arch", Duration.ofSeconds(40), s -> s.zone(Zone.ARCH, Technique.ROLL, Shape.constant(35)))
 *                 .step("heel", Duration.ofSeconds(40), s -> s.zone(Zone.HEEL, Technique.PRESS, 30)))
 *         .step("cool-down", Duration.ofMinutes(1), s -> s.allZones(Technique.KNEAD, Shape.ramp(20, 5)).heatOff())
 *         .build();
 * }</pre>
 */
public final class RoutineBuilder extends BlockListBuilder<RoutineBuilder> {

    private final String name;
    private String description = "";
    private Heat heat = Heat.OFF;

    RoutineBuilder(String name) {
        this.name = Routine.checkName("routine name", name);
    }

    public RoutineBuilder description(String text) {
        this.description = Objects.requireNonNull(text, "description");
        return this;
    }

    /** The heater for every step that does not set its own, 20 to 60 °C (default: off). */
    public RoutineBuilder heat(int celsius) {
        this.heat = Heat.of(celsius);
        return this;
    }

    @Override
    RoutineBuilder self() {
        return this;
    }

    /** @throws IllegalArgumentException when the routine breaks a rule (empty, too long, ...) */
    public Routine build() {
        return new Routine(name, description, heat, blocks);
    }
}
