package dev.vigil.bench;

import dev.vigil.bench.app.Invoices;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of a {@code @Guarded} check on a cache hit, which is what nearly every guarded call
 * pays: a woven method ({@link Invoices#read}) against its unguarded twin with the same body, in a
 * fork running under the real agent in embedded mode (the policy file in this jar). The subject is
 * entered once per thread, as a request would; each call then reads the thread's frame, the
 * enforcement state and the store's epoch and stripe version, compares, and reads the cached
 * verdict. Run with {@code -prof gc}: the check must allocate nothing (0 B/op), and guarded minus
 * unguarded should stay within 10 ns.
 */
@UnderAgent(policy = BenchEnv.POLICY_RESOURCE)
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HotPathBench {

  private final Invoices invoices = new Invoices();
  /** Not final, so the JIT cannot fold the calls into constants. */
  private long id = 42;
  private Object token;

  @Setup
  public void enterSubject() {
    Checks.denied("a guarded call with no subject", () -> invoices.read(1));
    token = BenchEnv.enterSubject("bob", Map.of());
    Checks.allowed("bob reading an invoice", () -> invoices.read(1));
  }

  @TearDown
  public void exitSubject() {
    BenchEnv.exitSubject(token);
  }

  @Benchmark
  public long guarded() {
    return invoices.read(id);
  }

  @Benchmark
  public long unguarded() {
    return invoices.readUnguarded(id);
  }
}
