package dev.vigil.bench;

import dev.vigil.agent.engine.StoreEnforcer;
import dev.vigil.agent.engine.StoreMonitor;
import dev.vigil.agent.installer.AgentLog;
import dev.vigil.agent.installer.AgentOptions;
import dev.vigil.agent.instrumentation.GuardSites;
import java.io.IOException;
import java.util.Map;
import java.util.Properties;
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

/**
 * The enforcer's cache hit on its own, without the agent: {@link StoreEnforcer#check} called
 * directly (no woven advice, no bootstrap bridge), next to one {@link ThreadLocal#get} (the first
 * thing a check does), one {@link System#currentTimeMillis} (read on every hit whose verdict has
 * per-call conditions, see {@link ConditionBench}) and an empty baseline. Compared with {@link
 * HotPathBench} this separates the enforcer's work from what weaving adds around it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class EnforcerHitBench {

  private BenchStore store;
  private StoreEnforcer enforcer;
  private int site;
  private Object token;
  private final ThreadLocal<Object> local = new ThreadLocal<>();
  private long id = 42;

  @Setup(Level.Trial)
  public void build() throws IOException {
    store = BenchStore.create(BenchEnv.shmPath("store-enforcer-hit"), 0);
    GuardSites sites = new GuardSites();
    site = sites.register("invoice:read", "Invoices.read", null);
    enforcer = new StoreEnforcer(sites, AgentLog.open(AgentOptions.parse("", new Properties())), store.dir(),
        TimeUnit.SECONDS.toMillis(10), false, false);
    StoreMonitor.pollOnce(enforcer);
    token = enforcer.enterSubject("bob", Map.of());
    if (enforcer.check(site, null) != null) {
      throw new IllegalStateException("bob should be allowed to read: " + enforcer.describe());
    }
    local.set(this);
  }

  @TearDown(Level.Trial)
  public void close() {
    enforcer.exitSubject(token);
    store.close();
  }

  @Benchmark
  public Object check() {
    return enforcer.check(site, null);
  }

  @Benchmark
  public Object threadLocalGet() {
    return local.get();
  }

  @Benchmark
  public long clock() {
    return System.currentTimeMillis();
  }

  @Benchmark
  public long baseline() {
    return id * 31 + 7;
  }
}
