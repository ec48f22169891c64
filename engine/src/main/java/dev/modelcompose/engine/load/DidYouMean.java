package dev.modelcompose.engine.load;

import java.util.Collection;
import java.util.Locale;

/**
 * Suggests the closest known name for a misspelt one ({@code depend_on} → {@code depends_on}), by Levenshtein
 * distance. Suggests nothing when no candidate is close enough to be a plausible typo.
 */
public final class DidYouMean {
    private DidYouMean() {
    }

    /** The candidate closest to {@code written}, or null when none is plausibly meant. */
    public static String closest(String written, Collection<String> candidates) {
        if (written == null || candidates == null) {
            return null;
        }
        String lower = written.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            if (candidate == null || candidate.equals(written)) {
                continue;
            }
            int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        if (best == null) {
            return null;
        }
        int allowed = Math.max(1, Math.min(3, Math.max(written.length(), best.length()) / 3));
        boolean prefix = written.length() >= 3 && best.toLowerCase(Locale.ROOT).startsWith(lower);
        return bestDistance <= allowed || prefix ? best : null;
    }

    /** {@code did you mean 'x'?}, or null when there is no plausible candidate. */
    public static String hint(String written, Collection<String> candidates) {
        String best = closest(written, candidates);
        return best == null ? null : "did you mean '" + best + "'?";
    }

    /** The Levenshtein distance, counting a swap of two neighbouring characters as one edit. */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int value = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    value = Math.min(value, d[i - 2][j - 2] + 1);
                }
                d[i][j] = value;
            }
        }
        return d[a.length()][b.length()];
    }
}
