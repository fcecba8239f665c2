package dev.vigil.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Report mode logs a bounded number of lines per window and then says how many it left out. */
class ReportLimiterTest {

  @Test
  void admitsABoundedNumberPerWindowAndCountsTheRest() {
    ReportLimiter limiter = new ReportLimiter();
    int[] suppressed = new int[1];
    long t = 1_000_000;
    int admitted = 0;
    for (int i = 0; i < 250; i++) {
      if (limiter.admit(t + i, suppressed)) {
        admitted++;
      }
      assertThat(suppressed[0]).isZero();
    }
    assertThat(admitted).isEqualTo(ReportLimiter.LINES_PER_WINDOW);
    assertThat(limiter.admit(t + ReportLimiter.WINDOW_MILLIS, suppressed)).isTrue();
    assertThat(suppressed[0]).as("left out in the window that ended").isEqualTo(150);
    assertThat(limiter.admit(t + ReportLimiter.WINDOW_MILLIS + 1, suppressed)).isTrue();
    assertThat(suppressed[0]).isZero();
  }
}
