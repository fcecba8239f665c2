package dev.vigil.agent.bootstrap;

import java.util.Map;

/**
 * What {@link Guard} delegates to. The implementation lives in the agent's isolated class loader;
 * this interface is on the bootstrap class path so that woven code in any class loader reaches it.
 */
public interface Enforcer {

  /** Decides the guarded call at {@code site}; returns null to allow, or the exception to throw. */
  Object check(int site, Object resource);

  /** Makes {@code subjectId} the current subject of this thread; returns what {@link #exitSubject} restores. */
  Object enterSubject(String subjectId, Map<String, ?> attributes);

  /** Restores the subject that was current before the matching {@link #enterSubject}. */
  void exitSubject(Object token);
}
