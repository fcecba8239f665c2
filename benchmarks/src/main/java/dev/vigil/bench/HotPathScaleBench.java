package dev.vigil.bench;

import dev.vigil.bench.app.Invoices;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cache hit of {@link HotPathBench} with 1k and with 1M subjects in the store: a hit reads the
 * store's epoch and one stripe version, never the subjects table, so its time must not depend on
 * how many subjects there are. The fork runs under the agent in sidecar mode; it writes the store
 * itself (policy plus generated subjects, published in full, heartbeat from a daemon thread) in
 * the directory its agent was pointed at, which is quicker than having an embedded agent parse a
 * million-subject policy file. Run with {@code -prof gc} (0 B/op).
 */
@UnderAgent(sidecar = true)
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xms2g", "-Xmx2g",
    "-XX:+AlwaysPreTouch"})
public class HotPathScaleBench {

  @Param({"1000", "1000000"})
  public int subjects;

  private final Invoices invoices = new Invoices();
  private long id = 42;
  private BenchStore store;
  private Object token;

  @Setup
  public void publishAndEnter() throws InterruptedException {
    String dir = System.getProperty(BenchEnv.STORE_PROPERTY);
    if (dir == null) {
      throw new IllegalStateException("run through BenchMain (benchmarks/run.sh): it points the agent at the"
          + " store this benchmark writes (-D" + BenchEnv.STORE_PROPERTY + ")");
    }
    store = BenchStore.create(Path.of(dir), subjects);
    token = BenchEnv.enterSubject(BenchPolicy.id(subjects / 2), Map.of());
    // The agent polls for the store every 100 ms: wait until it enforces what was just published.
    Checks.eventuallyAllowed("a generated subject reading", () -> invoices.read(1), 30);
  }

  @TearDown
  public void exitAndClose() {
    BenchEnv.exitSubject(token);
    store.close();
  }

  @Benchmark
  public long guardedHit() {
    return invoices.read(id);
  }
}
