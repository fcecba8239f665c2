package dev.vigil.policy.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of compile error, with the exact line and column of the offending token. */
class CompileErrorTest {

  private final ExpressionCompiler compiler = new ExpressionCompiler(Set.of("beta"));

  private ExpressionException error(String source) {
    try {
      compiler.compile(source);
    } catch (ExpressionException e) {
      return e;
    }
    throw new AssertionError("expected a compile error for: " + source);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
      # names
      foo == 1                                ; 1 ; 1  ; undeclared reference to 'foo'
      request                                 ; 1 ; 1  ; 'request' is not a value (select a field such as request.ip)
      size(subject) > 1                       ; 1 ; 6  ; 'subject' is not a value (select a field such as subject.id)
      flags.gamma                             ; 1 ; 7  ; unknown flag 'gamma'
      flags['gamma']                          ; 1 ; 7  ; unknown flag 'gamma'
      has(flags.gamma)                        ; 1 ; 11 ; unknown flag 'gamma'
      # functions and methods
      bar(1)                                  ; 1 ; 1  ; unknown function 'bar'
      subject.id.reverse() == 'x'             ; 1 ; 12 ; unknown method 'reverse'
      startsWith('a', 'b')                    ; 1 ; 1  ; 'startsWith' is a method (call it as x.startsWith(...))
      size(1, 2) > 0                          ; 1 ; 1  ; wrong number of arguments to function 'size': expected 1, got 2
      'a'.startsWith()                        ; 1 ; 5  ; wrong number of arguments to method 'startsWith': expected 1, got 0
      now.getHours(1, 2) > 0                  ; 1 ; 5  ; wrong number of arguments to method 'getHours': expected 0 or 1, got 2
      has(request)                            ; 1 ; 5  ; has() needs a field selection, for example has(request.ip)
      has(action.x)                           ; 1 ; 12 ; has() cannot test a field of a value of type 'string'
      # statically wrong operand types
      subject.roles > 1                       ; 1 ; 15 ; no matching overload for '>' applied to (list(string), int)
      size(true) > 0                          ; 1 ; 1  ; no matching overload for 'size' applied to (bool)
      "'a' - 1 == 0"                          ; 1 ; 5  ; no matching overload for '-' applied to (string, int)
      !3                                      ; 1 ; 1  ; no matching overload for '!' applied to (int)
      -'a' == 'b'                             ; 1 ; 1  ; no matching overload for '-' applied to (string)
      1 + 1.0 == 2.0                          ; 1 ; 3  ; no matching overload for '+' applied to (int, double)
      action == 1                             ; 1 ; 8  ; no matching overload for '==' applied to (string, int)
      request.ip in 'abc'                     ; 1 ; 12 ; no matching overload for 'in' applied to (dyn, string)
      'a' in [1, 2]                           ; 1 ; 5  ; no matching overload for 'in' applied to (string, list(int))
      subject.id.startsWith(1)                ; 1 ; 12 ; no matching overload for 'startsWith' on string applied to (int)
      subject.id.getHours() == 1              ; 1 ; 12 ; no matching overload for 'getHours' on string
      duration('1h').getFullYear() == 1       ; 1 ; 16 ; no matching overload for 'getFullYear' on duration
      action.x == 1                           ; 1 ; 8  ; type 'string' has no field 'x'
      subject.roles['a'] == 'b'               ; 1 ; 14 ; no matching overload for '[]' applied to (list(string), string)
      1 && true                               ; 1 ; 1  ; operands of '&&' must be bool, but this is int
      1 ? true : false                        ; 1 ; 3  ; the condition of '?:' must be bool, but it is int
      flags.beta ? 1 : 'a'                    ; 1 ; 12 ; the branches of '?:' have different types: int and string
      containsIP('1.2.3.4')                   ; 1 ; 1  ; 'containsIP' is a method (call it as x.containsIP(...))
      subject.id.containsIP('1.2.3.4')        ; 1 ; 12 ; containsIP() needs a cidr('...') receiver, not string
      cidr('10.0.0.0/8') == cidr('10.0.0.0/8'); 1 ; 20 ; no matching overload for '==' applied to (cidr, cidr)
      [cidr('10.0.0.0/8')] == []              ; 1 ; 2  ; a cidr value can only be the receiver of containsIP()
      # the result must be a bool
      1 + 2                                   ; 1 ; 3  ; a condition must be a bool, but this is int
      subject.id                              ; 1 ; 9  ; a condition must be a bool, but this is string
      subject.roles                           ; 1 ; 9  ; a condition must be a bool, but this is list(string)
      # literals that must be constants, or are invalid
      timestamp('nope') > now                 ; 1 ; 11 ; invalid timestamp 'nope': expected RFC 3339, for example 2026-01-01T00:00:00Z
      duration('1d') > duration('1h')         ; 1 ; 10 ; invalid duration '1d': unknown unit 'd' (use h, m, s, ms, us or ns)
      duration('5') > duration('1h')          ; 1 ; 10 ; invalid duration '5': missing unit (h, m, s, ms, us or ns)
      cidr('10.0.0.0/33').containsIP('1.2.3.4'); 1 ; 6 ; invalid CIDR '10.0.0.0/33': prefix length 33 is too long
      cidr('10.0.0/8').containsIP('1.2.3.4')  ; 1 ; 6  ; invalid CIDR '10.0.0/8': not a valid IP address
      cidr(request.net).containsIP('1.2.3.4') ; 1 ; 6  ; cidr() needs a string literal, for example cidr('10.0.0.0/8')
      request.path.matches('(')               ; 1 ; 22 ; invalid regular expression: Unclosed group
      request.path.matches('(a)\\\\1')        ; 1 ; 22 ; invalid regular expression: backreferences and octal escapes are not supported
      request.path.matches('(?=a)')           ; 1 ; 22 ; invalid regular expression: lookaround and atomic groups are not supported
      request.path.matches(request.re)        ; 1 ; 22 ; matches() needs a string literal pattern
      now.getHours('Mars/Olympus') > 1        ; 1 ; 14 ; invalid time zone 'Mars/Olympus'
      9223372036854775808 > 0                 ; 1 ; 1  ; integer literal out of range
      1u > 0                                  ; 1 ; 1  ; unsigned integers are not supported
      b'abc' == b'abc'                        ; 1 ; 1  ; bytes literals are not supported
      'unterminated                           ; 1 ; 1  ; unterminated string
      'bad \\q escape' == ''                  ; 1 ; 6  ; invalid escape sequence '\\q'
      # syntax
      1 +                                     ; 1 ; 4  ; unexpected end of expression
      (1 == 1                                 ; 1 ; 8  ; expected ')' but found end of expression
      1 == 1)                                 ; 1 ; 7  ; unexpected ')' after the end of the expression
      request.amount = 1                      ; 1 ; 16 ; unexpected '=' (use '==' to compare)
      flags.beta & true                       ; 1 ; 12 ; unexpected '&' (use '&&')
      flags.beta | true                       ; 1 ; 12 ; unexpected '|' (use '||')
      if                                      ; 1 ; 1  ; 'if' is a reserved word
      {'a': 1}.a == 1                         ; 1 ; 1  ; map literals are not supported
      .request.x == 1                         ; 1 ; 1  ; names starting with '.' are not supported
      request.                                ; 1 ; 9  ; expected a field or method name after '.' but found end of expression
      action == #                             ; 1 ; 11 ; unexpected character '#'
      """)
  void reportsPosition(String source, int line, int column, String reason) {
    ExpressionException e = error(source);
    assertThat(e.reason()).isEqualTo(reason);
    assertThat(e.line()).as("line").isEqualTo(line);
    assertThat(e.column()).as("column").isEqualTo(column);
    assertThat(e.getMessage()).isEqualTo(line + ":" + column + ": " + reason);
  }

  @Test
  void positionsInMultiLineExpressions() {
    String source = "request.amount > 10000 &&\n"
        + "  // approvals need a second factor\n"
        + "  request.mfa == true &&\n"
        + "  flags.nope";
    ExpressionException e = error(source);
    assertThat(e.getMessage()).isEqualTo("4:9: unknown flag 'nope'");

    e = error("true &&\r\n  subject.level >\r\n    [1]");
    assertThat(e.getMessage())
        .isEqualTo("2:17: no matching overload for '>' applied to (dyn, list(int))");

    e = error("'''multi\nline''' == 'x' &&\n\tnowhere");
    assertThat(e.getMessage()).isEqualTo("3:2: undeclared reference to 'nowhere'");
  }

  @Test
  void nullSourceIsAProgrammingError() {
    assertThatThrownBy(() -> compiler.compile(null)).isInstanceOf(NullPointerException.class);
  }
}
