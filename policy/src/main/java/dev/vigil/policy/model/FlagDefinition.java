package dev.vigil.policy.model;

/** A feature flag, visible to conditions as {@code flags.<name>}. */
public record FlagDefinition(String name, boolean enabled, SourcePosition position) {}
