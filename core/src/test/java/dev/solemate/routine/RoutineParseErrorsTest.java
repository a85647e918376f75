package dev.solemate.routine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.solemate.json.InvalidFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every kind of bad routine file is rejected before anything runs, with one message naming the
 * file, line:column, JSON path and what was expected.
 */
@Timeout(10)
class RoutineParseErrorsTest {

    /** A valid routine with one placeholder, replaced by each test with the part under test. */
    private static String routineWithStep(String stepBody) {
        return """
                {
                  "name": "test",
                  "steps": [
                    { "name": "one", "duration": "30s" },
                    %s
                  ]
                }
                """.formatted(stepBody);
    }

    private static String step(String zones) {
        return "{ \"name\": \"two\", \"duration\": \"1m\", \"zones\": { " + zones + " } }";
    }

    private static InvalidFileException reject(String json) {
        InvalidFileException e = catchThrowableOfType(InvalidFileException.class, () -> Routines.parse("test.json", json));
        assertThat(e).as("expected the routine to be rejected").isNotNull();
        return e;
    }

    @Test
    void brokenJsonGivesLineAndColumnOfTheSyntaxError() {
        InvalidFileException e = reject("{\n  \"name\": \"x\"\n  \"steps\": []\n}");
        assertThat(e.getMessage()).startsWith("test.json:3:3: broken JSON: Unexpected character ('\"'");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(3);
    }

    @Test
    void emptyFileIsRejected() {
        assertThat(reject("  \n").getMessage()).isEqualTo("test.json:1:1: the file is empty (expected a JSON object)");
    }

    @Test
    void rootMustBeAnObject() {
        assertThat(reject("[1, 2]").getMessage())
                .isEqualTo("test.json:1:1 at $: expected a JSON object with name, description and steps");
    }

    @Test
    void duplicateKeysAreRejectedByTheJsonReader() {
        assertThat(reject("{\"name\": \"a\", \"name\": \"b\", \"steps\": []}").getMessage())
                .startsWith("test.json:1:21: broken JSON: Duplicate field 'name'");
    }

    @Test
    void unknownRootFieldSuggestsTheClosestKnownOne() {
        assertThat(reject("{\n  \"name\": \"x\",\n  \"descripton\": \"y\",\n  \"steps\": []\n}").getMessage())
                .isEqualTo("test.json:3:17 at $.descripton: unknown field 'descripton' (expected one of:"
                        + " description, heat, name, steps); did you mean 'description'?");
    }

    @Test
    void missingNameSaysWhatIsExpected() {
        assertThat(reject("{ \"steps\": [] }").getMessage())
                .isEqualTo("test.json:1:1 at $: missing 'name' (expected a text)");
    }

    @Test
    void emptyRoutineIsRejected() {
        assertThat(reject("{ \"name\": \"x\",\n  \"steps\": [ ] }").getMessage())
                .isEqualTo("test.json:2:12 at $.steps: routine has no steps (expected at least one)");
    }

    @Test
    void missingStepsIsRejected() {
        assertThat(reject("{ \"name\": \"x\" }").getMessage())
                .isEqualTo("test.json:1:1 at $: missing 'steps' (expected a list of steps)");
    }

    @Test
    void unknownStepFieldNamesTheStep() {
        assertThat(reject(routineWithStep("{ \"name\": \"two\", \"duraton\": \"1m\" }")).getMessage())
                .isEqualTo("test.json:5:33 at $.steps[1].duraton: unknown field 'duraton' (expected one of:"
                        + " duration, heat, name, zones); did you mean 'duration'?");
    }

    @Test
    void unknownZoneListsTheZonesAndSuggests() {
        assertThat(reject(routineWithStep(step("\"heal\": { \"technique\": \"knead\", \"intensity\": 20 }"))).getMessage())
                .isEqualTo("test.json:5:59 at $.steps[1].zones.heal: unknown zone 'heal' (expected one of: all,"
                        + " toes, ball, arch, heel, ankle, calf); did you mean 'heel'?");
    }

    @Test
    void unknownTechniqueListsTheTechniques() {
        assertThat(reject(routineWithStep(step("\"arch\": { \"technique\": \"rol\", \"intensity\": 20 }"))).getMessage())
                .isEqualTo("test.json:5:74 at $.steps[1].zones.arch.technique: unknown technique 'rol' (expected"
                        + " one of: knead, roll, press, vibrate, compress); did you mean 'roll'?");
    }

    @Test
    void intensityAboveOneHundredNamesTheValueAndTheRange() {
        InvalidFileException e = reject(routineWithStep(step("\"arch\": { \"technique\": \"knead\", \"intensity\": 140 }")));
        assertThat(e.getMessage()).isEqualTo("test.json:5:96 at $.steps[1].zones.arch.intensity:"
                + " intensity 140 % is out of range (expected 0 to 100)");
        assertThat(e.path()).isEqualTo("$.steps[1].zones.arch.intensity");
        assertThat(e.problem()).isEqualTo("intensity 140 % is out of range (expected 0 to 100)");
    }

