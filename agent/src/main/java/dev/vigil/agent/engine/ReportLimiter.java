package dev.vigil.agent.engine;

/**
 * Bounds how many report-mode lines the log gets: report mode exists to try a policy on live
 * traffic, and a busy denied endpoint must not turn the log into its own outage. At most
 * {@link #LINES_PER_WINDOW} lines per {@link #WINDOW_MILLIS}; the next line after a window with
 * suppressed ones says how many were left out. Touched only when a call would be denied in
 * report mode, never on an allowed call.
 */
final class ReportLimiter {

  static final int LINES_PER_WINDOW = 100;
  static final long WINDOW_MILLIS = 10_000;

  private long windowStart;
  private int logged;
  private int suppressed;

  /**
   * Whether to log this denial; a non-zero {@code suppressedOut[0]} is the number left out in
   * the window that just ended, to be mentioned with it.
   */
  synchronized boolean admit(long nowMillis, int[] suppressedOut) {
    suppressedOut[0] = 0;
    if (nowMillis - windowStart >= WINDOW_MILLIS) {
      suppressedOut[0] = suppressed;
      windowStart = nowMillis;
      logged = 0;
      suppressed = 0;
    }
    if (logged < LINES_PER_WINDOW) {
      logged++;
      return true;
    }
    suppressed++;
    return false;
  }
}
