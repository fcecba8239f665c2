package dev.vigil.agent.bootstrap;

import java.util.Map;

/**
 * The static entry points that woven code calls. It sits on the bootstrap class path so advice
 * inlined into classes of any class loader can link to it, and it depends on nothing but the JDK.
 *
 * <p>Nothing here ever throws into the application except the denial it is asked to return: a
 * failure inside the enforcer becomes a denial (fail closed), never a bypass.
 */
public final class Guard {

  /**
   * Set once by the agent's premain, before any application class runs; the thread that starts
   * the application's main thread happens-before everything that thread does, so a plain static
   * suffices and the hot path pays no volatile read for it.
   */
  private static Enforcer enforcer;

  private Guard() {}

  public static void install(Enforcer installed) {
    enforcer = installed;
  }

  /**
   * Called on entry of every guarded method. Returns null when the call may proceed, otherwise the
   * {@link AccessDeniedException} the woven exit code throws in place of running the body.
   */
  public static Object check(int site, Object resource) {
    Enforcer e = enforcer;
    if (e == null) {
      return AccessDeniedException.internal(site, "the Vigil agent did not finish starting");
    }
    try {
      return e.check(site, resource);
    } catch (Throwable t) {
      AgentStatus.recordInternalError(t);
      return AccessDeniedException.internal(site, "internal error in the Vigil agent: " + t);
    }
  }

  /** Called on entry of {@code Vigil.runAs/callAs}; returns the token for {@link #exitSubject}. */
  public static Object enterSubject(String subjectId, Map<String, ?> attributes) {
    Enforcer e = enforcer;
    return e == null ? null : e.enterSubject(subjectId, attributes);
  }

  /** Called on every exit (normal or exceptional) of {@code Vigil.runAs/callAs}. */
  public static void exitSubject(Object token) {
    Enforcer e = enforcer;
    if (e != null) {
      e.exitSubject(token);
    }
  }
}
