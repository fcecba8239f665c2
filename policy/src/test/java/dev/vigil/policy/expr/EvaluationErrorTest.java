package dev.vigil.policy.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Run-time failures: a missing attribute or a value of the wrong type throws
 * {@link EvaluationException} with a short reason, which callers treat as fail-closed.
 */
class EvaluationErrorTest {

  private final ExpressionCompiler compiler = new ExpressionCompiler(Set.of("beta"));

  private final TestBindings bindings = new TestBindings()
      .subject("level", "high")
      .request("amount", "lots").request("path", 3.5).request("big", Long.MAX_VALUE)
      .request("ip", "10.0.0").request("when", "yesterday").request("tags", List.of("a"))
      .request("headers", Map.of("a", "b")).request("zero", 0L)
      .flag("beta", true);

  private EvaluationException failure(String source, TestBindings b) throws ExpressionException {
    Condition c = compiler.compile(source).condition();
    EvaluationException e = catchThrowableOfType(EvaluationException.class, () -> c.test(b));
    assertThat(e).as("expected %s to fail", source).isNotNull();
    return e;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
      request.missing == 1                       ; no such attribute 'request.missing'
      subject.dept == 'x'                        ; no such attribute 'subject.dept'
      request.amount > 10                        ; no matching overload for '>' applied to (string, int)
      subject.level > 1.5                        ; no matching overload for '>' applied to (string, double)
      request.path.startsWith('/')               ; expected string but got double
      request.amount + 1 == 2                    ; expected int but got string
      !request.amount                            ; expected bool but got string
      request.big + 1 > 0                        ; int overflow
      1 / request.zero == 1                      ; division by zero
      1 % request.zero == 1                      ; modulus by zero
      request.tags[1] == 'a'                     ; index 1 out of range for a list of size 1
      request.headers.x == 'b'                   ; no such key 'x'
      request.headers['x'] == 'b'                ; no such key 'x'
      request.amount.x == 1                      ; cannot select field 'x' of string
      has(request.amount.x)                      ; has() cannot test field 'x' of string
      cidr('10.0.0.0/8').containsIP(request.ip)  ; invalid IP address '10.0.0'
      request.when > now                         ; expected timestamp but got string
      timestamp(request.when) > now              ; invalid timestamp 'yesterday'
      duration(request.amount) > duration('1s')  ; invalid duration 'lots'
      int(request.amount) > 0                    ; cannot convert 'lots' to int
      size(request.path) > 0                     ; no matching overload for 'size' applied to (double)
      'a' in request.amount                      ; no matching overload for 'in' applied to (string, string)
      now.getHours(request.amount) > 0           ; invalid time zone 'lots'
      request.amount || false                    ; expected bool but got string
      """)
  void failsWithReason(String source, String reason) throws ExpressionException {
    EvaluationException e = failure(source, bindings);
    assertThat(e.reason()).isEqualTo(reason);
    assertThat(e.getMessage()).isEqualTo(reason);
  }

  @Test
  void missingSubjectIdAndActionFail() throws ExpressionException {
    TestBindings anonymous = new TestBindings().id(null).action(null);
    assertThat(failure("subject.id == 'x'", anonymous).reason())
        .isEqualTo("no such attribute 'subject.id'");
    assertThat(failure("action == 'x'", anonymous).reason()).isEqualTo("no action in bindings");
    assertThat(compiler.compile("has(subject.id)").condition().test(anonymous)).isFalse();
  }

  @Test
  void logicAbsorbsErrorsOnlyWhenAnotherOperandDecides() throws ExpressionException {
    assertThat(compiler.compile("request.missing == 1 || flags.beta").condition().test(bindings))
        .isTrue();
    assertThat(compiler.compile("flags.beta && request.missing == 1 && false").condition()
        .test(bindings)).isFalse();
    // The first error is the one reported when nothing decides.
    assertThat(failure("request.missing == 1 || request.amount > 1 || false", bindings).reason())
        .isEqualTo("no such attribute 'request.missing'");
  }

  @Test
  void valuesInReasonsAreCutAndSanitized() throws ExpressionException {
    TestBindings hostile = new TestBindings().request("ip", "1.2.3.4\n" + "x".repeat(500));
    assertThat(failure("cidr('10.0.0.0/8').containsIP(request.ip)", hostile).reason())
        .isEqualTo("invalid IP address '1.2.3.4?" + "x".repeat(56) + "...'");
  }

  @Test
  void exceptionsCarryNoStackTrace() throws ExpressionException {
    EvaluationException e = failure("request.missing == 1", bindings);
    assertThat(e.getStackTrace()).isEmpty();
  }

  @Test
  void nullSubjectListsAreEmpty() throws ExpressionException {
    TestBindings b = new TestBindings();
    b.roles = null;
    b.groups = null;
    assertThat(compiler.compile("size(subject.roles) == 0 && !('x' in subject.groups)")
        .condition().test(b)).isTrue();
  }
}
