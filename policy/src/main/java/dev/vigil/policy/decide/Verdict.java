package dev.vigil.policy.decide;

/**
 * What is known of one subject x action decision before the call: either the decision itself, or
 * the decision minus the rules whose conditions read the request, which {@link #decide} evaluates
 * per call. A verdict is immutable and holds every {@link Decision} it can return, so deciding
 * allocates nothing unless a condition fails to evaluate.
 *
 * <p>Order per call, deny overriding allow: per-call deny rules (a rule that cannot be evaluated
 * denies, fail closed), then the allow known before the call, then per-call allow rules (a rule
 * that cannot be evaluated does not allow), then the default deny.
 */
public final class Verdict {

  private final Decision fixed;
  private final CompiledRule[] perCallDenies;
  private final Decision[] denyDecisions;
  private final Decision allowedBeforeCall;
  private final CompiledRule[] perCallAllows;
  private final Decision[] allowDecisions;
  private final Decision defaultDeny;
  private final String revision;

  Verdict(
      Decision fixed,
      CompiledRule[] perCallDenies,
      Decision allowedBeforeCall,
      CompiledRule[] perCallAllows,
      Decision defaultDeny,
      String revision) {
    this.fixed = fixed;
    this.perCallDenies = perCallDenies;
    this.allowedBeforeCall = allowedBeforeCall;
    this.perCallAllows = perCallAllows;
    this.defaultDeny = defaultDeny;
    this.revision = revision;
    this.denyDecisions = new Decision[perCallDenies.length];
    for (int i = 0; i < perCallDenies.length; i++) {
      denyDecisions[i] = ruleDecision(Outcome.DENY, perCallDenies[i], revision);
    }
    this.allowDecisions = new Decision[perCallAllows.length];
    for (int i = 0; i < perCallAllows.length; i++) {
      allowDecisions[i] = ruleDecision(Outcome.ALLOW, perCallAllows[i], revision);
    }
  }

  static Decision ruleDecision(Outcome outcome, CompiledRule rule, String revision) {
    return new Decision(outcome, rule.id(), revision, rule.reason());
  }

  /** True when {@link #decide} evaluates conditions per call; false when the decision is fixed. */
  public boolean perCall() {
    return fixed == null;
  }

  /** The fixed decision, or null when it depends on the call. */
  public Decision fixed() {
    return fixed;
  }

  /** Decides one call; {@code input} carries the subject, request, resource and time of this call. */
  public Decision decide(DecisionInput input) {
    if (fixed != null) {
      return fixed;
    }
    for (int i = 0; i < perCallDenies.length; i++) {
      try {
        if (perCallDenies[i].condition().condition().test(input)) {
          return denyDecisions[i];
        }
      } catch (RuntimeException e) {
        return new Decision(
            Outcome.DENY, perCallDenies[i].id(), revision,
            "deny condition could not be evaluated (" + e.getMessage() + "); denying");
      }
    }
    if (allowedBeforeCall != null) {
      return allowedBeforeCall;
    }
    for (int i = 0; i < perCallAllows.length; i++) {
      try {
        if (perCallAllows[i].condition().condition().test(input)) {
          return allowDecisions[i];
        }
      } catch (RuntimeException e) {
        // An allow rule that cannot be evaluated does not allow; later rules may still allow.
      }
    }
    return defaultDeny;
  }
}
