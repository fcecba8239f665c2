package dev.vigil.bench;

import dev.vigil.policy.model.PolicyDocument;
import dev.vigil.store.StoreException;
import dev.vigil.store.StoreWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The shared memory a store of 1M subjects (about 100-byte values) costs, and how long publishing
 * it in full takes. One operation opens a new store under /dev/shm, publishes the benchmark policy
 * and all subjects ({@code StoreWriter.publishAll}), and closes the writer; the store's size is
 * then read as the blocks tmpfs allocated to its files ({@code du}: the files are sparse, so their
 * length overstates it) and reported as auxiliary counters: {@code storeMiB} (allocated, target at
 * most 300 MB), {@code apparentMiB} (file lengths) and {@code valueBytes} (mean encoded value),
 * and printed by the fork after each operation. The primary score is the time of a full
 * publication.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class StoreFootprintBench {

  @Param({"1000000"})
  public int subjects;

  private byte[] policy;
  private Map<String, byte[]> values;
  private Path dir;
  private boolean reported;

  /**
   * What the last publication left in /dev/shm, read by JMH at the end of each iteration. JMH adds
   * up EVENTS counters over the measurement iterations, so each measured iteration reports its
   * share (1/n) and the total shown is the mean over them; warmup iterations are not counted.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Footprint {
    long allocated;
    long apparent;
    double meanValue;
    private double share = 1;

    @Setup(Level.Iteration)
    public void share(BenchmarkParams params) {
      share = 1.0 / params.getMeasurement().getCount();
    }

    public double storeMiB() {
      return share * allocated / 1048576.0;
    }

    public double apparentMiB() {
      return share * apparent / 1048576.0;
    }

    public double valueBytes() {
      return share * meanValue;
    }
  }

  @Setup(Level.Trial)
  public void generate() {
    PolicyDocument document = BenchPolicy.document();
    policy = BenchPolicy.blob(document);
    values = BenchPolicy.values(document, subjects);
  }

  @TearDown(Level.Invocation)
  public void remove() {
    BenchEnv.deleteTree(dir);
  }

  @Benchmark
  public long publishAll(Footprint footprint) throws StoreException, IOException, InterruptedException {
    dir = BenchEnv.shmPath("footprint");
    try (StoreWriter writer = StoreWriter.open(dir)) {
      writer.publishAll("footprint", policy, values);
    }
    footprint.allocated = allocatedBytes(dir);
    long apparent = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        apparent += Files.size(f);
      }
    }
    footprint.apparent = apparent;
    long valueBytes = 0;
    for (byte[] v : values.values()) {
      valueBytes += v.length;
    }
    footprint.meanValue = (double) valueBytes / values.size();
    if (!reported) {
      reported = true;
      System.out.printf(java.util.Locale.ROOT, "%n# store of %d subjects: %.1f MiB allocated in %s (files %.1f MiB),"
        + " values %.1f bytes on average%n", values.size(), footprint.allocated / 1048576.0, BenchEnv.shm(),
        apparent / 1048576.0, footprint.meanValue);
    }
    return footprint.allocated;
  }

  /** Bytes of the blocks allocated to the directory's files, as {@code du} counts them. */
  private static long allocatedBytes(Path dir) throws IOException, InterruptedException {
    Process du = new ProcessBuilder("du", "-s", "-B1", dir.toString()).redirectErrorStream(true).start();
    String out = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (du.waitFor() != 0) {
      throw new IOException("du failed: " + out);
    }
    return Long.parseLong(out.split("\\s+")[0]);
  }
}
