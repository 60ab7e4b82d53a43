package org.citysense.profiles.load;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** "Did you mean" for misspelt names: the closest candidate within two edits. */
final class Suggest {
  private Suggest() {}

  static Optional<String> closest(String typed, Collection<String> candidates) {
    return candidates.stream()
        .filter(c -> distance(typed.toLowerCase(), c.toLowerCase()) <= 2)
        .min(Comparator.comparingInt(c -> distance(typed.toLowerCase(), c.toLowerCase())));
  }

  static String didYouMean(String typed, Collection<String> candidates) {
    return closest(typed, candidates).map(c -> "; did you mean \"" + c + "\"?").orElse("");
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
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
