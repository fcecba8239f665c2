package dev.vigil.policy.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code matches()}: RE2 meaning on java.util.regex, Java-only syntax rejected, bounded work. */
class RegexTest {

  @ParameterizedTest(name = "/{0}/ on \"{1}\": {2}")
  @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
      b                 ; abc        ; true
      ^b                ; abc        ; false
      abc$              ; abc        ; true
      (?i)ABC           ; xabcx      ; true
      (?P<word>[a-z]+)! ; hi!        ; true
      (?<word>[a-z]+)!  ; hi!        ; true
      [[:digit:]]+$     ; a123       ; true
      ^[[:^alpha:]]+$   ; 123        ; true
      ^[[:alpha:]]+$    ; ab1        ; false
      a{                ; xa{        ; true
      {x}               ; {x}        ; true
      a{2,3}            ; caab       ; true
      a{2,}b            ; ab         ; false
      [a[b]             ; [          ; true
      [a&&b]            ; &          ; true
      []a]              ; ]          ; true
      \\Qa.b\\E         ; a.b        ; true
      \\Qa.b\\E         ; axb        ; false
      \\d+\\s\\w        ; 12 x       ; true
      \\x41             ; A          ; true
      """)
  void matchesLikeRe2(String pattern, String input, boolean expected) {
    assertThat(Regex.compile(pattern).find(input)).isEqualTo(expected);
  }

  @Test
  void dollarIsEndOfTextUnlessMultiline() {
    assertThat(Regex.compile("abc$").find("abc\n")).isFalse();
    assertThat(Regex.compile("(?m)abc$").find("abc\nx")).isTrue();
    assertThat(Regex.compile("a.c").find("a\nc")).isFalse();
    assertThat(Regex.compile("(?s)a.c").find("a\nc")).isTrue();
    assertThat(Regex.compile("a\\vb").find("a\u000bb")).isTrue();
    // Only a real flag group turns on multi-line mode; turning it off or escaping does not.
    assertThat(Regex.compile("a\\(?m$").find("am\n")).isFalse();
    assertThat(Regex.compile("[(?m]x$").find("mx\n")).isFalse();
    assertThat(Regex.compile("(?i-m)x$").find("X\n")).isFalse();
    assertThat(Regex.compile("(?im)x$").find("X\ny")).isTrue();
  }

  @Test
  void caseInsensitiveMatchingFoldsUnicodeLikeRe2() {
    assertThat(Regex.compile("(?i)\u00e9t\u00e9").find("\u00c9T\u00c9")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"(a)\\1", "\\k<x>", "(?=a)", "(?!a)", "(?<=a)b", "(?<!a)b", "(?>a)",
      "a*+", "a++", "a?+", "a{2}+", "a\\Z", "(?x)a", "(?U)a", "(?d)a", "a{1001}", "a{1,2000}",
      "[[:nope:]]", "[[:alpha:]", "(", "[a", "\\", "\\h", "\\R", "\\G", "\\0"})
  void rejectsJavaOnlyOrInvalidSyntax(String pattern) {
    assertThatThrownBy(() -> Regex.compile(pattern)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void catastrophicBacktrackingIsStoppedByTheBudget() {
    // Exponential on a backtracking engine: every split of the a's among the 30 repetitions.
    Regex evil = Regex.compile("(.*a){30}");
    String input = "a".repeat(29);
    assertThatThrownBy(() -> evil.find(input)).isInstanceOf(EvaluationException.class)
        .hasMessageContaining("took too many steps");
    // The thread's matcher is still usable afterwards.
    assertThat(evil.find("b")).isFalse();
  }

  @Test
  void deepRecursionIsStoppedCleanly() {
    Regex recursive = Regex.compile("^(a|b)*c");
    String input = "ab".repeat(200_000);
    try {
      assertThat(recursive.find(input)).isFalse();
    } catch (EvaluationException e) {
      assertThat(e.getMessage()).contains("recursed too deeply");
    }
    assertThat(recursive.find("ababc")).isTrue();
  }
}
