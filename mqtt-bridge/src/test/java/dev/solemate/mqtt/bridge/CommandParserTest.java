package dev.solemate.mqtt.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.solemate.device.DeviceProfiles;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the bridge accepts on /set and exactly what it says about what it refuses. */
@Timeout(30)
class CommandParserTest {

    private final CommandParser shiatsu = new CommandParser("bedroom", DeviceProfiles.builtIn("shiatsu-4zone"),
            Set.of("bedtime", "quick-unwind"), 1024);
    private final CommandParser budget = new CommandParser("office", DeviceProfiles.builtIn("budget-2zone"),
            Set.of("bedtime"), 1024);

    private Command parse(CommandParser parser, String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private String error(CommandParser parser, String json) {
        try {
            parse(parser, json);
        } catch (CommandException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void routineCommandNamesAKnownRoutine() {
        Command c = parse(shiatsu, "{\"routine\":\"bedtime\",\"transaction\":\"a1\"}");
        assertThat(c.routine()).contains(Optional.of("bedtime"));
        assertThat(c.transaction().orElseThrow().asText()).isEqualTo("a1");
    }

    @Test
    void routineNullOrNoneStopsTheRoutine() {
        assertThat(parse(shiatsu, "{\"routine\":null}").routine()).contains(Optional.empty());
        assertThat(parse(shiatsu, "{\"routine\":\"none\"}").routine()).contains(Optional.empty());
    }

    @Test
    void zoneCommandKeepsTechniqueAndIntensity() {
        Command c = parse(shiatsu, "{\"zones\":{\"arch\":{\"technique\":\"knead\",\"intensity\":40}}}");
        Command.ZoneChange arch = c.zones().get(Zone.ARCH);
        assertThat(arch.technique()).contains(Technique.KNEAD);
        assertThat(arch.intensity().getAsDouble()).isEqualTo(40.0);
        assertThat(c.isManual()).isTrue();
    }

    @Test
    void heatNullTurnsTheHeaterOff() {
        assertThat(parse(shiatsu, "{\"heat\":38}").heat()).contains(OptionalInt.of(38));
        assertThat(parse(shiatsu, "{\"heat\":null}").heat()).contains(OptionalInt.empty());
    }

    @Test
    void numericTransactionIsEchoedAsANumber() {
        assertThat(parse(shiatsu, "{\"power\":\"OFF\",\"transaction\":42}").transaction().orElseThrow().isInt()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"zones\":{\"arch\":{\"intensity\":140}}}|zones.arch.intensity 140 is out of range (expected 0 to 100)",
        "{\"zones\":{\"arch\":{\"intensity\":\"high\"}}}|zones.arch.intensity must be a number from 0 to 100, got text \"high\"",
        "{\"zones\":{\"calf\":{\"intensity\":10}}}|bedroom has no zone 'calf' (expected one of: toes, ball, arch, heel)",
        "{\"zones\":{\"knee\":{\"intensity\":10}}}|unknown zone 'knee' (expected one of: toes, ball, arch, heel)",
        "{\"zones\":{\"toes\":{\"technique\":\"roll\"}}}|zone toes of bedroom cannot roll (expected one of: knead, press)",
        "{\"zones\":{\"toes\":{\"technique\":\"tickle\"}}}|unknown technique 'tickle' for zones.toes (expected one of: knead, press)",
        "{\"zones\":{\"toes\":{\"speed\":3}}}|unknown field 'speed' in zones.toes (expected technique or intensity)",
        "{\"zones\":[]}|zones must be an object such as {\"arch\":{\"technique\":\"knead\",\"intensity\":40}}, got array",
        "{\"routine\":\"disco\"}|unknown routine 'disco' (expected one of: bedtime, quick-unwind, or null or none to stop)",
        "{\"routine\":5}|routine must be a routine name or null, got number 5",
        "{\"power\":\"MAYBE\"}|power \"MAYBE\" is not allowed (expected \"ON\" or \"OFF\")",
        "{\"power\":true}|power true is not allowed (expected \"ON\" or \"OFF\")",
        "{\"heat\":50}|heat 50 °C is out of range (expected 35 to 45, or null for off)",
        "{\"heat\":38.5}|heat must be whole degrees from 35 to 45 or null, got number 38.5",
        "{\"playback\":\"rewind\"}|playback \"rewind\" is not allowed (expected \"pause\" or \"resume\")",
        "{\"comfort_cap\":0}|comfort_cap 0 is out of range (expected a whole percentage from 1 to 100)",
        "{\"colour\":\"red\"}|unknown field 'colour' (expected one of: comfort_cap, heat, playback, power, routine, transaction, zones)",
        "{}|empty command (expected at least one of: comfort_cap, heat, playback, power, routine, zones)",
        "{\"transaction\":\"x\"}|empty command (expected at least one of: comfort_cap, heat, playback, power, routine, zones)",
        "{\"power\":\"OFF\",\"routine\":\"bedtime\"}|power cannot be combined with routine, zones, heat or playback (send them separately)",
        "{\"routine\":\"bedtime\",\"heat\":38}|routine cannot be combined with zones, heat or playback (a routine sets them itself)",
        "[1,2]|expected a JSON object such as {\"routine\":\"bedtime\"}, got array",
        "\"hello\"|expected a JSON object such as {\"routine\":\"bedtime\"}, got text \"hello\"",
    })
    void invalidCommandIsRefusedSayingWhatIsAllowed(String json, String message) {
        assertThat(error(shiatsu, json)).isEqualTo(message);
    }

    @Test
    void heatOnADeviceWithoutAHeaterIsRefused() {
        assertThat(error(budget, "{\"heat\":38}")).isEqualTo("office has no heater (heat is not allowed)");
    }

    @Test
    void brokenJsonIsRefusedWithNoTransaction() {
        assertThatThrownBy(() -> parse(shiatsu, "{\"routine\":"))
                .isInstanceOf(CommandException.class)
                .hasMessageStartingWith("broken JSON: ")
                .satisfies(e -> assertThat(((CommandException) e).transaction()).isEmpty());
    }

    @Test
    void duplicateKeysAreRefused() {
        assertThat(error(shiatsu, "{\"heat\":38,\"heat\":39}")).startsWith("broken JSON: Duplicate field 'heat'");
    }

    @Test
    void errorKeepsTheTransactionWhenItCouldBeRead() {
        assertThatThrownBy(() -> parse(shiatsu, "{\"heat\":99,\"transaction\":\"t9\"}"))
                .isInstanceOf(CommandException.class)
                .satisfies(e -> assertThat(((CommandException) e).transaction().orElseThrow().asText()).isEqualTo("t9"));
    }

    @Test
    void payloadOverTheLimitIsRefusedBeforeParsing() {
        byte[] big = ("{\"routine\":\"" + "x".repeat(2000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> shiatsu.parse(big)).hasMessage("payload is 2014 bytes (expected at most 1024)");
    }

    @Test
    void invalidUtf8IsRefused() {
        assertThatThrownBy(() -> shiatsu.parse(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}))
                .hasMessage("payload is not UTF-8 text (expected JSON)");
    }

    @Test
    void deeplyNestedJsonIsRefusedWithoutAStackOverflow() {
        String deep = "{\"zones\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        CommandParser roomy = new CommandParser("bedroom", DeviceProfiles.builtIn("shiatsu-4zone"), Set.of(), 1 << 20);
        assertThatThrownBy(() -> roomy.parse(deep.getBytes(StandardCharsets.UTF_8))).isInstanceOf(CommandException.class);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "arch_intensity, 40",
        "toes_technique, press",
        "power, ON",
        "routine, bedtime",
        "routine, none",
        "heat, 38",
        "heat, none",
        "heat, 0",
        "comfort_cap, 60",
        "playback, pause",
    })
    void attributeShortcutAcceptsRawValues(String attribute, String value) {
        Command c = shiatsu.parseAttribute(attribute, value.getBytes(StandardCharsets.UTF_8));
        assertThat(c.transaction()).isEmpty();
    }

    @Test
    void attributeShortcutRefusesUnknownAttributesListingTheAllowedOnes() {
        assertThatThrownBy(() -> budget.parseAttribute("colour", "red".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("unknown attribute 'colour' in office/set/colour (expected one of: ball_intensity, "
                        + "ball_technique, comfort_cap, heel_intensity, heel_technique, playback, power, routine)");
        assertThatThrownBy(() -> shiatsu.parseAttribute("arch_intensity", "loud".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("zones.arch.intensity must be a number from 0 to 100, got text \"loud\"");
    }

    @Property(tries = 2000)
    void noPayloadMakesTheParserThrowAnythingButACommandException(@ForAll @Size(max = 300) byte[] payload) {
        try {
            shiatsu.parse(payload);
        } catch (CommandException expected) {
            // refused with a message: fine
        }
    }

    @Property(tries = 2000)
    void noTextMakesTheParserThrowAnythingButACommandException(@ForAll @StringLength(max = 200) String text) {
        String[] shapes = {text, "{\"zones\":{\"arch\":" + text + "}}", "{\"routine\":" + text + "}",
            "{\"heat\":" + text + "}", "{" + text + "}"};
        for (String s : shapes) {
            try {
                shiatsu.parse(s.getBytes(StandardCharsets.UTF_8));
            } catch (CommandException expected) {
                // refused with a message: fine
            }
        }
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {
        "{\"power\":\"on\"}", "{\"power\":\" off \"}", "{\"power\":\"Off\"}",
        "{\"routine\":\"quick-unwind \"}", "{\"routine\":\"BEDTIME\"}", "{\"routine\":\"\"}", "{\"routine\":\"None\"}",
        "{\"routine\":\"off\"}", "{\"playback\":\"PAUSE\"}", "{\"playback\":\" pause\"}",
        "{\"zones\":{\"Arch\":{\"intensity\":40}}}", "{\"zones\":{\"arch\":{\"technique\":\"KNEAD\"}}}",
        "{\"zones\":{\"arch\":{\"technique\":\" knead\"}}}", "{\"heat\":\"none\"}", "{\"heat\":\"off\"}",
    })
    void valuesAreTakenExactlyAsWrittenNeverTrimmedOrCaseFolded(String json) {
        assertThatThrownBy(() -> shiatsu.parse(json.getBytes(StandardCharsets.UTF_8))).isInstanceOf(CommandException.class);
    }

    @ParameterizedTest(name = "set/{0} = \"{1}\" is refused")
    @CsvSource(delimiter = '|', value = {
        "arch_intensity|' 40'", "arch_intensity|'40 '", "arch_intensity|4e1", "power|on", "power|'ON '", "routine|'bedtime '",
        "routine|Bedtime", "routine|''", "routine|None", "heat|OFF", "heat|''", "playback|Pause", "toes_technique|Press",
    })
    void attributeValuesAreExactToo(String attribute, String value) {
        assertThatThrownBy(() -> shiatsu.parseAttribute(attribute, value.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CommandException.class);
    }

    @Test
    void theExactValuesWork() {
        assertThat(shiatsu.parse("{\"power\":\"OFF\"}".getBytes(StandardCharsets.UTF_8)).power()).contains(Command.Power.OFF);
        assertThat(shiatsu.parse("{\"routine\":\"none\"}".getBytes(StandardCharsets.UTF_8)).routine()).contains(java.util.Optional.empty());
        assertThat(shiatsu.parse("{\"routine\":null}".getBytes(StandardCharsets.UTF_8)).routine()).contains(java.util.Optional.empty());
        assertThat(shiatsu.parseAttribute("arch_intensity", "33.3".getBytes(StandardCharsets.UTF_8)).zones()).isNotEmpty();
    }

    @Test
    void anEmptyOrNestedAttributeIsAnsweredWithTheAllowedOnes() {
        assertThatThrownBy(() -> budget.parseAttribute("", "x".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("empty attribute in office/set/ (expected one of: ball_intensity,");
        assertThatThrownBy(() -> budget.parseAttribute("x/y", "x".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("unknown attribute 'x/y' in office/set/x/y (expected one of: ball_intensity,");
        assertThatThrownBy(() -> budget.parseAttribute("/", "x".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("unknown attribute '/'");
    }
}