    @Test
    void rampEndAboveOneHundredPointsAtTheEnd() {
        assertThat(reject(routineWithStep(step("\"all\": { \"technique\": \"knead\", \"intensity\": { \"from\": 10,"
                + " \"to\": 101 } }"))).getMessage())
                .isEqualTo("test.json:5:115 at $.steps[1].zones.all.intensity.to:"
                        + " intensity 101 % is out of range (expected 0 to 100)");
    }

    @Test
    void intensityAsTextSaysWhichFormsAreAccepted() {
        assertThat(reject(routineWithStep(step("\"arch\": { \"technique\": \"knead\", \"intensity\": \"high\" }")))
                .getMessage())
                .isEqualTo("test.json:5:96 at $.steps[1].zones.arch.intensity: expected a number from 0 to 100,"
                        + " {\"from\": 10, \"to\": 30} or {\"pulse\": {\"low\": 10, \"high\": 40, \"period\": \"4s\"}},"
                        + " got \"high\"");
    }

    @Test
    void pulseWithLowAboveHighIsRejected() {
        assertThat(reject(routineWithStep(step("\"heel\": { \"technique\": \"press\", \"intensity\": { \"pulse\":"
                + " { \"low\": 50, \"high\": 20, \"period\": \"4s\" } } }"))).getMessage())
                .isEqualTo("test.json:5:116 at $.steps[1].zones.heel.intensity.pulse.low:"
                        + " pulse low 50 % is above high 20 % (expected low <= high)");
    }

    @Test
    void pulseFasterThanOneSecondIsRejected() {
        assertThat(reject(routineWithStep(step("\"heel\": { \"technique\": \"press\", \"intensity\": { \"pulse\":"
                + " { \"low\": 10, \"high\": 20, \"period\": \"500ms\" } } }"))).getMessage())
                .isEqualTo("test.json:5:142 at $.steps[1].zones.heel.intensity.pulse.period:"
                        + " pulse period 500ms is out of range (expected 1s to 10m)");
    }

    @Test
    void negativeDurationIsRejected() {
        assertThat(reject(routineWithStep("{ \"name\": \"two\", \"duration\": \"-5s\" }")).getMessage())
                .isEqualTo("test.json:5:34 at $.steps[1].duration: duration '-5s' is negative (expected"
                        + " a duration such as 90, \"90s\", \"2m\" or \"1m30s\")");
        assertThat(reject(routineWithStep("{ \"name\": \"two\", \"duration\": -5 }")).getMessage())
                .isEqualTo("test.json:5:34 at $.steps[1].duration: duration -5 s is negative (expected"
                        + " a duration such as 90, \"90s\", \"2m\" or \"1m30s\")");
    }

    @Test
    void zeroDurationIsRejected() {
        assertThat(reject(routineWithStep("{ \"name\": \"two\", \"duration\": 0 }")).getMessage())
                .isEqualTo("test.json:5:34 at $.steps[1].duration: duration 0s is not positive (expected 1s to 2h)");
    }

    @Test
    void durationBelowOneSecondOrAboveTwoHoursIsRejected() {
        assertThat(reject(routineWithStep("{ \"name\": \"two\", \"duration\": \"0.5s\" }")).getMessage())
                .isEqualTo("test.json:5:34 at $.steps[1].duration: duration 500ms is out of range (expected 1s to 2h)");
        assertThat(reject(routineWithStep("{ \"name\": \"two\", \"duration\": \"2h1s\" }")).getMessage())
                .isEqualTo("test.json:5:34 at $.steps[1].duration: duration 2h1s is out of range (expected 1s to 2h)");
    }

    @Test
    void unreadableDurationSaysWhichFormsAreAccepted() {
        assertThat(reject(routineWithStep("{ \"name\": \"two\", \"duration\": \"two minutes\" }")).getMessage())
                .isEqualTo("test.json:5:34 at $.steps[1].duration: duration 'two minutes' is not understood"
                        + " (expected a duration such as 90, \"90s\", \"2m\" or \"1m30s\")");
    }

    @Test
    void missingDurationPointsAtTheStep() {
        assertThat(reject(routineWithStep("{ \"name\": \"two\" }")).getMessage())
                .isEqualTo("test.json:5:5 at $.steps[1]: missing 'duration' (expected a duration such as 90,"
                        + " \"90s\", \"2m\" or \"1m30s\")");
    }

    @Test
    void heatOutsideTwentyToSixtyIsRejected() {
        assertThat(reject(routineWithStep("{ \"name\": \"two\", \"duration\": 60, \"heat\": 70 }")).getMessage())
                .isEqualTo("test.json:5:46 at $.steps[1].heat: heat 70 °C is out of range (expected 20 to 60 °C,"
                        + " or \"off\")");
        assertThat(reject("{ \"name\": \"x\", \"heat\": \"warm\", \"steps\": [] }").getMessage())
                .isEqualTo("test.json:1:24 at $.heat: expected whole degrees Celsius from 20 to 60 or \"off\","
                        + " got \"warm\"");
    }

