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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A subject's first check driven through the real {@link StoreEnforcer} (in this JVM, no agent or
 * weaving): each call enters the next subject of a shuffled 1M, checks one site and exits, which is
 * what a request of a user this JVM has not seen yet costs on top of its work. Every call is a
 * miss: a subject comes round again only after a million others, and the enforcer empties its
 * cache whenever it reaches 100k subjects. This cross-checks {@link CacheMissBench}'s composed
 * slow path at 1M and adds what it leaves out (scope entry, cache entry, map insert).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xms2g", "-Xmx2g",
    "-XX:+AlwaysPreTouch"})
public class EnforcerMissBench {

  /** Only sizes where misses can be forced: well above the enforcer's 100k cache bound. */
  @Param({"1000000"})
  public int subjects;

  private StoreFixture fixture;
  private StoreEnforcer enforcer;
  private int site;
  private Object outer;
  private int next;

  @Setup(Level.Trial)
  public void build() throws IOException {
    fixture = new StoreFixture("enforcer-miss", subjects);
    GuardSites sites = new GuardSites();
    site = sites.register("invoice:read", "Invoices.read", null);
    AgentLog log = AgentLog.open(AgentOptions.parse("", new Properties()));
    enforcer = new StoreEnforcer(sites, log, fixture.store.dir(), TimeUnit.SECONDS.toMillis(10), false, false);
    StoreMonitor.pollOnce(enforcer);
    // An outer scope, as a request filter would hold: nested scopes share its scratch objects.
    outer = enforcer.enterSubject("bob", Map.of());
    // One pass over every subject: checks they are allowed, and takes the page faults of the
    // enforcer's own mapping (a first touch of each page, paid once per JVM) before measuring.
    for (int i = 0; i < subjects; i++) {
      if (miss() != null) {
        throw new IllegalStateException("generated subjects should be allowed: " + enforcer.describe());
      }
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    enforcer.exitSubject(outer);
    fixture.close();
  }

  @Benchmark
  public Object miss() {
    int i = next;
    next = i + 1 == subjects ? 0 : i + 1;
    Object token = enforcer.enterSubject(fixture.ids[i], Map.of());
    Object denial = enforcer.check(site, null);
    enforcer.exitSubject(token);
    return denial;
  }
}
