package dev.vigil.policy.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The generated classes themselves: hidden, stateless, and safe to build and run concurrently. */
class ExpressionCompilerTest {

  private final ExpressionCompiler compiler = new ExpressionCompiler(Set.of("beta"));

  @Test
  void generatesHiddenStatelessClasses() throws ExpressionException {
    Condition c = compiler.compile("request.ip.matches('^10[.]') || flags.beta").condition();
    assertThat(c.getClass().isHidden()).isTrue();
    assertThat(c.getClass().getDeclaredFields()).isEmpty();
    assertThat(c.getClass().getPackageName()).isEqualTo("dev.vigil.policy.expr");
    Condition again = compiler.compile("request.ip.matches('^10[.]') || flags.beta").condition();
    assertThat(again.getClass()).isNotSameAs(c.getClass());
  }

  @Test
  void flagNamesAreCopied() throws ExpressionException {
    Set<String> flags = new java.util.HashSet<>(Set.of("beta"));
    ExpressionCompiler own = new ExpressionCompiler(flags);
    flags.add("gamma");
    assertThat(own.compile("flags.beta").condition()).isNotNull();
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> own.compile("flags.gamma")))
        .isInstanceOf(ExpressionException.class);
  }

  @Test
  void compilesAndEvaluatesConcurrently() throws Exception {
    Condition shared = compiler.compile(
        "request.path.matches('^/api/[0-9]+$') && cidr('10.0.0.0/8').containsIP(request.ip)")
        .condition();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int id = t;
        results.add(pool.submit(() -> {
          TestBindings inside = new TestBindings().request("path", "/api/" + id)
              .request("ip", "10.0.0." + id);
          TestBindings outside = new TestBindings().request("path", "/api/x" + id)
              .request("ip", "10.0.0." + id);
          for (int i = 0; i < 2_000; i++) {
            CompiledCondition own = i % 200 == 0
                ? compiler.compile("request.path.size() > " + (1000 + i) + " || flags.beta") : null;
            if (!shared.test(inside) || shared.test(outside)
                || (own != null && own.condition().test(inside))) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> f : results) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
