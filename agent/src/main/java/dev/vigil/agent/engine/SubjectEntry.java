package dev.vigil.agent.engine;

import dev.vigil.policy.decide.SubjectRecord;
import dev.vigil.policy.decide.Verdict;
import java.util.List;

/**
 * One subject's cached decisions, valid while the store's epoch and the subject's stripe version
 * are what they were when it was built (and the enforcement state is the same object). Never
 * expired by time: a TTL is either stale or slow.
 *
 * <p>Verdicts are filled in per guarded site as they are first needed. Threads may race to fill the
 * same slot; each writes an immutable verdict computed from the same inputs, and final fields make
 * a racy publication of it safe, so no lock is needed.
 */
final class SubjectEntry {

  /** The state this entry was computed in (identity). */
  final EnforcementState state;
  /** Store epoch at computation; equals {@code state.epoch}. */
  final long epoch;
  /** The subject's stripe version, read before its value. */
  final long stripeVersion;
  /** The subject as read; an empty record (no roles) when the store does not know the subject. */
  final SubjectRecord record;
  /** The value bytes the record was decoded from; null for an unknown subject. */
  final byte[] raw;
  /** The store's revision when the subject was read: what its decisions cite. */
  final String revision;
  /** Own roles plus those from groups, under {@code state.policy}. */
  final List<String> effectiveRoles;
  /** Per guarded site, the verdict once computed. */
  final Verdict[] verdicts;

  SubjectEntry(EnforcementState state, long stripeVersion, SubjectRecord record, byte[] raw,
      String revision, List<String> effectiveRoles, Verdict[] verdicts) {
    this.state = state;
    this.epoch = state.epoch;
    this.stripeVersion = stripeVersion;
    this.record = record;
    this.raw = raw;
    this.revision = revision;
    this.effectiveRoles = effectiveRoles;
    this.verdicts = verdicts;
  }
}
