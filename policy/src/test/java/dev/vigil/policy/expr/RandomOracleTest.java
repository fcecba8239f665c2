package dev.vigil.policy.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Differential testing against cel-java: random expressions from a small grammar over the same
 * variables as {@link CelOracleTest}, with a fixed seed. Where both engines compile an expression,
 * both must agree on every binding set. The grammar avoids the documented divergences (a non-bool
 * dyn operand of {@code &&}/{@code ||}; {@code --x}, which cel-java's parser folds to {@code x};
 * int/double comparisons beyond 2^53, which cel-java makes in double precision)
 * and a cel-java 0.14 bug: an index expression such as {@code m['k']} combined with another dyn
 * value in an operator ({@code m['k'] < subject.id}) fails with "no matching overload".
 */
class RandomOracleTest {

  private static final int EXPRESSIONS = 1_000;

  private final Random random = new Random(20260101);

  @Test
  void randomExpressionsAgreeWithCel() {
    List<TestBindings> sets = CelOracleTest.bindingSets();
    List<String> disagreements = new ArrayList<>();
    int compared = 0;
    for (int i = 0; i < EXPRESSIONS; i++) {
      String expression = bool(3);
      List<String> vigil = CelOracleTest.vigilOutcomes(expression, sets);
      List<String> cel = CelOracleTest.celOutcomes(expression, sets);
      if (vigil.contains("compile error") || cel.contains("compile error")) {
        continue;
      }
      compared++;
      if (!vigil.equals(cel)) {
        disagreements.add(expression + "  vigil=" + vigil + " cel=" + cel);
      }
    }
    assertThat(disagreements).isEmpty();
    assertThat(compared).as("expressions both engines compiled").isGreaterThan(EXPRESSIONS / 3);
  }

  private String pick(String... options) {
    return options[random.nextInt(options.length)];
  }

  private String bool(int depth) {
    if (depth <= 0) {
      return pick("flags.beta", "flags.legacy", "true", "false", "has(request.ip)",
          "has(subject.dept)", "'admin' in subject.roles", "request.method in ['GET', 'POST']");
    }
    switch (random.nextInt(12)) {
      case 0: return bool(depth - 1) + " && " + bool(depth - 1);
      case 1: return bool(depth - 1) + " || " + bool(depth - 1);
      case 2: return "!(" + bool(depth - 1) + ")";
      case 3: return "(" + bool(depth - 1) + " ? " + bool(depth - 1) + " : " + bool(depth - 1) + ")";
      case 4: case 5: return num(depth - 1) + pick(" < ", " <= ", " > ", " >= ", " == ", " != ")
          + num(depth - 1);
      case 6: return str(depth - 1) + pick(" < ", " == ", " != ", " >= ") + str(depth - 1);
      case 7: return str(depth - 1) + pick(".startsWith(", ".endsWith(", ".contains(")
          + str(depth - 1) + ")";
      case 8: return ts(depth - 1) + pick(" < ", " >= ", " == ") + ts(depth - 1);
      case 9: return dur(depth - 1) + pick(" < ", " > ", " == ") + dur(depth - 1);
      case 10: return pick(num(depth - 1), str(depth - 1)) + " in " + list(depth - 1);
      default: return str(depth - 1) + ".matches('" + pick("^/api", "[0-9]+$", "a|b", "^$") + "')";
    }
  }

  private String num(int depth) {
    if (depth <= 0) {
      return pick("0", "1", "-3", "2.5", "-0.5", "100000", "9223372036854775807",
          "request.amount", "request.count", "request.score", "subject.level",
          "subject.clearance", "request.big");
    }
    switch (random.nextInt(8)) {
      case 0: return "(" + num(depth - 1) + pick(" + ", " - ", " * ", " / ", " % ")
          + num(depth - 1) + ")";
      case 1: return "-" + num(0);
      case 2: return "size(" + pick(str(depth - 1), list(depth - 1)) + ")";
      case 3:
        // double() only of small ints: int/double comparisons near 2^63 are a known divergence.
        return pick("int(" + num(depth - 1) + ")",
            "double(" + pick("request.count", "subject.level", "-1") + ")");
      case 4: return "(" + bool(depth - 1) + " ? " + num(depth - 1) + " : " + num(depth - 1) + ")";
      case 5: return ts(depth - 1) + pick(".getHours()", ".getDayOfWeek()", ".getMonth()");
      default: return num(0);
    }
  }

  private String str(int depth) {
    if (depth <= 0) {
      return pick("'a'", "''", "'/api/'", "'admin'", "request.path", "request.method",
          "subject.id", "subject.dept", "action", "request.ip");
    }
    switch (random.nextInt(5)) {
      case 0: return "(" + str(depth - 1) + " + " + str(depth - 1) + ")";
      case 1: return "string(" + num(depth - 1) + ")";
      default: return str(0);
    }
  }

  private String ts(int depth) {
    if (depth <= 0) {
      return pick("now", "request.loginTime", "timestamp('2026-01-01T11:55:00Z')");
    }
    switch (random.nextInt(3)) {
      case 0: return "(" + ts(depth - 1) + pick(" + ", " - ") + dur(depth - 1) + ")";
      default: return ts(0);
    }
  }

  private String dur(int depth) {
    if (depth <= 0) {
      return pick("duration('15m')", "duration('1h30m')", "duration('-2s')");
    }
    switch (random.nextInt(3)) {
      case 0: return "(" + ts(depth - 1) + " - " + ts(depth - 1) + ")";
      case 1: return "(" + dur(depth - 1) + pick(" + ", " - ") + dur(depth - 1) + ")";
      default: return dur(0);
    }
  }

  private String list(int depth) {
    if (depth <= 0) {
      return pick("subject.roles", "request.tags", "['a', 'admin']", "[1, 2.5, 3]", "[]");
    }
    return "[" + pick(num(depth - 1), str(depth - 1)) + ", " + pick(num(depth - 1), str(depth - 1))
        + "]";
  }
}
