package dev.vigil.policy.expr;

import java.util.List;

/**
 * What a compiled condition can read. One implementation serves a decision: the subject comes from
 * the store, the request from the caller's context.
 *
 * <p>Values returned as {@code Object} are one of: {@code String}, {@code Long} (or any integral
 * {@code Number}), {@code Double} (or any other {@code Number}), {@code Boolean},
 * {@code java.time.Instant}, {@code List<?>} of these, {@code Map<String, ?>} of these, or
 * {@code null} when absent. Implementations must not allocate: a condition runs on the hot path.
 *
 * <p>A null attribute is absent: {@code has()} is false for it and reading it throws
 * {@link EvaluationException}. Timestamps are {@code Instant}s. Null role or group lists are read
 * as empty lists.
 */
public interface Bindings {

  /** {@code subject.id}. */
  String subjectId();

  /** {@code subject.roles}: the subject's effective roles (own and through groups). */
  List<String> subjectRoles();

  /** {@code subject.groups}. */
  List<String> subjectGroups();

  /** {@code subject.<name>} for any other name: the subject's attributes; null if absent. */
  Object subjectAttribute(String name);

  /** {@code request.<name>}: attributes of the call (source IP, amount, device); null if absent. */
  Object requestAttribute(String name);

  /** {@code resource}: the value of the {@code @Guarded(resourceArg=...)} argument, or null. */
  Object resource();

  /** {@code action}: the action being decided, for example {@code invoice:approve}. */
  String action();

  /** {@code flags.<name>}: a feature flag's value; names are checked when a policy compiles. */
  boolean flag(String name);

  /** {@code now}: the decision's time in nanoseconds since the epoch (UTC). */
  long nowEpochNanos();
}
