package dev.vigil.policy.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Input a policy author (or an attacker who can publish policies) might use to crash the compiler:
 * it must always answer with an {@link ExpressionException}, never a stack overflow or another
 * exception, and what it accepts must evaluate to a bool or an {@link EvaluationException}.
 */
class HostileInputTest {

  private final ExpressionCompiler compiler = new ExpressionCompiler(Set.of("beta"));

  private ExpressionException rejection(String source) {
    Throwable t = catchThrowable(() -> compiler.compile(source));
    assertThat(t).isInstanceOf(ExpressionException.class);
    return (ExpressionException) t;
  }

  @Test
  void rejectsSourcesOverTheLengthLimit() {
    String tooLong = "true" + " ".repeat(4093);
    assertThat(rejection(tooLong).getMessage())
        .isEqualTo("1:4097: expression is longer than 4096 characters");
    String justFits = "true" + " ".repeat(4092);
    assertThat(catchThrowable(() -> compiler.compile(justFits))).isNull();
    assertThat(rejection("x".repeat(1_000_000)).reason())
        .isEqualTo("expression is longer than 4096 characters");
  }

  static List<String> tooDeep() {
    return List.of(
        "(".repeat(100) + "true" + ")".repeat(100),
        "(".repeat(3000),
        "!".repeat(3000) + "true",
        "-".repeat(3000) + "1 == 1",
        "1" + " + 1".repeat(800) + " > 0",
        "[".repeat(2000) + "]".repeat(2000) + " == []",
        "size(".repeat(400) + "'a'" + ")".repeat(400) + " > 0",
        "request" + ".a".repeat(1500) + " == 1",
        "request.a" + "[0]".repeat(1000) + " == 1",
        "false ? true : ".repeat(200) + "true",
        "'a'" + ".lowerAscii()".repeat(300) + " == 'a'");
  }

  @ParameterizedTest
  @MethodSource("tooDeep")
  void rejectsDeepNestingWithoutOverflowingTheStack(String source) {
    assertThat(rejection(source).reason())
        .isEqualTo("expression is nested too deeply (more than 64 levels)");
  }

  @Test
  void acceptsNestingUpToTheLimitAndLongFlatChains() throws ExpressionException {
    TestBindings b = new TestBindings().flag("beta", true).request("a", 1L);
    String parens = "(".repeat(60) + "true" + ")".repeat(60);
    assertThat(compiler.compile(parens).condition().test(b)).isTrue();
    // && and || chains stay flat, so a long list of alternatives is fine.
    String alternatives = "request.a == 0" + " || request.a == 0".repeat(200) + " || flags.beta";
    assertThat(alternatives.length()).isLessThan(4096);
    assertThat(compiler.compile(alternatives).condition().test(b)).isTrue();
    String checks = "flags.beta" + " && request.a != 2".repeat(220);
    assertThat(compiler.compile(checks).condition().test(b)).isTrue();
  }

  @Test
  void largestExpressionsStillFitInOneClass() throws ExpressionException {
    TestBindings b = new TestBindings().request("a", 1L);
    StringBuilder sb = new StringBuilder("[");
    while (sb.length() < 4000) {
      sb.append("request.a,");
    }
    sb.append("1][0] == 1");
    assertThat(compiler.compile(sb.toString()).condition().test(b)).isTrue();
  }

  /**
   * Random token soup: whatever compiles must evaluate to a bool or fail with an
   * EvaluationException; whatever does not compile must fail with an ExpressionException.
   */
  @Test
  void randomTokenSoupNeverBreaksTheCompiler() {
    String[] tokens = {"request.a", "request.s", "subject.roles", "subject.id", "flags.beta", "now",
        "action", "resource", "1", "2.5", "'x'", "true", "null", "[", "]", "(", ")", ",", ".",
        "size", "has", "int", "string", "timestamp('2026-01-01T00:00:00Z')", "duration('1h')",
        "cidr('10.0.0.0/8')", ".containsIP", ".startsWith", ".matches('a+')", ".getHours()",
        "+", "-", "*", "/", "%", "!", "<", "<=", "==", "!=", "in", "&&", "||", "?", ":", "[0]",
        "\"", "'", "\\", "#", "{", "}", "0x", "9223372036854775808", "//"};
    TestBindings b = new TestBindings().request("a", 3L).request("s", "10.1.2.3")
        .flag("beta", true);
    Random random = new Random(1234);
    int compiled = 0;
    for (int i = 0; i < 4_000; i++) {
      StringBuilder sb = new StringBuilder();
      int n = 1 + random.nextInt(12);
      for (int j = 0; j < n; j++) {
        sb.append(tokens[random.nextInt(tokens.length)]).append(random.nextBoolean() ? " " : "");
      }
      String source = sb.toString();
      Condition condition;
      try {
        condition = compiler.compile(source).condition();
      } catch (ExpressionException e) {
        assertThat(e.line()).isPositive();
        assertThat(e.column()).isPositive();
        continue;
      } catch (RuntimeException | Error e) {
        throw new AssertionError("compiler failed on: " + source, e);
      }
      compiled++;
      try {
        condition.test(b);
      } catch (EvaluationException expected) {
        // fine: fail closed
      } catch (RuntimeException | Error e) {
        throw new AssertionError("condition failed on: " + source, e);
      }
    }
    assertThat(compiled).as("some random expressions compile").isGreaterThan(20);
  }
}
