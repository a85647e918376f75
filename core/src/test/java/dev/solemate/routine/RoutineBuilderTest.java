package dev.solemate.routine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Java builder makes exactly the routine a file would, and rejects what a file parser rejects. */
@Timeout(10)
class RoutineBuilderTest {

    private static final String JSON = """
            {
              "name": "evening",
              "description": "A short wind-down",
              "heat": 38,
              "steps": [
                { "name": "warm-up", "duration": "2m",
                  "zones": { "all": { "technique": "knead", "intensity": { "from": 10, "to": 25 } } } },
                { "repeat": 3, "steps": [
                  { "name": "arch", "duration": 40,
                    "zones": { "arch": { "technique": "roll", "intensity": 35 } } },
                  { "name": "heel", "duration": "40s", "heat": "off",
                    "zones": { "heel": { "technique": "press",
                                         "intensity": { "pulse": { "low": 20, "high": 45, "period": "4s" } } } } }
                ] },
                { "name": "rest", "duration": "30s" },
                { "name": "cool-down", "duration": "1m", "heat": 36,
                  "zones": { "all": { "technique": "knead", "intensity": { "from": 20, "to": 5 } },
                             "toes": { "technique": "press", "intensity": 10 } } }
              ]
            }
            """;

    @Test
    void builderAndParserMakeEqualRoutines() {
        Routine built = Routine.builder("evening")
                .description("A short wind-down")
                .heat(38)
                .step("warm-up", Duration.ofMinutes(2), s -> s.allZones(Technique.KNEAD, Shape.ramp(10, 25)))
                .repeat(3, r -> r
                        .step("arch", Duration.ofSeconds(40), s -> s.zone(Zone.ARCH, Technique.ROLL, 35))
                        .step("heel", Duration.ofSeconds(40), s -> s
                                .zone(Zone.HEEL, Technique.PRESS, Shape.pulse(20, 45, Duration.ofSeconds(4)))
                                .heatOff()))
                .rest("rest", Duration.ofSeconds(30))
                .step("cool-down", Duration.ofMinutes(1), s -> s
                        .allZones(Technique.KNEAD, Shape.ramp(20, 5))
                        .zone(Zone.TOES, Technique.PRESS, Shape.constant(10))
                        .heat(36))
                .build();

        assertThat(built).isEqualTo(Routines.parse("evening.json", JSON));
        assertThat(built.duration()).isEqualTo(Duration.ofMinutes(7).plusSeconds(30));
    }

    @Test
    void toJsonWritesTheHandWrittenFormAndParsesBackEqual() {
        Routine routine = Routine.builder("short")
                .heat(38)
                .step("warm", Duration.ofSeconds(90), s -> s.allZones(Technique.KNEAD, Shape.ramp(10, 22.5)))
                .repeat(2, r -> r.step("heel", Duration.ofMillis(1500), s -> s
                        .zone(Zone.HEEL, Technique.PRESS, Shape.pulse(20, 45, Duration.ofSeconds(4))).heatOff()))
                .build();
        String json = Routines.toJson(routine);
        assertThat(json).isEqualTo("""
                {
                  "$schema" : "https://solemate.dev/schemas/routine.schema.json",
                  "name" : "short",
                  "heat" : 38,
                  "steps" : [ {
                    "name" : "warm",
                    "duration" : "1m30s",
                    "zones" : {
                      "all" : {
                        "technique" : "knead",
                        "intensity" : {
                          "from" : 10,
                          "to" : 22.5
                        }
                      }
                    }
                  }, {
                    "repeat" : 2,
                    "steps" : [ {
                      "name" : "heel",
                      "duration" : "1.5s",
                      "zones" : {
                        "heel" : {
                          "technique" : "press",
                          "intensity" : {
                            "pulse" : {
                              "low" : 20,
                              "high" : 45,
                              "period" : "4s"
                            }
                          }
                        }
                      },
                      "heat" : "off"
                    } ]
                  } ]
                }
                """);
        assertThat(Routines.parse("short.json", json)).isEqualTo(routine);
        for (Routine builtIn : Routines.builtIn().values()) {
            assertThat(Routines.parse("copy.json", Routines.toJson(builtIn))).isEqualTo(builtIn);
        }
    }

    @Test
    void planUnrollsRepeatsAndNamesTheRounds() {
        Routine routine = Routines.parse("evening.json", JSON);
        assertThat(routine.plan()).extracting(p -> p.mark().name()).containsExactly("warm-up",
                "arch (1/3)", "heel (1/3)", "arch (2/3)", "heel (2/3)", "arch (3/3)", "heel (3/3)", "rest", "cool-down");
        assertThat(routine.plan()).extracting(p -> p.heat().celsius())
                .containsExactly(38, 38, 0, 38, 0, 38, 0, 38, 36);
        assertThat(routine.plan().get(8).mark().start()).isEqualTo(Duration.ofMinutes(6).plusSeconds(30));
    }

    @Test
    void builderRejectsWhatTheParserRejectsWithTheSameWords() {
        assertThatThrownBy(() -> Routine.builder("x")
                .step("loud", Duration.ofMinutes(1), s -> s.zone(Zone.ARCH, Technique.KNEAD, 140)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("step 'loud': intensity 140 % is out of range (expected 0 to 100)");
        assertThatThrownBy(() -> Routine.builder("x").step("none", Duration.ZERO, s -> { }))
                .hasMessage("step 'none': duration 0s is not positive (expected 1s to 2h)");
        assertThatThrownBy(() -> Routine.builder("x").step("back", Duration.ofSeconds(-5), s -> { }))
                .hasMessage("step 'back': duration -5s is not positive (expected 1s to 2h)");
        assertThatThrownBy(() -> Routine.builder("x").repeat(0, r -> r.rest("a", Duration.ofSeconds(5))))
                .hasMessage("repeat 0 is out of range (expected 1 to 100)");
        assertThatThrownBy(() -> Routine.builder("x").step("p", Duration.ofMinutes(1),
                s -> s.zone(Zone.HEEL, Technique.PRESS, Shape.pulse(50, 20, Duration.ofSeconds(4)))))
                .hasMessage("pulse low 50 % is above high 20 % (expected low <= high)");
        assertThatThrownBy(() -> Routine.builder("x").step("h", Duration.ofMinutes(1), s -> s.heat(70)))
                .hasMessage("step 'h': heat 70 °C is out of range (expected 20 to 60 °C, or \"off\")");
        assertThatThrownBy(() -> Routine.builder("x").step("twice", Duration.ofMinutes(1), s -> s
                .zone(Zone.ARCH, Technique.KNEAD, 10).zone(Zone.ARCH, Technique.ROLL, 10)))
                .hasMessage("step 'twice': zone arch is set twice (expected each zone once)");
    }

    @Test
    void emptyOrOverlongRoutinesAreRejectedAtBuild() {
        assertThatThrownBy(() -> Routine.builder("x").build())
                .hasMessage("routine has no steps (expected at least one)");
        assertThatThrownBy(() -> Routine.builder("x").repeat(100, r -> r.rest("a", Duration.ofMinutes(2))).build())
                .hasMessage("routine lasts 3h20m with repeats unrolled (expected at most 2h)");
        assertThatThrownBy(() -> Routine.builder(" ")).hasMessage("routine name is empty (expected 1 to 80 characters)");
    }
}
