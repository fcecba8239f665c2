package dev.vigil.policy.expr;

import static dev.vigil.policy.expr.TypeChecker.narrow;
import static dev.vigil.policy.expr.TypeChecker.start;

import dev.vigil.policy.expr.Type.Kind;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Type checks calls of the built-in functions and methods for {@link TypeChecker}: arity, receiver
 * and argument types, and the literal arguments that are parsed once at compile time (timestamps,
 * durations, CIDR ranges, regular expressions, time zones).
 */
final class CallChecker {

  private static final Map<String, Integer> TIME_FIELDS = Map.of(
      "getFullYear", ConditionRuntime.FULL_YEAR,
      "getMonth", ConditionRuntime.MONTH,
      "getDayOfMonth", ConditionRuntime.DAY_OF_MONTH,
      "getDate", ConditionRuntime.DATE,
      "getDayOfWeek", ConditionRuntime.DAY_OF_WEEK,
      "getDayOfYear", ConditionRuntime.DAY_OF_YEAR,
      "getHours", ConditionRuntime.HOURS,
      "getMinutes", ConditionRuntime.MINUTES,
      "getSeconds", ConditionRuntime.SECONDS,
      "getMilliseconds", ConditionRuntime.MILLISECONDS);

  private static final Set<String> DURATION_FIELDS =
      Set.of("getHours", "getMinutes", "getSeconds", "getMilliseconds");

  private final TypeChecker checker;

  CallChecker(TypeChecker checker) {
    this.checker = checker;
  }

  private void arity(Node.Call n, int min, int max) throws ExpressionException {
    int got = n.args().size();
    if (got < min || got > max) {
      String expected = min == max ? String.valueOf(min) : min + " or " + max;
      String what = n.target() == null ? "function" : "method";
      throw checker.error(n.pos(), "wrong number of arguments to " + what + " '" + n.name()
          + "': expected " + expected + ", got " + got);
    }
  }

  /**
   * For a function: the argument types. For a method: the receiver type first, then the argument
   * types (if any).
   */
  private ExpressionException noOverload(Node.Call n, Type... types) {
    boolean method = n.target() != null;
    StringBuilder args = new StringBuilder();
    for (int i = method ? 1 : 0; i < types.length; i++) {
      args.append(args.length() == 0 ? "" : ", ").append(types[i]);
    }
    String reason = "no matching overload for '" + n.name() + "'";
    if (method) {
      reason += " on " + types[0];
    }
    if (!method || types.length > 1) {
      reason += " applied to (" + args + ")";
    }
    return checker.error(n.pos(), reason);
  }

  Ir function(Node.Call n) throws ExpressionException {
    switch (n.name()) {
      case "has":
        arity(n, 1, 1);
        return checker.has(n.args().get(0));
      case "size":
        arity(n, 1, 1);
        return size(n, checker.expr(n.args().get(0)));
      case "string":
        arity(n, 1, 1);
        return toStringCall(n, checker.expr(n.args().get(0)));
      case "int":
        arity(n, 1, 1);
        return toInt(n, checker.expr(n.args().get(0)));
      case "double":
        arity(n, 1, 1);
        return toDouble(n, checker.expr(n.args().get(0)));
      case "timestamp":
        arity(n, 1, 1);
        return timestamp(n, n.args().get(0));
      case "duration":
        arity(n, 1, 1);
        return duration(n, n.args().get(0));
      case "cidr":
        arity(n, 1, 1);
        return cidr(n.args().get(0));
      case "dyn":
        arity(n, 1, 1);
        return checker.box(checker.expr(n.args().get(0)), start(n.args().get(0)));
      case "matches":
        arity(n, 2, 2);
        return matches(n, checker.expr(n.args().get(0)), n.args().get(1));
      default:
        if (TIME_FIELDS.containsKey(n.name()) || Set.of("startsWith", "endsWith", "contains",
            "lowerAscii", "upperAscii", "containsIP").contains(n.name())) {
          throw checker.error(n.pos(),
              "'" + n.name() + "' is a method (call it as x." + n.name() + "(...))");
        }
        throw checker.error(n.pos(), "unknown function '" + n.name() + "'");
    }
  }

