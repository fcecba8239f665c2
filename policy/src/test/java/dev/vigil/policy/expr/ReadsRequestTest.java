package dev.vigil.policy.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link CompiledCondition#readsRequest()}: false only when the value depends on nothing but the
 * subject, flags, action and constants, so callers may cache it per subject and action.
 */
class ReadsRequestTest {

  private final ExpressionCompiler compiler = new ExpressionCompiler(Set.of("beta"));

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
      true                                                   ; false
      'admin' in subject.roles                               ; false
      subject.dept == 'finance' && has(subject.level)        ; false
      subject['id'] == 'alice' && size(subject.groups) > 0   ; false
      flags.beta && action.startsWith('invoice:')            ; false
      timestamp('2026-01-01T00:00:00Z') < timestamp('2027-01-01T00:00:00Z') ; false
      cidr('10.0.0.0/8').containsIP(subject.homeIp)          ; false
      request.amount > 1                                     ; true
      has(request.ip)                                        ; true
      request['ip'] == '1.2.3.4'                             ; true
      resource == null                                       ; true
      has(resource.owner)                                    ; true
      now.getHours() > 9                                     ; true
      flags.beta || now > timestamp('2026-01-01T00:00:00Z')  ; true
      subject.level > 1 ? true : request.x == 1              ; true
      subject[request.key] == 'x'                            ; true
      """)
  void reportsWhetherTheConditionReadsPerCallData(String source, boolean readsRequest)
      throws ExpressionException {
    CompiledCondition compiled = compiler.compile(source);
    assertThat(compiled.readsRequest()).isEqualTo(readsRequest);
    assertThat(compiled.source()).isEqualTo(source);
    assertThat(compiled.condition().toString()).isEqualTo(source);
  }
}
