package dev.vigil.policy.decide;

import dev.vigil.policy.expr.CompiledCondition;
import dev.vigil.policy.model.RuleDefinition;
import dev.vigil.policy.parse.ActionPatterns;

/** A rule with its condition compiled; {@code condition} is null for an unconditional rule. */
record CompiledRule(RuleDefinition definition, CompiledCondition condition) {

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