  Ir method(Node.Call n) throws ExpressionException {
    String name = n.name();
    Integer timeField = TIME_FIELDS.get(name);
    if (timeField != null) {
      return timeAccessor(n, timeField);
    }
    switch (name) {
      case "size": {
        arity(n, 0, 0);
        return size(n, checker.expr(n.target()));
      }
      case "startsWith":
      case "endsWith":
      case "contains": {
        arity(n, 1, 1);
        Ir recv = checker.expr(n.target());
        Ir arg = checker.expr(n.args().get(0));
        if (!isStringLike(recv) || !isStringLike(arg)) {
          throw noOverload(n, recv.type(), arg.type());
        }
        String helper = name.equals("contains") ? "strContains" : name;
        return new Ir.Call(Type.BOOL, helper, List.of(asString(recv), asString(arg)));
      }
      case "matches": {
        arity(n, 1, 1);
        return matches(n, checker.expr(n.target()), n.args().get(0));
      }
      case "lowerAscii":
      case "upperAscii": {
        arity(n, 0, 0);
        Ir recv = checker.expr(n.target());
        if (!isStringLike(recv)) {
          throw noOverload(n, recv.type());
        }
        return new Ir.Call(Type.STRING, name, List.of(asString(recv)));
      }
      case "containsIP": {
        arity(n, 1, 1);
        Ir recv = checker.expr(n.target());
        Ir arg = checker.expr(n.args().get(0));
        if (!recv.type().is(Kind.CIDR)) {
          throw checker.error(n.pos(),
              "containsIP() needs a cidr('...') receiver, not " + recv.type());
        }
        if (!isStringLike(arg)) {
          throw noOverload(n, recv.type(), arg.type());
        }
        return new Ir.Call(Type.BOOL, "containsIp", List.of(recv, asString(arg)));
      }
      default:
        if (Set.of("has", "string", "int", "double", "timestamp", "duration", "cidr", "dyn")
            .contains(name)) {
          throw checker.error(n.pos(), "'" + name + "' is a function (call it as " + name + "(x))");
        }
        throw checker.error(n.pos(), "unknown method '" + name + "'");
    }
  }

  private static boolean isStringLike(Ir ir) {
    return ir.type().is(Kind.STRING) || ir.type().isDyn();
  }

  private static Ir asString(Ir ir) {
    return ir.type().isDyn() ? narrow(ir, Type.STRING) : ir;
  }

  private Ir size(Node.Call n, Ir x) throws ExpressionException {
    switch (x.type().kind) {
      case STRING: return new Ir.Call(Type.INT, "sizeStr", List.of(x));
      case LIST: return new Ir.Call(Type.INT, "sizeList", List.of(x));
      case DYN: case ANY: return new Ir.Call(Type.INT, "size", List.of(x));
      default: throw noOverload(n, x.type());
    }
  }

  private Ir toStringCall(Node.Call n, Ir x) throws ExpressionException {
    switch (x.type().kind) {
      case STRING: return x;
      case INT: return new Ir.Call(Type.STRING, "strInt", List.of(x));
      case DOUBLE: return new Ir.Call(Type.STRING, "strDouble", List.of(x));
      case BOOL: return new Ir.Call(Type.STRING, "strBool", List.of(x));
      case TIMESTAMP: return new Ir.Call(Type.STRING, "strTs", List.of(x));
      case DURATION: return new Ir.Call(Type.STRING, "strDur", List.of(x));
      case DYN: case ANY: return new Ir.Call(Type.STRING, "str", List.of(x));
      default: throw noOverload(n, x.type());
    }
  }

  private Ir toInt(Node.Call n, Ir x) throws ExpressionException {
    switch (x.type().kind) {
      case INT: return x;
      case DOUBLE: return new Ir.Call(Type.INT, "intOfDouble", List.of(x));
      case STRING: return new Ir.Call(Type.INT, "intOfString", List.of(x));
      case TIMESTAMP: return new Ir.Call(Type.INT, "intOfTs", List.of(x));
      case DYN: case ANY: return new Ir.Call(Type.INT, "intOf", List.of(x));
      default: throw noOverload(n, x.type());
    }
  }

  private Ir toDouble(Node.Call n, Ir x) throws ExpressionException {
    switch (x.type().kind) {
      case DOUBLE: return x;
      case INT: return new Ir.Call(Type.DOUBLE, "doubleOfInt", List.of(x));
      case STRING: return new Ir.Call(Type.DOUBLE, "doubleOfString", List.of(x));
      case DYN: case ANY: return new Ir.Call(Type.DOUBLE, "doubleOf", List.of(x));
      default: throw noOverload(n, x.type());
    }
  }

