package dev.vigil.policy.model;

import java.util.List;
import java.util.Map;

/**
 * A subject (a user or a service) with its own roles, its groups and free-form attributes (device
 * posture, network reputation, department, ...). Attribute values are String, Long, Double,
 * Boolean, List or Map (String keys) of those.
 */
public record SubjectDefinition(
    String id,
    List<String> roles,
    List<String> groups,
    Map<String, Object> attributes,
    SourcePosition position) {
  public SubjectDefinition {
    roles = List.copyOf(roles);
    groups = List.copyOf(groups);
    attributes = Map.copyOf(attributes);
  }
}
