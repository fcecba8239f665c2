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
 * A rule that reads the request is evaluated on every call, even on a cache hit: the cached
 * verdict holds the compiled condition, and the check runs it against the scope's request
 * attributes. Measured under the real agent (embedded mode, this jar's policy) for three kinds of
 * condition, each a deny rule that does not fire, so the call proceeds:
 *
 * <ul>
 *   <li>{@link #amountRule}: {@code request.amount > 10000 && !("cfo" in subject.roles)};
 *   <li>{@link #cidrRule}: {@code !cidr('10.0.0.0/8').containsIP(request.ip)};
 *   <li>{@link #stringRule}: {@code !request.channel.startsWith('web-')};
 * </ul>
 *
 * against {@link #noCondition} (a hit whose verdict is fixed) and {@link #unguarded}. Run with
 * {@code -prof gc}: evaluation is meant to allocate nothing (0 B/op).
 */
@UnderAgent(policy = BenchEnv.POLICY_RESOURCE)
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ConditionBench {

  private final Invoices invoices = new Invoices();
  private long id = 42;
  private Object token;

  @Setup
  public void enterSubject() {
    // The rules bite: the same calls with other request attributes are denied.
    Object outside = BenchEnv.enterSubject("alice",
        Map.of("amount", 20_000L, "ip", "192.168.1.9", "channel", "batch"));
    try {
      Checks.denied("approving 20000 without cfo", () -> invoices.approve(1));
      Checks.denied("a transfer from 192.168.1.9", () -> invoices.transfer(1));
      Checks.denied("an export over channel batch", () -> invoices.export(1));
    } finally {
      BenchEnv.exitSubject(outside);
    }
    token = BenchEnv.enterSubject("alice", Map.of("amount", 5_000L, "ip", "10.1.2.3", "channel", "web-portal"));
    Checks.allowed("approving 5000", () -> invoices.approve(1));
    Checks.allowed("a transfer from 10.1.2.3", () -> invoices.transfer(1));
    Checks.allowed("an export over web-portal", () -> invoices.export(1));
    Checks.allowed("reading", () -> invoices.read(1));
  }

  @TearDown
  public void exitSubject() {
    BenchEnv.exitSubject(token);
  }

  @Benchmark
  public long noCondition() {
    return invoices.read(id);
  }

  @Benchmark
  public long amountRule() {
    return invoices.approve(id);
  }

  @Benchmark
  public long cidrRule() {
    return invoices.transfer(id);
  }

  @Benchmark
  public long stringRule() {
    return invoices.export(id);
  }

  @Benchmark
  public long unguarded() {
    return invoices.readUnguarded(id);
  }
}
