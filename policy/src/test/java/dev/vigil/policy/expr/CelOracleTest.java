package dev.vigil.policy.expr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.Program;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks Vigil's semantics against cel-java, the reference implementation, used as an oracle: every
 * expression of the corpus is compiled and evaluated by both over several binding sets (a rich
 * one, a second subject, one where everything is missing, one where every attribute has the wrong
 * type), and the outcomes (true, false or error) must agree. Known, documented divergences are
 * pinned in {@link KnownDivergencesTest} instead.
 */
class CelOracleTest {

  private static final Set<String> FLAGS = Set.of("beta", "legacy");

  private static final Cel CEL = CelFactory.standardCelBuilder()
      .setOptions(CelOptions.current().enableHeterogeneousNumericComparisons(true).build())
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("subject", MapType.create(SimpleType.STRING, SimpleType.DYN))
      .addVar("request", MapType.create(SimpleType.STRING, SimpleType.DYN))
      .addVar("resource", SimpleType.DYN)
      .addVar("action", SimpleType.STRING)
      .addVar("flags", MapType.create(SimpleType.STRING, SimpleType.BOOL))
      .addVar("now", SimpleType.TIMESTAMP)
      .build();

  private static final ExpressionCompiler VIGIL = new ExpressionCompiler(FLAGS);

