package dev.solemate.routine;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" hints for misspelt field, zone and technique names in error messages. */
final class Suggest {

    private Suggest() {
    }

    /** {@code "; did you mean 'heel'?"} for the closest candidate within two edits, else empty. */
    static String closest(String typed, Collection<String> candidates) {
        String best = null;
        int bestDistance = 3;
        String t = typed.toLowerCase(Locale.ROOT).trim();
        for (String candidate : candidates) {
            int d = distance(t, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best == null || bestDistance == 0 ? "" : "; did you mean '" + best + "'?";
    }

    private static int distance(String a, String b) {
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
