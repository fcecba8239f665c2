package dev.vigil.api;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Runs work as a given subject, for code that has no servlet request to take the subject from:
 * batch jobs, message consumers, tests.
 *
 * <p>With the agent on the JVM these methods are woven so that every {@link Guarded} check made by
 * the work, on this thread, is decided for {@code subjectId} with {@code attributes} visible to rule
 * conditions as {@code request.<name>}. Scopes nest; the previous subject is restored when the work
 * returns or throws. Without the agent the work simply runs.
 */
public final class Vigil {

  private Vigil() {}

  /** Runs {@code work} as {@code subjectId} with no request attributes. */
  public static void runAs(String subjectId, Runnable work) {
    runAs(subjectId, Map.of(), work);
  }

  /** Runs {@code work} as {@code subjectId}; {@code attributes} become {@code request.*}. */
  public static void runAs(String subjectId, Map<String, ?> attributes, Runnable work) {
    Objects.requireNonNull(subjectId, "subjectId");
    Objects.requireNonNull(attributes, "attributes");
    work.run();
  }

  /** Calls {@code work} as {@code subjectId}; {@code attributes} become {@code request.*}. */
  public static <T> T callAs(String subjectId, Map<String, ?> attributes, Callable<T> work)
      throws Exception {
    Objects.requireNonNull(subjectId, "subjectId");
    Objects.requireNonNull(attributes, "attributes");
    return work.call();
  }
}
