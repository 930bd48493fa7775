package io.cloudvoter.agent.flow;

import java.util.Collection;

/** Suggests the name an operator probably meant, for unknown keys and step kinds. */
final class NearestName {
    private NearestName() {
    }

    /** " (did you mean 'x'?)" for a near miss, otherwise the list of known names. */
    static String suggestion(String name, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (var candidate : known) {
            // A truncated name ("wait" for "waitFor") is as near a miss as a typo.
            boolean prefix = name.length() >= 3 && candidate.toLowerCase().startsWith(name.toLowerCase());
            int d = prefix ? 1 : distance(name.toLowerCase(), candidate.toLowerCase());
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        if (best != null && bestDistance <= Math.max(2, best.length() / 3)) {
            return " (did you mean '" + best + "'?)";
        }
        return "; known: " + String.join(", ", known);
    }

    private static int distance(String a, String b) {
        var previous = new int[b.length() + 1];
        var current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            var swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
