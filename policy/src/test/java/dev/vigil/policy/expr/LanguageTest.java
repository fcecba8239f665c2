package dev.vigil.policy.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Features the CEL oracle cannot check (Vigil extensions, Java value types from bindings, dyn
 * values mixed with static types). Every expression here must evaluate to true.
 */
class LanguageTest {

  private static final ExpressionCompiler COMPILER = new ExpressionCompiler(Set.of("beta"));

  private static final TestBindings BINDINGS = new TestBindings()
      .id("alice").roles("admin", "finance").groups("eng")
      .subject("dept", "finance").subject("tier", 3)
      .request("i", 5).request("s", (short) 5).request("b", (byte) 5)
      .request("big", BigInteger.valueOf(5)).request("f", 1.5f).request("dec", new BigDecimal("2.5"))
      .request("ints", List.of(1, 2, 3)).request("ip", "10.1.2.3").request("ip6", "2001:db8::7")
      .request("name", "MiXeD Case").request("key", "dept").request("hdr", "x-env")
      .request("headers", Map.of("x-env", "prod")).request("nested", Map.of("a", Map.of("b", 1L)))
      .request("start", Instant.parse("2026-01-01T09:00:00Z"))
      .request("end", Instant.parse("2026-01-01T11:30:00Z"))
      .request("stamp", "2025-12-31T23:00:00Z").request("ttl", "90s").request("epoch", 1767225600L)
      .request("tz", "Asia/Tokyo").request("nothing", Map.of())
      .resource(Map.of("owner", "alice", "tags", List.of("x", "y")))
      .flag("beta", true).now("2026-01-01T12:00:00Z");

  @ParameterizedTest
  @ValueSource(strings = {
      // Java number types from bindings
      "request.i == 5 && request.s == 5 && request.b == 5 && request.big == 5",
      "request.i > 4.5 && request.i + 1 == 6 && request.i * request.i == 25",
      "request.f == 1.5 && request.f > 1 && request.dec == 2.5 && request.dec < 3",
      "5 in request.ints == false && 3 in request.ints && 2.0 in request.ints",
      "subject.tier == 3 && subject.tier in [1, 2, 3]",
      "int(request.f) == 1 && double(request.i) == 5.0 && string(request.i) == '5'",
      // Vigil's extensions: CIDR and ASCII case
      "cidr('10.0.0.0/8').containsIP(request.ip) && !cidr('192.168.0.0/16').containsIP(request.ip)",
      "cidr('2001:db8::/32').containsIP(request.ip6) && !cidr('10.0.0.0/8').containsIP(request.ip6)",
      "request.name.lowerAscii() == 'mixed case' && request.name.upperAscii() == 'MIXED CASE'",
      "'\u00c4B'.lowerAscii() == '\u00c4b'",
      // dynamic keys and nested values
      "subject[request.key] == 'finance' && subject['roles'] == ['admin', 'finance']",
      "subject['id'] == 'alice' && request['i'] == 5 && !has(request.nope)",
      "request.headers[request.hdr] == 'prod' && request.nested.a.b == 1",
      "has(request.nested.a) && !has(request.nothing.a) && has(request.nested.a.b)",
      "resource.owner == subject.id && 'y' in resource.tags && size(resource.tags) == 2",
      "has(subject.roles) && has(subject.groups) && has(flags.beta) && has(subject.dept)",
      // time with dyn values: all of these stay primitive or convert explicitly
      "request.end - request.start == duration('2h30m')",
      "request.end - request.start > duration('1h') && request.start < request.end",
      "now - request.start > duration('2h') && request.start + duration('3h') == now",
      "timestamp(request.stamp) < now && duration(request.ttl) == duration('1m30s')",
      "timestamp(request.epoch) == timestamp('2026-01-01T00:00:00Z')",
      "now.getHours(request.tz) == 21 && request.start.getHours('-01:00') == 8",
      "string(now) == '2026-01-01T12:00:00Z' && string(request.end - request.start) == '9000s'",
      "[duration('1h'), 2][0] == duration('60m') && (flags.beta ? duration('1s') : dyn(2)) == duration('1s')",
      "dyn(duration('1h')) + now > now && now - dyn(duration('1h')) < now",
      // lists and ternaries with mixed types
      "[1, 'a', 2.5, true, null][4] == null && size([1, 'a'] + [request.i]) == 3",
      "[[1, 2], [3]][0][1] == 2 && [now][0] == now && [1.5][0] == 1.5",
      "(request.i > 1 ? 'many' : request.name) == 'many'",
      "(flags.beta ? subject.roles : ['x']) == ['admin', 'finance']",
      "subject.groups + subject.roles == ['eng', 'admin', 'finance']",
      "[request.i, request.f] == [5, 1.5] && [request.i] != [6]",
      "-(-request.i) == 5 && -request.f == -1.5",
      "request.i - 1 == 4 && request.i % 3 == 2 && request.f * 2.0 == 3.0 && request.f / 2.0 == 0.75",
      // comments and multi-line sources
      "flags.beta // feature gate\n && action == 'invoice:approve' // and the action",
      "r'\\d+' == '\\\\d+' && '''it's''' == \"it's\" && '\\x41\\101\\u0041\\U00000041' == 'AAAA'",
      "0x10 == 16 && -9223372036854775807 - 1 == -9223372036854775808 && 1e3 == 1000.0",
  })
  void isTrue(String source) throws ExpressionException {
    assertThat(COMPILER.compile(source).condition().test(BINDINGS)).as(source).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "request.big == 6",
      "request.f == 1",
      "cidr('10.0.0.0/8').containsIP('11.0.0.1')",
      "subject.tier == '3'",
      "request.i == null",
  })
  void isFalse(String source) throws ExpressionException {
    assertThat(COMPILER.compile(source).condition().test(BINDINGS)).as(source).isFalse();
  }
}