    @Test
    void zoneNamedTwiceInDifferentCaseIsRejected() {
        assertThat(reject(routineWithStep(step("\"arch\": { \"technique\": \"knead\", \"intensity\": 20 },"
                + " \"ARCH\": { \"technique\": \"roll\", \"intensity\": 20 }"))).getMessage())
                .isEqualTo("test.json:5:110 at $.steps[1].zones.ARCH: zone arch is set twice (expected each zone once)");
    }

    @Test
    void repeatCountBelowOneIsRejected() {
        assertThat(reject(routineWithStep("{ \"repeat\": 0, \"steps\": [ { \"name\": \"a\", \"duration\": 5 } ] }"))
                .getMessage())
                .isEqualTo("test.json:5:17 at $.steps[1].repeat: repeat 0 is out of range (expected 1 to 100)");
    }

    @Test
    void emptyRepeatGroupIsRejected() {
        assertThat(reject(routineWithStep("{ \"repeat\": 2, \"steps\": [] }")).getMessage())
                .isEqualTo("test.json:5:29 at $.steps[1].steps: repeat group has no steps (expected at least one)");
    }

    @Test
    void repeatGroupWithAStepFieldIsRejected() {
        assertThat(reject(routineWithStep("{ \"repeat\": 2, \"duration\": 5, \"steps\": [] }")).getMessage())
                .isEqualTo("test.json:5:32 at $.steps[1].duration: unknown field 'duration' (expected one of:"
                        + " repeat, steps)");
    }

    @Test
    void routineLongerThanTwoHoursIsRejected() {
        assertThat(reject(routineWithStep("{ \"repeat\": 100, \"steps\": [ { \"name\": \"a\", \"duration\": \"2m\" } ] }"))
                .getMessage())
                .isEqualTo("test.json:3:12 at $.steps: routine lasts 3h20m30s with repeats unrolled (expected at most 2h)");
    }

    @Test
    void routineWithTooManyUnrolledStepsIsRejected() {
        String eleven = "{ \"name\": \"a\", \"duration\": 1 }, ".repeat(10) + "{ \"name\": \"a\", \"duration\": 1 }";
        assertThat(reject(routineWithStep("{ \"repeat\": 100, \"steps\": [ " + eleven + " ] }")).getMessage())
                .isEqualTo("test.json:3:12 at $.steps: routine plays 1101 steps with repeats unrolled"
                        + " (expected at most 1000)");
    }

    @Test
    void repeatGroupsNestedTooDeeplyAreRejected() {
        String inner = "{ \"name\": \"a\", \"duration\": 1 }";
        for (int i = 0; i < 4; i++) {
            inner = "{ \"repeat\": 2, \"steps\": [ " + inner + " ] }";
        }
        assertThat(reject(routineWithStep(inner)).getMessage())
                .isEqualTo("test.json:5:83 at $.steps[1].steps[0].steps[0].steps[0]: repeat groups nest 4 deep"
                        + " (expected at most 3)");
    }

    @Test
    void tooManyStepsInOneListIsRejected() {
        String many = ("{ \"name\": \"a\", \"duration\": 1 }, ").repeat(100) + "{ \"name\": \"a\", \"duration\": 1 }";
        assertThat(reject("{ \"name\": \"x\", \"steps\": [ " + many + " ] }").getMessage())
                .isEqualTo("test.json:1:25 at $.steps: has 101 entries (expected at most 100)");
    }

    @Test
    void blankStepNameIsRejected() {
        assertThat(reject(routineWithStep("{ \"name\": \"  \", \"duration\": 5 }")).getMessage())
                .isEqualTo("test.json:5:15 at $.steps[1].name: expected a non-empty text for 'name', got \"  \"");
    }

    @Test
    void byteOrderMarkIsIgnoredButOtherEncodingsAreNamed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        assertThat(Routines.parse("bom.json", "\uFEFF{ \"name\": \"x\", \"steps\": [ { \"name\": \"a\", \"duration\": 5 } ] }")
                .name()).isEqualTo("x");
        java.nio.file.Path latin1 = dir.resolve("latin1.json");
        java.nio.file.Files.write(latin1, "{ \"name\": \"caf\u00e9\", \"steps\": [] }"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(catchThrowableOfType(InvalidFileException.class, () -> Routines.load(latin1)).getMessage())
                .isEqualTo(latin1 + ": the file is not UTF-8 text (expected a JSON file saved as UTF-8)");
    }

    @Test
    void loadNamesTheFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("mine.json");
        java.nio.file.Files.writeString(file, routineWithStep("{ \"name\": \"two\", \"duration\": 0 }"));
        InvalidFileException e = catchThrowableOfType(InvalidFileException.class, () -> Routines.load(file));
        assertThat(e.getMessage()).startsWith(file + ":5:34 at $.steps[1].duration: ");
        assertThat(e.source()).isEqualTo(file.toString());
        InvalidFileException missing = catchThrowableOfType(InvalidFileException.class,
                () -> Routines.load(dir.resolve("nope.json")));
        assertThat(missing.getMessage()).isEqualTo(dir.resolve("nope.json") + ": no such file");
    }
}
