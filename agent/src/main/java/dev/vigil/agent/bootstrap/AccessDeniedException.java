package dev.vigil.agent.bootstrap;

/**
 * Thrown in place of a guarded method's body when Vigil denies the call. A
 * {@link SecurityException}, so applications can handle it without depending on Vigil; the message
 * names the subject, the action, the deciding rule and the policy revision.
 */
public final class AccessDeniedException extends SecurityException {

  private static final long serialVersionUID = 1L;

  private final String subject;
  private final String action;
  private final String rule;
  private final String revision;

  public AccessDeniedException(String subject, String action, String rule, String revision, String reason) {
    super("Vigil denied '" + action + "' to subject '" + subject + "': rule " + rule
        + ", policy revision " + revision + " (" + reason + ")");
    this.subject = subject;
    this.action = action;
    this.rule = rule;
    this.revision = revision;
  }

  /** A denial that no rule made: the agent could not decide (not started, internal failure). */
  static AccessDeniedException internal(int site, String reason) {
    return new AccessDeniedException("?", "guarded site #" + site, "agent-error", "none", reason);
  }

  public String subject() {
    return subject;
  }

  public String action() {
    return action;
  }

  public String rule() {
    return rule;
  }

  public String revision() {
    return revision;
  }
}
