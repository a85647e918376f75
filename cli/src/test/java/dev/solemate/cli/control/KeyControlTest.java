package dev.solemate.cli.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.Massager;
import dev.solemate.MassagerOptions;
import dev.solemate.Massagers;
import dev.solemate.time.VirtualTimeline;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class KeyControlTest {

    private final VirtualTimeline timeline = new VirtualTimeline();
    private Massager massager;
    private KeyControl control;

    @BeforeEach
    void open() {
        massager = Massagers.open("sim:?profile=shiatsu-4zone&latency=0ms",
                MassagerOptions.defaults().withTimeline(timeline));
        control = new KeyControl(massager);
    }

    @AfterEach
    void close() {
        massager.close();
    }

    static List<Key> keys(String bytes) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        List<Key> keys = new ArrayList<>();
        int[] digit = new int[1];
        Key key;
        do {
            key = Key.read(in, digit);
            keys.add(key);
        } while (key != Key.QUIT);
        return keys;
    }

    @Test
    void arrowKeysLettersAndDigitsAreDecoded() throws IOException {
        assertThat(keys("\033[A\033[B\033[C\033[Dt h[] s4x\004")).containsExactly(Key.UP, Key.DOWN, Key.RIGHT, Key.LEFT,
                Key.TECHNIQUE, Key.STOP, Key.HEAT, Key.HEAT_DOWN, Key.HEAT_UP, Key.STOP, Key.STOP, Key.DIGIT, Key.OTHER,
                Key.QUIT);
    }

    @Test
    void keysChooseAZoneSetItsIntensityAndTechniqueAndTheScreenShowsTheDevice() {
        control.press(Key.RIGHT, 0);
        control.press(Key.RIGHT, 0);
        control.press(Key.DIGIT, 4);
        timeline.advance(Duration.ofSeconds(2));
        control.press(Key.TECHNIQUE, 0);
        control.press(Key.HEAT, 0);

        assertThat(control.screen()).containsExactly(
                "Shiatsu roller, 4 zones, with heat [sim:?profile=shiatsu-4zone&latency=0ms]  connected,"
                        + " session 0:02 of 15:00, comfort cap 100 %",
                "  toes   knead    ░░░░░░░░░░░░░░░ 0/5  (asked 0 %)",
                "  ball   knead    ░░░░░░░░░░░░░░░ 0/5  (asked 0 %)",
                "> arch   roll     ██████░░░░░░░░░ 2/5  (asked 40 %)",
                "  heel   knead    ░░░░░░░░░░░░░░░ 0/5  (asked 0 %)",
                "  heat   38 °C, measured 22.0 °C  (h toggles 38 °C)",
                "←/→ zone  ↑/↓ 0-9 intensity  t technique  h heat  [ ] °C  space stop  q quit",
                "heat: 38 °C");
    }

    @Test
    void spaceStopsEverythingAndQQuits() {
        control.press(Key.DIGIT, 2);
        control.press(Key.HEAT, 0);

        assertThat(control.press(Key.STOP, 0)).isTrue();
        assertThat(massager.state().isAtZero()).isTrue();
        assertThat(control.screen().get(control.screen().size() - 1)).isEqualTo("stopped: every zone and the heater are off");
        assertThat(control.press(Key.QUIT, 0)).isFalse();
    }

    @Test
    void heatStaysWithinTheLimit() {
        for (int i = 0; i < 5; i++) {
            control.press(Key.HEAT_UP, 0);
        }
        assertThat(control.screen().get(control.screen().size() - 1)).isEqualTo("heat setting: 40 °C (limit 40 °C)");
    }

    @Test
    @Timeout(3)
    void aKeySessionRedrawsInPlaceAndStopsTheDeviceWhenItEnds() throws IOException {
        java.io.StringWriter out = new java.io.StringWriter();
        new KeySession(massager, new java.io.PrintWriter(out)).run(new ByteArrayInputStream("3q".getBytes()));

        assertThat(out.toString()).contains("\033[8A\r\033[2K", "toes: knead 30 % -> level 1, rising to 2")
                .endsWith("Stopped the device. Bye.\n");
        assertThat(massager.state().isAtZero()).isTrue();
    }
}
