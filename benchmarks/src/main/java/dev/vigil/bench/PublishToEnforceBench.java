package dev.vigil.bench;

import dev.vigil.policy.decide.SubjectCodec;
import dev.vigil.policy.model.SourcePosition;
import dev.vigil.policy.model.SubjectDefinition;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * From a store publication to enforcement in another process: this JVM is the loader (it writes a
 * store of the benchmark policy and 1k subjects), and a child JVM runs {@code DecisionAck} under the
 * agent in sidecar mode, calling a guarded method as subject {@code toggled} in a loop. One
 * operation grants or revokes that subject's role with {@code StoreWriter.publishSubjects} (an
 * in-place update: seqlocked slot write, stripe version bump) and ends when the child acknowledges
 * the changed decision through a shared memory-mapped file. SampleTime gives the distribution;
 * the target is p99 within 1 ms. A breakdown (publish call, until the child decided, until this
 * JVM saw the ack) is printed when the trial ends.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class PublishToEnforceBench {

  private static final String SUBJECT = "toggled";
  private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

  private BenchStore store;
  private AckChild child;
  private Map<String, byte[]> grant;
  private Map<String, byte[]> revoke;
  private final Breakdown breakdown =
      new Breakdown("publishSubjects() call", "publish returned -> child decided", "child decided -> ack seen here");

  @Setup(Level.Trial)
  public void start() throws IOException, InterruptedException {
    store = BenchStore.create(BenchEnv.shmPath("store-publish"), 1000);
    grant = Map.of(SUBJECT, SubjectCodec.encode(toggled(List.of("reader"))));
    revoke = Map.of(SUBJECT, SubjectCodec.encode(toggled(List.of())));
    child = AckChild.start(store.dir(), SUBJECT);
    if (!child.allowed()) {
      throw new IllegalStateException("subject " + SUBJECT + " should start allowed");
    }
  }

  private static SubjectDefinition toggled(List<String> roles) {
    return new SubjectDefinition(SUBJECT, roles, List.of(), Map.of(), SourcePosition.UNKNOWN);
  }

  @Setup(Level.Iteration)
  public void iteration(IterationParams params) {
    breakdown.recording(params.getType() == IterationType.MEASUREMENT);
  }

  @TearDown(Level.Trial)
  public void stop() {
    breakdown.print("PublishToEnforceBench.publishToEnforce");
    child.close();
    store.close();
  }

  @Benchmark
  public long publishToEnforce() {
    boolean allow = !child.allowed();
    long start = System.nanoTime();
    store.writer().publishSubjects(allow ? "granted" : "revoked", allow ? grant : revoke, Set.of());
    long published = System.nanoTime();
    long decided = child.await(allow, TIMEOUT_NANOS, 0);
    long acked = System.nanoTime();
    breakdown.add(published - start, decided - published, acked - decided);
    return acked;
  }
}
