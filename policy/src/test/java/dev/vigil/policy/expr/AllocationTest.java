package dev.vigil.policy.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hot path allocates nothing: after a warm-up, N evaluations on this thread must not grow the
 * thread's allocated-bytes counter. This counts bytes, not time, so it is deterministic; it holds
 * in the interpreter as well as after JIT compilation because nothing relies on escape analysis.
 *
 * <p>The JVM itself may allocate once on this thread while a measurement runs (for example when
 * it deoptimizes a method), so the smallest of a few rounds is taken: an allocation per call
 * shows in every round, a one-off event in at most one.
 */
class AllocationTest {

  private static final int WARM_UP = 20_000;
  private static final int MEASURED = 10_000;
  private static final int ROUNDS = 5;
  /** Generous for 10,000 calls: one allocation of any real object per call would exceed it. */
  private static final long SLACK_BYTES = 256;

  private static final ExpressionCompiler COMPILER =
      new ExpressionCompiler(Set.of("beta", "legacy"));

  private static final TestBindings BINDINGS = bindings();

  private static TestBindings bindings() {
    TestBindings b = new TestBindings().id("alice").roles("admin", "finance").groups("eng")
        .subject("level", 7L).subject("dept", "finance")
        .request("amount", 15_000L).request("score", 0.75).request("count", 3L)
        .request("ip", "10.1.2.3").request("ip6", "2001:db8::42").request("method", "POST")
        .request("path", "/api/invoices/17").request("tags", List.of("a", "b"))
        .request("headers", Map.of("x-env", "prod"))
        .flag("beta", true).flag("legacy", false).now("2026-01-01T12:00:00Z");
    b.request("loginTime", b.nowInstant().minus(Duration.ofMinutes(10)));
    return b;
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // comparisons, numeric and string, static and dyn
      "request.amount > 10000 && request.amount <= 1e9 && request.score >= 0.5"
          + " && subject.level == 7 && request.count != 4.0 && 1 < 2.5 && subject.id < 'b'",
      // boolean logic, including chains whose operands could fail (own method with try/catch)
      "(request.amount > 1 || request.nope == 1) && !(flags.legacy && request.nope == 2)",
      // in over lists of strings, constant lists and maps
      "'admin' in subject.roles && !('cfo' in subject.roles) && 'eng' in subject.groups"
          + " && action in ['invoice:approve', 'invoice:read'] && request.method in ['GET', 'POST']"
          + " && subject.level in [5, 6, 7] && 'x-env' in request.headers && 'a' in request.tags",
      // string functions
      "request.path.startsWith('/api/') && request.path.endsWith('/17')"
          + " && request.path.contains('invoices') && size(request.path) == 16"
          + " && request.path.matches('^/api/[a-z]+/[0-9]+$') && subject.dept == 'finance'",
      // CIDR match, both families
      "cidr('10.0.0.0/8').containsIP(request.ip) && cidr('2001:db8::/32').containsIP(request.ip6)"
          + " && !cidr('192.168.0.0/16').containsIP(request.ip)",
      // flags
      "flags.beta && !flags.legacy",
      // timestamps and durations against now
      "request.loginTime > now - duration('1h') && now - request.loginTime < duration('15m')"
          + " && now < timestamp('2030-01-01T00:00:00Z') && now.getHours() >= 9"
          + " && now.getDayOfWeek() != 0 && request.loginTime.getMinutes() == 50",
      // has(), ternary, nested values, size of lists
      "has(request.ip) && !has(request.nope) && (flags.beta ? request.amount > 1 : false)"
          + " && request.headers['x-env'] == 'prod' && request.tags[1] == 'b'"
          + " && size(subject.roles) == 2",
      // the example from the brief
      "request.amount > 10000 && !(\"cfo\" in subject.roles)",
  })
  void evaluatesWithoutAllocating(String source) throws ExpressionException {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadAllocatedMemorySupported(), "allocation counting not supported");
    threads.setThreadAllocatedMemoryEnabled(true);

    Condition condition = COMPILER.compile(source).condition();
    assertThat(condition.test(BINDINGS)).as("the measured path is the full, true one").isTrue();
    boolean all = true;
    for (int i = 0; i < WARM_UP; i++) {
      all &= condition.test(BINDINGS);
    }

    long baseline = Long.MAX_VALUE;
    long used = Long.MAX_VALUE;
    for (int round = 0; round < ROUNDS; round++) {
      baseline = Math.min(baseline, measure(threads, null));
      used = Math.min(used, measure(threads, condition));
    }

    assertThat(all).isTrue();
    assertThat(used - baseline)
        .as("bytes allocated by %d evaluations of %s", MEASURED, source)
        .isLessThanOrEqualTo(SLACK_BYTES);
  }

  private static long measure(com.sun.management.ThreadMXBean threads, Condition condition) {
    boolean all = true;
    long before = threads.getCurrentThreadAllocatedBytes();
    if (condition != null) {
      for (int i = 0; i < MEASURED; i++) {
        all &= condition.test(BINDINGS);
      }
    }
    long after = threads.getCurrentThreadAllocatedBytes();
    assertThat(all).isTrue();
    return after - before;
  }
}
