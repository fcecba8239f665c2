package dev.vigil.policy.parse;

import java.util.Collection;
import java.util.Locale;

/** Finds the likely intended name for a misspelt one, for "did you mean" hints. */
final class Suggestions {

  private Suggestions() {}

  /**
   * The candidate closest to {@code word} when it is close enough to be a likely typo (a case
   * difference, or a small edit distance relative to the length), else null.
   */
  static String closest(String word, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String lowerWord = word.toLowerCase(Locale.ROOT);
    for (String candidate : candidates) {
      if (candidate.equals(word)) {
        continue;
      }
      int distance = distance(lowerWord, candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        bestDistance = distance;
        best = candidate;
      }
    }
    // Short words are one edit away from many others, so allow fewer edits for them.
    int allowed = Math.max(1, Math.min(3, word.length() / 3));
    return bestDistance <= allowed ? best : null;
  }

  /** Levenshtein distance, capped so a long hostile key cannot cost quadratic time. */
  static int distance(String a, String b) {
    if (a.length() > 64 || b.length() > 64) {
      return a.equals(b) ? 0 : Integer.MAX_VALUE;
    }
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
