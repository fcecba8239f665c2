package dev.vigil.policy.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The places where Vigil deliberately differs from cel-java, each pinned with both engines'
 * outcome so a change on either side is noticed. docs/expressions.md explains each one.
 */
class KnownDivergencesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
      # CEL spec: a non-bool operand is a no-matching-overload error, which || absorbs;
      # cel-java raises it instead.
      request.mfa || true                       ; true          ; error
      request.mfa && false                      ; false         ; error
      # Vigil lets int and double meet in == and in; CEL rejects them when both types are static.
      1 == 1.0                                  ; true          ; compile error
      1 in [1.0, 2.0]                           ; true          ; compile error
      'a' == null                               ; false         ; compile error
      # cel-java's parser drops pairs of unary operators, so --x is x even when x is no number.
      --request.mfa == request.mfa              ; error         ; true
      # Vigil compares int with double exactly; cel-java converts the int to double first.
      dyn(9223372036854775807) == 9223372036854775807.0 ; false    ; true
      9007199254740993 > 9007199254740992.0     ; true          ; false
      # Timestamps are nanosecond longs, so literals are limited to years 1677..2262.
      timestamp('3000-01-01T00:00:00Z') > now   ; compile error ; true
      # Vigil knows subject.roles is a list(string) and rejects this statically.
      subject.roles > 1                         ; compile error ; error
      # Not supported: map literals and comprehension macros.
      {'a': 1}.a == 1                           ; compile error ; true
      subject.roles.exists(r, r == 'admin')     ; compile error ; true
      """)
  void divergesAsDocumented(String expression, String vigil, String cel) {
    TestBindings wrongTypes = CelOracleTest.bindingSets().get(3);
    List<TestBindings> sets = List.of(wrongTypes);
    assertThat(List.of(CelOracleTest.vigilOutcomes(expression, sets).get(0),
        CelOracleTest.celOutcomes(expression, sets).get(0)))
        .containsExactly(vigil, cel);
  }
}
