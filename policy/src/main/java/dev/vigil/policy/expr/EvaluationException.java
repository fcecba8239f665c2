package dev.vigil.policy.expr;

/**
 * A condition that could not be evaluated for the given bindings: an attribute is missing, a value
 * has the wrong type at run time, an int overflowed, an IP string does not parse. Callers fail
 * closed: a deny rule whose condition throws this denies, an allow rule does not allow.
 *
 * <p>It carries no stack trace: conditions run on the hot path, a missing attribute is an ordinary
 * event there, and the trace would only show generated code.
 */
public final class EvaluationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String reason;

  public EvaluationException(String reason) {
    super(reason, null, false, false);
    this.reason = reason;
  }

  public EvaluationException(String reason, Throwable cause) {
    super(reason, cause, false, false);
    this.reason = reason;
  }

  /** A short reason, for example {@code no such attribute 'request.ip'}. */
  public String reason() {
    return reason;
  }
}
