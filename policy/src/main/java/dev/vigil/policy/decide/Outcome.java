package dev.vigil.policy.decide;

/** The answer to "may this subject do this action now". Anything but ALLOW stops the call. */
public enum Outcome {
  ALLOW,
  DENY
}
