package dev.vigil.policy.model;

import java.util.List;
import java.util.Map;

/**
 * A whole policy as read from its source, before compilation: every map is keyed by name and keeps
 * the source order. {@code revision} is the revision the author wrote, or null (the publisher then
 * derives one from the content).
 */
public record PolicyDocument(
    String revision,
    Map<String, FlagDefinition> flags,
    Map<String, RoleDefinition> roles,
    Map<String, GroupDefinition> groups,
    Map<String, SubjectDefinition> subjects,
    List<RuleDefinition> rules) {}
