package dev.vigil.agent.engine;

import dev.vigil.policy.decide.CompiledPolicy;
import dev.vigil.store.StoreReader;

/**
 * What the enforcer decides against, replaced whole whenever it changes: a live store with the
 * policy compiled for one epoch, or the reason there is none. Cache entries remember the state they
 * were computed in, so replacing it (store went stale, came back, new policy) invalidates every
 * entry at once; identity comparison is the whole check.
 */
final class EnforcementState {

  /** The store's reader; null when unavailable. */
  final StoreReader reader;
  /** The policy compiled from the store at {@link #epoch}; null when unavailable. */
  final CompiledPolicy policy;
  /** The store epoch {@link #policy} was read at. */
  final long epoch;
  /** The store revision read with {@link #policy}. */
  final String revision;
  /** Why guarded calls cannot be decided; null when live. */
  final String unavailableReason;

  private EnforcementState(StoreReader reader, CompiledPolicy policy, long epoch, String revision, String reason) {
    this.reader = reader;
    this.policy = policy;
    this.epoch = epoch;
    this.revision = revision;
    this.unavailableReason = reason;
  }

  static EnforcementState live(StoreReader reader, CompiledPolicy policy, long epoch, String revision) {
    return new EnforcementState(reader, policy, epoch, revision, null);
  }

  static EnforcementState unavailable(StoreReader readerIfAny, String reason) {
    return new EnforcementState(readerIfAny, null, -1, "none", reason);
  }

  boolean isLive() {
    return unavailableReason == null;
  }
}
