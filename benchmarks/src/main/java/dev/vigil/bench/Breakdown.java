package dev.vigil.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Per-operation stage times of a latency benchmark, kept for the measurement iterations only and
 * printed as percentiles when the trial ends, so a result says where its time went. Fixed
 * capacity; later samples are dropped.
 */
final class Breakdown {

  private static final int CAPACITY = 1 << 20;

  private final String[] stages;
  private final long[][] samples;
  private int count;
  private boolean recording;

  Breakdown(String... stages) {
    this.stages = stages;
    this.samples = new long[stages.length][CAPACITY];
  }

  /** Whether the current iteration is measured (JMH's IterationParams type). */
  void recording(boolean on) {
    recording = on;
  }

  void add(long... nanos) {
    if (!recording || count == CAPACITY) {
      return;
    }
    for (int s = 0; s < stages.length; s++) {
      samples[s][count] = nanos[s];
    }
    count++;
  }

  /** One line per stage: p50, p90, p99, max and mean in microseconds. */
  void print(String title) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%n# breakdown of %s over %d measured ops (microseconds)%n", title, count));
    out.append(String.format(Locale.ROOT, "#   %-44s %9s %9s %9s %9s %9s%n", "stage", "p50", "p90", "p99", "max", "mean"));
    for (int s = 0; s < stages.length; s++) {
      long[] sorted = Arrays.copyOf(samples[s], count);
      Arrays.sort(sorted);
      double mean = count == 0 ? 0 : Arrays.stream(sorted).average().orElse(0);
      out.append(String.format(Locale.ROOT, "#   %-44s %9.1f %9.1f %9.1f %9.1f %9.1f%n", stages[s],
          micros(percentile(sorted, 0.50)), micros(percentile(sorted, 0.90)), micros(percentile(sorted, 0.99)),
          micros(count == 0 ? 0 : sorted[count - 1]), mean / 1000.0));
    }
    System.out.print(out);
    System.out.flush();
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double micros(long nanos) {
    return nanos / 1000.0;
  }
}