  static Stream<String> corpus() {
    return Stream.of(
        // comparison, including int/double mixes
        "request.amount > 10000",
        "request.amount >= 500.5",
        "request.amount < 1e5",
        "request.count == 3",
        "request.count == 3.0",
        "request.count != 0",
        "subject.level > 5 && subject.level <= 7",
        "subject.clearance > 2",
        "request.score >= 0.5",
        "1 < 1.5 && 2.0 > 1 && 3 >= 3.0 && -1 <= -1.0",
        "subject.id == 'alice'",
        "subject.id < 'b'",
        "action == 'invoice:approve'",
        "action != 'invoice:read'",
        "request.method == 'POST' || request.method == 'PUT'",
        "request.count == request.amount",
        "dyn(1) == 1.0",
        // arithmetic
        "request.big + 1 > 0",
        "request.count * 2 + 1 == 7",
        "request.count / 2 == 1 && request.count % 2 == 1",
        "-request.count < 0",
        "request.amount - 500 > 0",
        "request.score * 2.0 > 1.0",
        "7 / 0 == 1",
        "(-9223372036854775807 - 1) % -1 == 0 && (-9223372036854775807 - 1) / -1 == 0",
        "-9223372036854775808 < 0",
        // logic and error absorption
        "request.mfa && flags.beta",
        "request.missing && false",
        "false && request.missing",
        "request.missing || true",
        "true || request.missing",
        "request.missing || false",
        "request.missing && true",
        "request.missing == 1 || request.amount > 0",
        "!request.mfa",
        "flags.beta || flags.legacy",
        "!(flags.beta && flags.legacy)",
        "request.amount > 10000 && !('cfo' in subject.roles)",
        "(request.count > 1 || request.missing == 1) && subject.level > 1",
        // in
        "'admin' in subject.roles",
        "'eng' in subject.groups",
        "request.method in ['GET', 'HEAD']",
        "action in ['invoice:approve', 'invoice:read']",
        "'x-env' in request.headers",
        "'a' in request.tags",
        "request.count in [1, 2, 3]",
        "request.count in [3.0]",
        "subject.dept in ['finance', 'sales']",
        // strings and size
        "request.path.startsWith('/api/')",
        "request.path.endsWith('/17')",
        "request.path.contains('invoices')",
        "request.path.matches('^/api/[a-z]+/[0-9]+$')",
        "matches(request.path, 'admin')",
        "request.path.matches('(?i)^/API')",
        "request.path.matches('[0-9]{2}$') && !'abc\\n'.matches('abc$')",
        "request.path.matches('^/(api|admin)(/[a-z]+)?')",
        "size(request.path) > 5",
        "request.path.size() == 16",
        "size(subject.roles) >= 1",
        "size(request.tags) == 2",
        "size(request.headers) == 1",
        "'h\\u00e9llo'.size() == 5",
        "subject.id + '@corp' == 'alice@corp'",
        "string(request.count) == '3'",
        "int(request.score * 100.0) == 75",
        "double(request.count) > 2.5",
        "int('42') + subject.level == 49",
        "int(request.path) > 0",
        // timestamps and durations
        "now - request.loginTime < duration('15m')",
        "request.loginTime > now - duration('1h')",
        "request.loginTime + duration('1h30m') > now",
        "now - duration('24h') < request.loginTime",
        "now > timestamp('2026-01-01T00:00:00Z')",
        "now < timestamp('2026-06-01T00:00:00Z')",
        "now.getHours() >= 9 && now.getHours() < 17",
        "now.getDayOfWeek() == 4",
        "now.getDayOfWeek() == 0 || now.getDayOfWeek() == 6",
        "now.getFullYear() == 2026 && now.getMonth() == 0",
        "now.getDate() == 1 && now.getDayOfMonth() == 0",
        "now.getDayOfYear() > 100",
        "now.getMinutes() == 30 && now.getSeconds() == 0 && now.getMilliseconds() == 0",
        "now.getHours('America/New_York') == 7",
        "now.getDayOfWeek('Asia/Tokyo') == 4",
        "now.getHours('+05:30') == 17",
        "duration('1h30m') == duration('90m')",
        "duration('1.5h').getMinutes() == 90 && duration('3h').getHours() == 3",
        "duration('1500ms').getMilliseconds() == 500 && duration('1500ms').getSeconds() == 1",
        "timestamp('2026-01-01T10:00:00+02:00').getHours() == 8",
        "string(timestamp('2026-01-01T00:00:00.5Z')) == '2026-01-01T00:00:00.500Z'",
        "string(duration('1.5s')) == '1.500s' && string(duration('-2h')) == '-7200s'",
        "int(now) > 1767225600",
        "timestamp('2026-01-01T00:00:00Z') + duration('1h') < now",
        "request.loginTime.getHours() == 11",
        // ternary
        "request.amount > 1000 ? subject.level > 5 : true",
        "(flags.beta ? 'a' : 'b') == 'a'",
        "(request.count > 1 ? request.amount : 0) != 0",
        // has() and nested values
        "has(request.ip)",
        "has(subject.dept) && subject.dept == 'finance'",
        "!has(request.ip) || request.ip.startsWith('10.')",
        "has(request.headers.x)",
        "has(resource.owner) && resource.owner == subject.id",
        "resource.owner == subject.id",
        "request.headers['x-env'] == 'prod'",
        "request.tags[0] == 'a'",
        "request.tags[5] == 'a'",
        "resource == null",
        // lists
        "[1, 2, 3] == [1, 2, 3]",
        "size([1, 2] + [3]) == 3",
        "request.tags == ['a', 'b']",
        "[request.count, 'x'][1] == 'x'",
        // errors
        "request.missing == 1",
        "subject.level + 1 > 2",
        "request.amount > 'x'");
  }

