package dev.vigil.policy.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A policy that cannot be published, with every problem found (not only the first), each naming
 * file, line and column. Nothing of a rejected policy is ever published.
 */
public final class PolicyException extends Exception {

  private static final long serialVersionUID = 1L;

  private final List<PolicyProblem> problems;

  public PolicyException(List<PolicyProblem> problems) {
    super(format(problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a PolicyException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  public PolicyException(SourcePosition position, String message) {
    this(List.of(new PolicyProblem(position, message)));
  }

  public List<PolicyProblem> problems() {
    return problems;
  }

  private static String format(List<PolicyProblem> problems) {
    return problems.stream().map(PolicyProblem::toString).collect(Collectors.joining("\n"));
  }
}
