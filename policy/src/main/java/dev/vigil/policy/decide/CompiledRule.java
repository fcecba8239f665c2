package dev.vigil.policy.decide;

import dev.vigil.policy.expr.CompiledCondition;
import dev.vigil.policy.model.Effect;
import dev.vigil.policy.model.RuleDefinition;
import dev.vigil.policy.parse.ActionPatterns;

/**
 * A rule with its condition compiled; {@code condition} is null for an unconditional rule.
 * {@code reason} is what its decisions say, built once here rather than at every cache miss.
 */
record CompiledRule(RuleDefinition definition, CompiledCondition condition, String reason) {

  static CompiledRule of(RuleDefinition definition, CompiledCondition condition) {
    String reason = condition == null
        ? (definition.effect() == Effect.ALLOW ? "allowed" : "denied") + " by rule at " + definition.position()
        : "condition holds: " + condition.source();
    return new CompiledRule(definition, condition, reason);
  }

  boolean appliesTo(String action) {
    for (String pattern : definition.actions()) {
      if (ActionPatterns.matches(pattern, action)) {
        return true;
      }
    }
    return false;
  }

  boolean perCall() {
    return condition != null && condition.readsRequest();
  }

  String id() {
    return definition.id();
  }
}
