package dev.solemate.routine;

import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Sets what each zone and the heater do during one step, see {@link BlockListBuilder#step}. */
public final class StepBuilder {

    private final String name;
    private final Duration duration;
    private final Map<Zone, ZoneAction> zones = new EnumMap<>(Zone.class);
    private ZoneAction everyZone;
    private Heat heat;

    StepBuilder(String name, Duration duration) {
        this.name = Routine.checkName("step name", name);
        this.duration = Objects.requireNonNull(duration, "duration");
        wrap(() -> Step.checkDuration(duration));
    }

    /** Works {@code zone} with {@code technique}; {@code intensity} is e.g. {@code Shape.ramp(10, 30)}. */
    public StepBuilder zone(Zone zone, Technique technique, Shape intensity) {
        Objects.requireNonNull(zone, "zone");
        if (zones.containsKey(zone)) {
            throw fail("zone " + zone.id() + " is set twice (expected each zone once)");
        }
        zones.put(zone, new ZoneAction(technique, intensity));
        return this;
    }

    /** Works {@code zone} at a constant intensity in percent. */
    public StepBuilder zone(Zone zone, Technique technique, double percent) {
        return zone(zone, technique, wrap(() -> Shape.constant(percent)));
    }

    /** Works every zone of the device that no {@link #zone} call names (the {@code "all"} key in JSON). */
    public StepBuilder allZones(Technique technique, Shape intensity) {
        if (everyZone != null) {
            throw fail("all zones are set twice (expected \"all\" once)");
        }
        everyZone = new ZoneAction(technique, intensity);
        return this;
    }

    /** Sets the heater during this step, 20 to 60 °C (the compiler lowers it to the heat limit). */
    public StepBuilder heat(int celsius) {
        heat = wrap(() -> Heat.of(celsius));
        return this;
    }

    /** Turns the heater off during this step, whatever the routine's heat. */
    public StepBuilder heatOff() {
        heat = Heat.OFF;
        return this;
    }

    Step build() {
        return wrap(() -> new Step(name, duration, Optional.ofNullable(everyZone), zones, Optional.ofNullable(heat)));
    }

    private <T> T wrap(java.util.function.Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
    }

    private void wrap(Runnable check) {
        wrap(() -> {
            check.run();
            return null;
        });
    }

    private IllegalArgumentException fail(String problem) {
        return new IllegalArgumentException("step '" + name + "': " + problem);
    }
}
