package dev.vigil.policy.decide;

/**
 * A decision with what decided it: the rule id ({@code role:<name>} for a role grant, the rule's own
 * id for a rule, {@code default-deny} when nothing allowed), the policy revision, and a short reason
 * for people. Decisions are immutable and built when a verdict is computed, so returning one on the
 * hot path allocates nothing.
 */
public final class Decision {

  /** Rule id of the implicit deny when no role or rule allows. */
  public static final String DEFAULT_DENY = "default-deny";

  private final Outcome outcome;
  private final String ruleId;
  private final String revision;
  private final String reason;

  public Decision(Outcome outcome, String ruleId, String revision, String reason) {
    this.outcome = outcome;
    this.ruleId = ruleId;
    this.revision = revision;
    this.reason = reason;
  }

  public Outcome outcome() {
    return outcome;
  }

  public boolean allowed() {
    return outcome == Outcome.ALLOW;
  }

  public String ruleId() {
    return ruleId;
  }

  public String revision() {
    return revision;
  }

  public String reason() {
    return reason;
  }

  @Override
  public String toString() {
    return outcome + " by " + ruleId + " (revision " + revision + "): " + reason;
  }
}
