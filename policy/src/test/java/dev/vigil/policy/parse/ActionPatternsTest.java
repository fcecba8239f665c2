package dev.vigil.policy.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ActionPatternsTest {

  @ParameterizedTest
  @ValueSource(strings = {"*", "invoice", "invoice:read", "invoice:*", "a.b-c_d:E9:*", "x:y:z"})
  void wellFormedPatterns(String pattern) {
    assertThat(ActionPatterns.whyInvalid(pattern)).isNull();
    assertThat(ActionPatterns.isValid(pattern)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ":", "invoice:", ":read", "a::b", "**", "invoice*", "*:read",
      "a:*:b", "in voice", "invoice/read", "caf\u00e9", "tab\there", "*:*"})
  void malformedPatterns(String pattern) {
    assertThat(ActionPatterns.whyInvalid(pattern)).isNotBlank();
    assertThat(ActionPatterns.isValid(pattern)).isFalse();
  }
}
