package dev.vigil.policy.model;

/** What a rule does when its actions match and its condition holds. Deny overrides allow. */
public enum Effect {
  ALLOW,
  DENY
}
