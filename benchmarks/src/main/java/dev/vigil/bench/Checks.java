package dev.vigil.bench;

import java.util.concurrent.TimeUnit;

/**
 * Set-up checks that a benchmark measures what it says: a guarded call that should be denied is
 * denied (so the method is really woven), one that should be allowed is allowed. These are not
 * timing assertions; they fail the benchmark before it measures the wrong thing.
 */
final class Checks {

  private Checks() {}

  static void allowed(String what, Runnable call) {
    try {
      call.run();
    } catch (SecurityException e) {
      throw new IllegalStateException(what + " should be allowed but was denied: " + e.getMessage(), e);
    }
  }

  static void denied(String what, Runnable call) {
    try {
      call.run();
    } catch (SecurityException expected) {
      return;
    }
    throw new IllegalStateException(what + " should be denied but ran: is the agent weaving " + "@Guarded?");
  }

  /** Retries {@code call} until it is allowed (a store the agent has yet to pick up), or fails. */
  static void eventuallyAllowed(String what, Runnable call, long timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (true) {
      try {
        call.run();
        return;
      } catch (SecurityException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(what + " still denied after " + timeoutSeconds + " s: " + e.getMessage(), e);
        }
        Thread.sleep(20);
      }
    }
  }
}
