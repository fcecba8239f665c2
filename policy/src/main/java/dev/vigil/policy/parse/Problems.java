package dev.vigil.policy.parse;

import dev.vigil.policy.model.PolicyException;
import dev.vigil.policy.model.PolicyProblem;
import dev.vigil.policy.model.SourcePosition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects every problem found while reading a policy, so the author sees them all at once
 * instead of fixing one per run. Problems come out ordered by file (in reading order), line and
 * column, whichever stage found them.
 */
final class Problems {

  private final List<PolicyProblem> problems = new ArrayList<>();
  private final Map<String, Integer> fileOrder = new HashMap<>();
  private boolean truncated;

  /** Declares the next file read, so its problems sort after those of earlier files. */
  void file(String file) {
    fileOrder.putIfAbsent(file, fileOrder.size());
  }

  void add(SourcePosition position, String message) {
    if (problems.size() >= Limits.MAX_PROBLEMS) {
      truncated = true;
      return;
    }
    problems.add(new PolicyProblem(position, message));
  }

  boolean isEmpty() {
    return problems.isEmpty();
  }

  int size() {
    return problems.size();
  }

  /** Throws one exception listing every problem, if there is any. */
  void throwIfAny() throws PolicyException {
    if (problems.isEmpty()) {
      return;
    }
    List<PolicyProblem> sorted = new ArrayList<>(problems);
    sorted.sort(
        Comparator.comparingInt((PolicyProblem p) -> fileOrder.getOrDefault(p.position().file(), -1))
            .thenComparingInt(p -> p.position().line())
            .thenComparingInt(p -> p.position().column()));
    if (truncated) {
      PolicyProblem last = sorted.get(sorted.size() - 1);
      sorted.add(new PolicyProblem(last.position(),
          "too many problems: only the first " + Limits.MAX_PROBLEMS + " are listed"));
    }
    throw new PolicyException(sorted);
  }
}
