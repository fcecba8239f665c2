package dev.vigil.policy.decide;

import java.util.List;
import java.util.Map;

/**
 * A subject as the store holds it: own roles, groups and attributes. Effective roles (own plus
 * those granted through groups) depend on the policy and are computed by {@link CompiledPolicy}.
 */
public record SubjectRecord(
    String id, List<String> roles, List<String> groups, Map<String, Object> attributes) {}
