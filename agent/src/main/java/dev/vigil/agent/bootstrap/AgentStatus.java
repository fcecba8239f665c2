package dev.vigil.agent.bootstrap;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters an operator (or a test) can read from any class loader: a transform error means a class
 * whose guarded methods may run unchecked, so it must be visible, not only logged.
 */
public final class AgentStatus {

  private static final AtomicLong TRANSFORM_ERRORS = new AtomicLong();
  private static final AtomicLong GUARDED_METHODS = new AtomicLong();
  private static final AtomicLong INTERNAL_ERRORS = new AtomicLong();
  private static volatile String lastInternalError = "";

  private AgentStatus() {}

  public static void recordTransformError() {
    TRANSFORM_ERRORS.incrementAndGet();
  }

  public static void recordGuardedMethod() {
    GUARDED_METHODS.incrementAndGet();
  }

  static void recordInternalError(Throwable t) {
    INTERNAL_ERRORS.incrementAndGet();
    lastInternalError = String.valueOf(t);
  }

  /** Classes that matched but could not be woven since start. Must stay zero. */
  public static long transformErrors() {
    return TRANSFORM_ERRORS.get();
  }

  /** Guarded methods woven since start. */
  public static long guardedMethods() {
    return GUARDED_METHODS.get();
  }

  /** Failures inside the enforcer that were turned into denials. */
  public static long internalErrors() {
    return INTERNAL_ERRORS.get();
  }

  /** One line for logs and tests. */
  public static String summary() {
    return "guardedMethods=" + guardedMethods() + " transformErrors=" + transformErrors()
        + " internalErrors=" + internalErrors()
        + (lastInternalError.isEmpty() ? "" : " lastInternalError=" + lastInternalError);
  }
}
