package dev.vigil.policy.parse;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.policy.model.PolicyException;
import dev.vigil.policy.model.PolicyProblem;
import java.util.List;
import java.util.stream.Collectors;

/** Shared helpers: the problems a text or path is rejected with, as "file:line:col: message". */
final class ParseAssertions {

  private ParseAssertions() {}

  static List<String> problems(String text) {
    return problems(() -> new PolicyParser().parse("p.yaml", text));
  }

  static List<String> problems(ThrowingParse parse) {
    Throwable[] thrown = new Throwable[1];
    assertThatThrownBy(parse::run)
        .isInstanceOf(PolicyException.class)
        .satisfies(e -> thrown[0] = e);
    return ((PolicyException) thrown[0]).problems().stream()
        .map(PolicyProblem::toString)
        .collect(Collectors.toList());
  }

  @FunctionalInterface
  interface ThrowingParse {
    void run() throws Exception;
  }
}