  /** The binding sets every expression runs against. */
  static List<TestBindings> bindingSets() {
    TestBindings rich = new TestBindings().id("alice").roles("admin", "finance").groups("eng")
        .subject("dept", "finance").subject("level", 7L).subject("clearance", 2.5)
        .request("amount", 15000L).request("ip", "10.1.2.3").request("path", "/api/invoices/17")
        .request("score", 0.75).request("tags", List.of("a", "b"))
        .request("headers", Map.of("x-env", "prod")).request("count", 3L).request("mfa", true)
        .request("method", "POST").request("big", Long.MAX_VALUE)
        .resource(Map.of("owner", "alice", "kind", "invoice")).action("invoice:approve")
        .flag("beta", true).flag("legacy", false).now("2026-01-01T12:00:00Z");
    rich.request("loginTime", rich.nowInstant().minus(Duration.ofMinutes(10)));

    TestBindings other = new TestBindings().id("bob").roles("viewer")
        .subject("dept", "sales").subject("level", 2L).subject("clearance", 1.0)
        .request("amount", 500.5).request("ip", "192.168.0.1").request("path", "/admin")
        .request("score", 0.25).request("tags", List.of()).request("headers", Map.of())
        .request("count", 0L).request("mfa", false).request("method", "GET").request("big", 1L)
        .resource(Map.of("owner", "carol")).action("invoice:read")
        .flag("beta", false).flag("legacy", true).now("2026-07-04T23:30:00Z");
    other.request("loginTime", other.nowInstant().minus(Duration.ofHours(2)));

    // Whole seconds: cel-java 0.14 fails to subtract durations whose result is negative and has
    // a fractional second ('subtract_duration_duration' failed), a bug Vigil does not share.
    TestBindings empty = new TestBindings().id("svc").action("invoice:read")
        .flag("beta", false).flag("legacy", false).now("2026-03-15T08:15:30Z");

    TestBindings wrong = new TestBindings().id("mallory").roles("admin")
        .subject("dept", 42L).subject("level", "high").subject("clearance", "top")
        .request("amount", "lots").request("ip", 17L).request("path", 3.5).request("score", "x")
        .request("tags", "notalist").request("headers", List.of(1L)).request("count", 2.0)
        .request("mfa", "yes").request("method", true).request("big", "big")
        .request("loginTime", "yesterday").resource("just a string").action("invoice:approve")
        .flag("beta", true).flag("legacy", true).now("2026-01-01T00:00:00Z");
    return List.of(rich, other, empty, wrong);
  }

  @ParameterizedTest
  @MethodSource("corpus")
  void agreesWithCel(String expression) {
    List<TestBindings> sets = bindingSets();
    assertThat(vigilOutcomes(expression, sets)).as("outcomes per binding set for %s", expression)
        .isEqualTo(celOutcomes(expression, sets));
  }

  /** "true", "false", "error" per binding set, or a single "compile error". */
  static List<String> vigilOutcomes(String expression, List<TestBindings> sets) {
    Condition condition;
    try {
      condition = VIGIL.compile(expression).condition();
    } catch (ExpressionException e) {
      return List.of("compile error");
    }
    List<String> outcomes = new ArrayList<>();
    for (TestBindings b : sets) {
      try {
        outcomes.add(String.valueOf(condition.test(b)));
      } catch (EvaluationException e) {
        outcomes.add("error");
      }
    }
    return outcomes;
  }

  /** The same for cel-java: compiled once, evaluated per binding set. */
  static List<String> celOutcomes(String expression, List<TestBindings> sets) {
    CelValidationResult compiled = CEL.compile(expression);
    if (compiled.hasError()) {
      return List.of("compile error");
    }
    List<String> outcomes = new ArrayList<>();
    try {
      Program program = CEL.createProgram(compiled.getAst());
      for (TestBindings b : sets) {
        try {
          Object result = program.eval(celVariables(b));
          outcomes.add(result instanceof Boolean ? result.toString() : "error");
        } catch (CelEvaluationException e) {
          outcomes.add("error");
        }
      }
    } catch (Exception e) {
      throw new AssertionError("cel-java failed unexpectedly on " + expression, e);
    }
    return outcomes;
  }

  /** The same bindings as CEL variables: subject and request as maps, now as an Instant. */
  static Map<String, Object> celVariables(TestBindings b) {
    Map<String, Object> subject = new HashMap<>(b.subject);
    subject.put("id", b.subjectId);
    subject.put("roles", b.roles);
    subject.put("groups", b.groups);
    Map<String, Object> vars = new HashMap<>();
    vars.put("subject", subject);
    vars.put("request", b.request);
    vars.put("resource", b.resource == null ? NullValue.NULL_VALUE : b.resource);
    vars.put("action", b.action);
    vars.put("flags", b.flags);
    vars.put("now", b.nowInstant());
    return vars;
  }
}