  private Ir timestamp(Node.Call n, Node arg) throws ExpressionException {
    if (arg instanceof Node.Lit lit && lit.value() instanceof String s) {
      try {
        return new Ir.Const(Type.TIMESTAMP, TimeValues.parseTimestamp(s));
      } catch (IllegalArgumentException e) {
        throw checker.error(arg.pos(), "invalid timestamp '" + s + "': " + e.getMessage());
      }
    }
    Ir x = checker.expr(arg);
    switch (x.type().kind) {
      case TIMESTAMP: return x;
      case STRING: return new Ir.Call(Type.TIMESTAMP, "tsOfString", List.of(x));
      case INT: return new Ir.Call(Type.TIMESTAMP, "tsOfInt", List.of(x));
      case DYN: case ANY: return new Ir.Call(Type.TIMESTAMP, "tsOf", List.of(x));
      default: throw noOverload(n, x.type());
    }
  }

  private Ir duration(Node.Call n, Node arg) throws ExpressionException {
    if (arg instanceof Node.Lit lit && lit.value() instanceof String s) {
      try {
        return new Ir.Const(Type.DURATION, TimeValues.parseDuration(s));
      } catch (IllegalArgumentException e) {
        throw checker.error(arg.pos(), "invalid duration '" + s + "': " + e.getMessage());
      }
    }
    Ir x = checker.expr(arg);
    switch (x.type().kind) {
      case DURATION: return x;
      case STRING: return new Ir.Call(Type.DURATION, "durOfString", List.of(x));
      case DYN: case ANY: return new Ir.Call(Type.DURATION, "durOf", List.of(x));
      default: throw noOverload(n, x.type());
    }
  }

  private Ir cidr(Node arg) throws ExpressionException {
    if (!(arg instanceof Node.Lit lit && lit.value() instanceof String s)) {
      throw checker.error(start(arg),
          "cidr() needs a string literal, for example cidr('10.0.0.0/8')");
    }
    try {
      return new Ir.Const(Type.CIDR, Cidr.parse(s));
    } catch (IllegalArgumentException e) {
      throw checker.error(arg.pos(), "invalid CIDR '" + s + "': " + e.getMessage());
    }
  }

  private Ir matches(Node.Call n, Ir subject, Node pattern) throws ExpressionException {
    if (!(pattern instanceof Node.Lit lit && lit.value() instanceof String re)) {
      throw checker.error(start(pattern), "matches() needs a string literal pattern");
    }
    if (!isStringLike(subject)) {
      throw noOverload(n, subject.type(), Type.STRING);
    }
    Regex regex;
    try {
      regex = Regex.compile(re);
    } catch (IllegalArgumentException e) {
      throw checker.error(pattern.pos(), "invalid regular expression: " + e.getMessage());
    }
    return new Ir.Call(Type.BOOL, "matches",
        List.of(asString(subject), new Ir.Const(Type.REGEX, regex)));
  }

  private Ir timeAccessor(Node.Call n, int field) throws ExpressionException {
    arity(n, 0, 1);
    Ir recv = checker.expr(n.target());
    Ir code = new Ir.Const(Type.I32, field);
    if (recv.type().is(Kind.DURATION)) {
      if (!DURATION_FIELDS.contains(n.name()) || !n.args().isEmpty()) {
        throw noOverload(n, recv.type());
      }
      return new Ir.Call(Type.INT, "durField", List.of(recv, code));
    }
    if (recv.type().isDyn()) {
      recv = narrow(recv, Type.TIMESTAMP);
    } else if (!recv.type().is(Kind.TIMESTAMP)) {
      throw noOverload(n, recv.type());
    }
    if (n.args().isEmpty()) {
      return new Ir.Call(Type.INT, "tsField", List.of(recv, code, new Ir.Const(Type.ZONE, null)));
    }
    Node zoneArg = n.args().get(0);
    if (zoneArg instanceof Node.Lit lit && lit.value() instanceof String zone) {
      try {
        return new Ir.Call(Type.INT, "tsField",
            List.of(recv, code, new Ir.Const(Type.ZONE, ZoneId.of(zone))));
      } catch (DateTimeException e) {
        throw checker.error(zoneArg.pos(), "invalid time zone '" + zone + "'");
      }
    }
    Ir zone = checker.expr(zoneArg);
    if (!isStringLike(zone)) {
      throw noOverload(n, recv.type(), zone.type());
    }
    return new Ir.Call(Type.INT, "tsFieldTz", List.of(recv, code, asString(zone)));
  }
}
