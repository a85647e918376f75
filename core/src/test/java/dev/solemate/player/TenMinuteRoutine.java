package dev.solemate.player;

import dev.solemate.device.DeviceProfile;
import dev.solemate.device.DeviceProfiles;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.routine.CompiledRoutine;
import dev.solemate.testing.CompiledRoutineBuilder;
import java.time.Duration;

/**
 * A ten-minute routine for the shiatsu profile in which every command changes something on the
 * device and no zone rises by more than one level a minute, so the governor passes every command
 * through unchanged at up to 60 times normal speed: what the device executes is exactly the
 * routine, which lets the tests compare times to the nanosecond.
 */
final class TenMinuteRoutine {

    static final DeviceProfile PROFILE = DeviceProfiles.builtIn("shiatsu-4zone");
    /** Each step's level; a rise is never more than one level from one step to the next. */
    static final int[] ARCH = {1, 2, 3, 4, 5, 4, 3, 2, 1, 1};
    static final int[] HEEL = {1, 2, 3, 3, 4, 5, 4, 3, 2, 1};

    private TenMinuteRoutine() {
    }

    static CompiledRoutine build() {
        CompiledRoutineBuilder b = CompiledRoutineBuilder.routine("ten-minutes", PROFILE);
        for (int k = 0; k < 10; k++) {
            b.step("step-" + (k + 1), Duration.ofSeconds(60));
        }
        b.heat(Duration.ZERO, 38);
        for (int k = 0; k < 10; k++) {
            Duration start = Duration.ofSeconds(60L * k);
            b.zone(start, Zone.ARCH, Technique.KNEAD, ARCH[k]);
            b.zone(start.plusMillis(1), Zone.HEEL, Technique.KNEAD, HEEL[k]);
            // A change of technique at the same level passes at once, so these odd times test
            // sub-millisecond precision.
            b.zone(start.plusMillis(17_500), Zone.ARCH, Technique.ROLL, ARCH[k]);
            b.zone(start.plusNanos(42_250_000_123L), Zone.HEEL, Technique.PRESS, HEEL[k]);
        }
        b.zone(Duration.ofSeconds(590), Zone.ARCH, Technique.ROLL, 0);
        b.zone(Duration.ofSeconds(590), Zone.HEEL, Technique.PRESS, 0);
        b.heatOff(Duration.ofSeconds(540));
        return b.build();
    }
}
