package dev.solemate.routine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.solemate.device.DeviceProfile;
import dev.solemate.device.DeviceProfiles;
import dev.solemate.device.Intensity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exact command sequence of every built-in routine on every built-in profile, compared with
 * the reviewed listings in {@code src/test/resources/golden/routines/}. When a change to a routine or
 * to the compiler is intended, regenerate them and review the diff:
 * <pre>
 * mvn -B -o verify -pl core -Dtest=GoldenCommandSequencesTest -Dsolemate.updateGolden=true
 * git diff core/src/test/resources/golden/routines/
 * </pre>
 */
@Timeout(30)
class GoldenCommandSequencesTest {

    private static final Path DIR = Path.of("src", "test", "resources", "golden", "routines");
    private static final boolean UPDATE = Boolean.getBoolean("solemate.updateGolden");

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String routine : Routines.builtIn().keySet()) {
            for (String profile : DeviceProfiles.builtIn().keySet()) {
                cases.add(Arguments.of(routine, profile, 100));
            }
        }
        // The comfort cap scales the whole routine down: the same ritual, gentler.
        cases.add(Arguments.of("bedtime", "shiatsu-4zone", 60));
        cases.add(Arguments.of("bedtime", "aircomp-5zone", 35));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} on {1} at cap {2} %")
    @MethodSource("cases")
    void commandSequenceMatchesTheGoldenListing(String routine, String profileId, int cap) throws IOException {
        DeviceProfile profile = DeviceProfiles.builtIn(profileId);
        String listing = RoutineCompiler.compile(Routines.builtIn(routine), profile, Intensity.of(cap)).listing();
        Path file = DIR.resolve(routine + "@" + profileId + (cap == 100 ? "" : "@cap" + cap) + ".txt");
        if (UPDATE) {
            Files.createDirectories(DIR);
            Files.writeString(file, listing, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(file)) {
            fail("golden file " + file + " is missing; create it with -Dsolemate.updateGolden=true and review it");
        }
        assertThat(listing).as("compiled %s on %s differs from %s (if intended, regenerate with"
                + " -Dsolemate.updateGolden=true and review the diff)", routine, profileId, file)
                .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }
}
