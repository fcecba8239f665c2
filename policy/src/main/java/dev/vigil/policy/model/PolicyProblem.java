package dev.vigil.policy.model;

/** One reason a policy was rejected, at the place it was found. */
public record PolicyProblem(SourcePosition position, String message) {

  @Override
  public String toString() {
    return position + ": " + message;
  }
}
