package dev.vigil.policy.model;

import java.util.List;

/**
 * A role and the action patterns it grants. A pattern is an exact action ({@code invoice:approve}),
 * a prefix ending in {@code *} ({@code invoice:*}), or {@code *} alone for every action.
 */
public record RoleDefinition(String name, List<String> permissions, SourcePosition position) {
  public RoleDefinition {
    permissions = List.copyOf(permissions);
  }
}
