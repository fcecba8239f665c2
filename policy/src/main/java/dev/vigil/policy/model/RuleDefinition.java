package dev.vigil.policy.model;

import java.util.List;

/**
 * An allow or deny rule over action patterns (same syntax as role permissions) with an optional
 * condition in Vigil's expression language. {@code condition} is null for an unconditional rule;
 * {@code conditionPosition} is where the expression's first character stands in the file.
 */
public record RuleDefinition(
    String id,
    Effect effect,
    List<String> actions,
    String condition,
    SourcePosition conditionPosition,
    SourcePosition position) {
  public RuleDefinition {
    actions = List.copyOf(actions);
  }
}
