package dev.vigil.store;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Entry point of the second JVMs the store tests start (see {@link ChildJvm}). Prints progress
 * lines on stdout for the test to wait on.
 */
public final class StoreChild {

  private StoreChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    switch (args[0]) {
      case "churn" -> churn(dir, Integer.parseInt(args[2]), Long.parseLong(args[3]));
      case "check" -> check(dir, Integer.parseInt(args[2]), Long.parseLong(args[3]));
      case "readForever" -> readForever(dir, Integer.parseInt(args[2]));
      case "publishAllLoop" -> publishAllLoop(dir, Integer.parseInt(args[2]));
      case "publishSubjectsLoop" -> publishSubjectsLoop(dir, Integer.parseInt(args[2]));
      case "tryWriter" -> tryWriter(dir);
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  static Map<String, byte[]> round(byte[][] keys, int from, int to, long counter) {
    Map<String, byte[]> values = new HashMap<>();
    for (int i = from; i < to; i++) {
      values.put(Values.key(i), Values.make(keys[i], counter));
    }
    return values;
  }

  /** Writer: publishAll of n subjects, then rewrites them all round after round, in batches. */
  private static void churn(Path dir, int n, long millis) throws Exception {
    byte[][] keys = Values.keys(n);
    try (StoreWriter writer = StoreWriter.open(dir)) {
      writer.publishAll("r0", new byte[] {0}, round(keys, 0, n, 0));
      System.out.println("READY");
      long end = System.nanoTime() + millis * 1_000_000L;
      long round = 0;
      long generations = 0;
      long lastGeneration = -1;
      // Every write uses a new, higher counter, so each subject's counter only ever grows.
      long counter = 0;
      StoreReader probe = StoreReader.open(dir);
      while (System.nanoTime() < end) {
        round++;
        for (int from = 0; from < n; from += 5000) {
          writer.publishSubjects("r" + round,
              round(keys, from, Math.min(n, from + 5000), ++counter), Set.of());
          // A burst on the hot subjects readers favour, so reads and slot writes overlap often.
          for (int burst = 0; burst < 50; burst++) {
            writer.publishSubjects("r" + round, round(keys, 0, ReadChecker.HOT, ++counter),
                Set.of());
          }
        }
        if (round % 5 == 0) {
          writer.publishPolicy("r" + round, new byte[] {(byte) round});
        }
        long generation = probe.state().generation();
        if (generation != lastGeneration) {
          generations++;
          lastGeneration = generation;
        }
      }
      System.out.println("DONE rounds=" + round + " generations=" + generations);
    }
  }

  /** Reader: checks random reads for a while, then prints the counts. */
  private static void check(Path dir, int n, long millis) throws Exception {
    try (StoreReader reader = StoreReader.open(dir)) {
      ReadChecker checker = new ReadChecker(reader, Values.keys(n), ProcessHandle.current().pid());
      System.out.println("READY");
      checker.runFor(millis);
      System.out.println("RESULT " + checker.summary());
    }
  }

  /** Reader that reads until killed. */
  private static void readForever(Path dir, int n) throws Exception {
    StoreReader reader = StoreReader.open(dir);
    ReadChecker checker = new ReadChecker(reader, Values.keys(n), ProcessHandle.current().pid());
    System.out.println("READY");
    while (true) {
      checker.readOnce();
      if ((checker.reads & 0xFFFF) == 0) {
        reader.state();
      }
    }
  }

  /** Writer: publishAll of n subjects with counter 1, 2, 3... until killed. */
  private static void publishAllLoop(Path dir, int n) throws Exception {
    byte[][] keys = Values.keys(n);
    StoreWriter writer = StoreWriter.open(dir);
    System.out.println("OPENED repaired=" + writer.repairedSlots());
    for (long round = 1; ; round++) {
      writer.publishAll("all-" + round, new byte[] {(byte) round}, round(keys, 0, n, round));
      System.out.println("ROUND " + round);
    }
  }

  /** Writer: one publishSubjects of all n subjects per round, counter 1, 2, 3... until killed. */
  private static void publishSubjectsLoop(Path dir, int n) throws Exception {
    byte[][] keys = Values.keys(n);
    StoreWriter writer = StoreWriter.open(dir);
    System.out.println("OPENED repaired=" + writer.repairedSlots());
    for (long round = 1; ; round++) {
      Map<String, byte[]> values = round(keys, 0, n, round);
      System.out.println("PUBLISHING " + round);
      writer.publishSubjects("subjects-" + round, values, Set.of());
      System.out.println("ROUND " + round);
    }
  }

  private static void tryWriter(Path dir) {
    try (StoreWriter writer = StoreWriter.open(dir)) {
      System.out.println("OPENED repaired=" + writer.repairedSlots());
    } catch (StoreException e) {
      System.out.println("REFUSED " + e.getMessage());
    }
  }
}
