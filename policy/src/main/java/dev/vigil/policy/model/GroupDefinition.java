package dev.vigil.policy.model;

import java.util.List;

/** A group whose members get {@code roles} in addition to their own. */
public record GroupDefinition(String name, List<String> roles, SourcePosition position) {
  public GroupDefinition {
    roles = List.copyOf(roles);
  }
}
