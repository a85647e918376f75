package dev.solemate.cli;

import dev.solemate.device.DeviceProfile;
import dev.solemate.device.DeviceProfiles;
import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** Names as the commands show them: one name per kind of device, and "did you mean" for a typo. */
public final class DeviceNames {

    private DeviceNames() {
    }

    /**
     * The device's name as people know it: a built-in profile's name for a device that reports a
     * built-in profile id, so the same board reads alike on {@code sim:} and over serial (where
     * the driver names a described profile after the model and firmware); else the profile's name.
     */
    public static String of(DeviceProfile profile) {
        DeviceProfile builtIn = DeviceProfiles.builtIn().get(profile.id());
        return builtIn != null ? builtIn.name() : profile.name();
    }

    /** The closest of {@code candidates} to a mistyped {@code word}, if one is near enough to be meant. */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        String w = word.toLowerCase(Locale.ROOT);
        return candidates.stream()
                .filter(c -> distance(w, c.toLowerCase(Locale.ROOT)) <= Math.max(1, Math.min(2, c.length() / 3))
                        || (w.length() >= 3 && c.toLowerCase(Locale.ROOT).startsWith(w)))
                .min(Comparator.comparingInt(c -> distance(w, c.toLowerCase(Locale.ROOT))));
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
