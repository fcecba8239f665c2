package dev.vigil.policy.decide;

import dev.vigil.policy.expr.Bindings;
import java.util.List;
import java.util.Map;

/**
 * The mutable {@link Bindings} one thread reuses for every decision it makes, so that evaluating a
 * condition allocates nothing. Not thread-safe: each thread owns one.
 */
public final class DecisionInput implements Bindings {

  private CompiledPolicy policy;
  private SubjectRecord subject;
  private List<String> effectiveRoles;
  private Map<String, ?> request = Map.of();
  private Object resource;
  private String action;
  private long nowEpochNanos;

  /** Pass as the time to {@link #call} to read the clock only if a condition reads {@code now}. */
  public static final long NOW_ON_DEMAND = Long.MIN_VALUE;

  /** Sets who is deciding under which policy; {@code effectiveRoles} from {@link CompiledPolicy#effectiveRoles}. */
  public DecisionInput subject(CompiledPolicy policy, SubjectRecord subject, List<String> effectiveRoles) {
    this.policy = policy;
    this.subject = subject;
    this.effectiveRoles = effectiveRoles;
    return this;
  }

  /**
   * Sets the per-call part; {@code request} may be empty, never null; {@code nowEpochNanos} may be
   * {@link #NOW_ON_DEMAND}.
   */
  public DecisionInput call(String action, Map<String, ?> request, Object resource, long nowEpochNanos) {
    this.action = action;
    this.request = request;
    this.resource = resource;
    this.nowEpochNanos = nowEpochNanos;
    return this;
  }

  @Override
  public String subjectId() {
    return subject.id();
  }

  @Override
  public List<String> subjectRoles() {
    return effectiveRoles;
  }

  @Override
  public List<String> subjectGroups() {
    return subject.groups();
  }

  @Override
  public Object subjectAttribute(String name) {
    return subject.attributes().get(name);
  }

  @Override
  public Object requestAttribute(String name) {
    return request.get(name);
  }

  @Override
  public Object resource() {
    return resource;
  }

  @Override
  public String action() {
    return action;
  }

  @Override
  public boolean flag(String name) {
    return policy.flag(name);
  }

  @Override
  public long nowEpochNanos() {
    if (nowEpochNanos == NOW_ON_DEMAND) {
      // Reading the clock costs about as much as a simple condition: only when one needs it.
      nowEpochNanos = System.currentTimeMillis() * 1_000_000L;
    }
    return nowEpochNanos;
  }
}
