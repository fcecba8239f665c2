package dev.vigil.policy.expr;

import static dev.vigil.policy.expr.ConditionRuntime.EQ;
import static dev.vigil.policy.expr.ConditionRuntime.GE;
import static dev.vigil.policy.expr.ConditionRuntime.GT;
import static dev.vigil.policy.expr.ConditionRuntime.LE;
import static dev.vigil.policy.expr.ConditionRuntime.LT;
import static dev.vigil.policy.expr.ConditionRuntime.NE;

import dev.vigil.policy.expr.Ir.Source;
import dev.vigil.policy.expr.Type.Kind;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves names, checks static types and picks the operation for every node, turning the syntax
 * tree into {@link Ir}. Values typed {@code dyn} (attributes, request, resource) are checked at
 * run time by the helpers it chooses; everything else is settled here, so a condition that
 * compiles can only fail at run time because of the data it reads.
 */
final class TypeChecker {

  /** The checked tree and whether it reads per-call data. */
  record Result(Ir root, boolean readsRequest) {}

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

  private final String src;
  private final Set<String> flags;
  private boolean readsRequest;

  private TypeChecker(String src, Set<String> flags) {
    this.src = src;
    this.flags = flags;
  }

  static Result check(String source, Node root, Set<String> flagNames) throws ExpressionException {
    TypeChecker checker = new TypeChecker(source, flagNames);
    Ir ir = checker.expr(root);
    if (ir.type().isDyn()) {
      ir = narrow(ir, Type.BOOL);
    } else if (!ir.type().is(Kind.BOOL)) {
      throw checker.error(root.pos(), "a condition must be a bool, but this is " + ir.type());
    }
    return new Result(ir, checker.readsRequest);
  }

  /** Where a sub-expression begins, for errors about the whole of it rather than an operator. */
  private static int start(Node node) {
    if (node instanceof Node.Select n) {
      return start(n.operand());
    } else if (node instanceof Node.Index n) {
      return start(n.operand());
    } else if (node instanceof Node.Call n && n.target() != null) {
      return start(n.target());
    } else if (node instanceof Node.Binary n) {
      return start(n.left());
    } else if (node instanceof Node.Logic n) {
      return start(n.operands().get(0));
    } else if (node instanceof Node.Cond n) {
      return start(n.cond());
    }
    return node.pos();
  }

  private ExpressionException error(int pos, String reason) {
    return ExpressionException.at(src, pos, reason);
  }

  private Ir expr(Node node) throws ExpressionException {
    if (node instanceof Node.Lit n) {
      return literal(n.value());
    } else if (node instanceof Node.Ident n) {
      return ident(n);
    } else if (node instanceof Node.Select n) {
      return select(n);
    } else if (node instanceof Node.Index n) {
      return index(n);
    } else if (node instanceof Node.Call n) {
      return n.target() == null ? function(n) : method(n);
    } else if (node instanceof Node.Unary n) {
      return unary(n);
    } else if (node instanceof Node.Binary n) {
      return binary(n);
    } else if (node instanceof Node.Logic n) {
      return logic(n);
    } else if (node instanceof Node.Cond n) {
      return conditional(n);
    } else {
      return list((Node.ListLit) node);
    }
  }

  private static Ir literal(Object value) {
    if (value instanceof Long) {
      return new Ir.Const(Type.INT, value);
    } else if (value instanceof Double) {
      return new Ir.Const(Type.DOUBLE, value);
    } else if (value instanceof String) {
      return new Ir.Const(Type.STRING, value);
    } else if (value instanceof Boolean) {
      return new Ir.Const(Type.BOOL, value);
    }
    return new Ir.Const(Type.NULL, null);
  }

  // --- names -------------------------------------------------------------------------------

  private static boolean isNamespace(Node node) {
    if (node instanceof Node.Ident id) {
      String n = id.name();
      return n.equals("subject") || n.equals("request") || n.equals("flags");
    }
    return false;
  }

  private Ir ident(Node.Ident n) throws ExpressionException {
    switch (n.name()) {
      case "subject":
        throw error(n.pos(), "'subject' is not a value (select a field such as subject.id)");
      case "request":
        throw error(n.pos(), "'request' is not a value (select a field such as request.ip)");
      case "flags":
        throw error(n.pos(), "'flags' is not a value (select a flag such as flags.beta)");
      case "resource":
        readsRequest = true;
        return new Ir.Read(Type.DYN, Source.RESOURCE, null);
      case "action":
        return new Ir.Read(Type.STRING, Source.ACTION, null);
      case "now":
        readsRequest = true;
        return new Ir.Read(Type.TIMESTAMP, Source.NOW, null);
      default:
        throw error(n.pos(), "undeclared reference to '" + n.name() + "'");
    }
  }

  private Ir namespaceField(String namespace, String field, int pos) throws ExpressionException {
    switch (namespace) {
      case "subject":
        switch (field) {
          case "id": return new Ir.Read(Type.STRING, Source.SUBJECT_ID, null);
          case "roles": return new Ir.Read(Type.LIST_STRING, Source.SUBJECT_ROLES, null);
          case "groups": return new Ir.Read(Type.LIST_STRING, Source.SUBJECT_GROUPS, null);
          default: return new Ir.Read(Type.DYN, Source.SUBJECT_ATTR, field);
        }
      case "request":
        readsRequest = true;
        return new Ir.Read(Type.DYN, Source.REQUEST_ATTR, field);
      default:
        if (!flags.contains(field)) {
          throw error(pos, "unknown flag '" + field + "'");
        }
        return new Ir.Read(Type.BOOL, Source.FLAG, field);
    }
  }

  private Ir select(Node.Select n) throws ExpressionException {
    if (isNamespace(n.operand())) {
      return namespaceField(((Node.Ident) n.operand()).name(), n.field(), n.pos());
    }
    Ir operand = expr(n.operand());
    if (operand.type().isDyn()) {
      return new Ir.Call(operand.type(), "select",
          List.of(operand, new Ir.Const(Type.STRING, n.field())));
    }
    throw error(n.pos(), "type '" + operand.type() + "' has no field '" + n.field() + "'");
  }

  private Ir index(Node.Index n) throws ExpressionException {
    if (isNamespace(n.operand())) {
      String namespace = ((Node.Ident) n.operand()).name();
      if (n.index() instanceof Node.Lit lit && lit.value() instanceof String name) {
        return namespaceField(namespace, name, lit.pos());
      }
      if (namespace.equals("flags")) {
        throw error(start(n.index()), "a flag must be named with a string literal");
      }
      Ir key = expr(n.index());
      if (key.type().isDyn()) {
        key = narrow(key, Type.STRING);
      } else if (!key.type().is(Kind.STRING)) {
        throw error(n.pos(), "no matching overload for '[]' applied to (" + namespace + ", "
            + key.type() + ")");
      }
      if (namespace.equals("request")) {
        readsRequest = true;
        return new Ir.ReadKey(Type.DYN, Source.REQUEST_ATTR, key);
      }
      return new Ir.ReadKey(Type.DYN, Source.SUBJECT_ATTR, key);
    }
    Ir operand = expr(n.operand());
    Ir key = expr(n.index());
    Type t = operand.type();
    if (t.is(Kind.LIST)) {
      if (key.type().isDyn()) {
        key = narrow(key, Type.INT);
      } else if (!key.type().is(Kind.INT)) {
        throw error(n.pos(), "no matching overload for '[]' applied to (" + t + ", " + key.type()
            + ")");
      }
      Type elem = t.elem;
      String helper;
      switch (elem.kind) {
        case STRING: helper = "indexStr"; break;
        case INT: helper = "indexInt"; break;
        case DOUBLE: helper = "indexDouble"; break;
        case BOOL: helper = "indexBool"; break;
        case TIMESTAMP: helper = "indexTs"; break;
        case DURATION: helper = "indexDur"; break;
        case LIST: helper = "indexList"; break;
        default:
          helper = "indexDyn";
          elem = elem.is(Kind.ANY) ? Type.ANY : Type.DYN;
      }
      return new Ir.Call(elem, helper, List.of(operand, key));
    }
    if (t.isDyn()) {
      return new Ir.Call(t, "index", List.of(operand, box(key, start(n.index()))));
    }
    throw error(n.pos(), "no matching overload for '[]' applied to (" + t + ", " + key.type()
        + ")");
  }

  // --- functions and methods ---------------------------------------------------------------

  private void arity(Node.Call n, int min, int max) throws ExpressionException {
    int got = n.args().size();
    if (got < min || got > max) {
      String expected = min == max ? String.valueOf(min) : min + " or " + max;
      String what = n.target() == null ? "function" : "method";
      throw error(n.pos(), "wrong number of arguments to " + what + " '" + n.name()
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
    return error(n.pos(), reason);
  }

  private Ir function(Node.Call n) throws ExpressionException {
    switch (n.name()) {
      case "has":
        arity(n, 1, 1);
        return has(n.args().get(0));
      case "size":
        arity(n, 1, 1);
        return size(n, expr(n.args().get(0)));
      case "string":
        arity(n, 1, 1);
        return toStringCall(n, expr(n.args().get(0)));
      case "int":
        arity(n, 1, 1);
        return toInt(n, expr(n.args().get(0)));
      case "double":
        arity(n, 1, 1);
        return toDouble(n, expr(n.args().get(0)));
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
        return box(expr(n.args().get(0)), start(n.args().get(0)));
      case "matches":
        arity(n, 2, 2);
        return matches(n, expr(n.args().get(0)), n.args().get(1));
      default:
        if (TIME_FIELDS.containsKey(n.name()) || Set.of("startsWith", "endsWith", "contains",
            "lowerAscii", "upperAscii", "containsIP").contains(n.name())) {
          throw error(n.pos(),
              "'" + n.name() + "' is a method (call it as x." + n.name() + "(...))");
        }
        throw error(n.pos(), "unknown function '" + n.name() + "'");
    }
  }

  private Ir method(Node.Call n) throws ExpressionException {
    String name = n.name();
    Integer timeField = TIME_FIELDS.get(name);
    if (timeField != null) {
      return timeAccessor(n, timeField);
    }
    switch (name) {
      case "size": {
        arity(n, 0, 0);
        return size(n, expr(n.target()));
      }
      case "startsWith":
      case "endsWith":
      case "contains": {
        arity(n, 1, 1);
        Ir recv = expr(n.target());
        Ir arg = expr(n.args().get(0));
        if (!isStringLike(recv) || !isStringLike(arg)) {
          throw noOverload(n, recv.type(), arg.type());
        }
        String helper = name.equals("contains") ? "strContains" : name;
        return new Ir.Call(Type.BOOL, helper, List.of(asString(recv), asString(arg)));
      }
      case "matches": {
        arity(n, 1, 1);
        return matches(n, expr(n.target()), n.args().get(0));
      }
      case "lowerAscii":
      case "upperAscii": {
        arity(n, 0, 0);
        Ir recv = expr(n.target());
        if (!isStringLike(recv)) {
          throw noOverload(n, recv.type());
        }
        return new Ir.Call(Type.STRING, name, List.of(asString(recv)));
      }
      case "containsIP": {
        arity(n, 1, 1);
        Ir recv = expr(n.target());
        Ir arg = expr(n.args().get(0));
        if (!recv.type().is(Kind.CIDR)) {
          throw error(n.pos(), "containsIP() needs a cidr('...') receiver, not " + recv.type());
        }
        if (!isStringLike(arg)) {
          throw noOverload(n, recv.type(), arg.type());
        }
        return new Ir.Call(Type.BOOL, "containsIp", List.of(recv, asString(arg)));
      }
      default:
        if (Set.of("has", "string", "int", "double", "timestamp", "duration", "cidr", "dyn")
            .contains(name)) {
          throw error(n.pos(), "'" + name + "' is a function (call it as " + name + "(x))");
        }
        throw error(n.pos(), "unknown method '" + name + "'");
    }
  }

  private static boolean isStringLike(Ir ir) {
    return ir.type().is(Kind.STRING) || ir.type().isDyn();
  }

  private static Ir asString(Ir ir) {
    return ir.type().isDyn() ? narrow(ir, Type.STRING) : ir;
  }

  private Ir has(Node arg) throws ExpressionException {
    if (!(arg instanceof Node.Select sel)) {
      throw error(start(arg), "has() needs a field selection, for example has(request.ip)");
    }
    if (isNamespace(sel.operand())) {
      String namespace = ((Node.Ident) sel.operand()).name();
      String field = sel.field();
      switch (namespace) {
        case "subject":
          if (field.equals("id")) {
            return new Ir.Read(Type.BOOL, Source.SUBJECT_HAS_ID, null);
          } else if (field.equals("roles") || field.equals("groups")) {
            return new Ir.Const(Type.BOOL, Boolean.TRUE);
          }
          return new Ir.Read(Type.BOOL, Source.SUBJECT_HAS, field);
        case "request":
          readsRequest = true;
          return new Ir.Read(Type.BOOL, Source.REQUEST_HAS, field);
        default:
          if (!flags.contains(field)) {
            throw error(sel.pos(), "unknown flag '" + field + "'");
          }
          return new Ir.Const(Type.BOOL, Boolean.TRUE);
      }
    }
    Ir operand = expr(sel.operand());
    if (!operand.type().isDyn()) {
      throw error(sel.pos(), "has() cannot test a field of a value of type '" + operand.type()
          + "'");
    }
    return new Ir.Call(Type.BOOL, "has", List.of(operand, new Ir.Const(Type.STRING, sel.field())));
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
        throw error(arg.pos(), "invalid timestamp '" + s + "': " + e.getMessage());
      }
    }
    Ir x = expr(arg);
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
        throw error(arg.pos(), "invalid duration '" + s + "': " + e.getMessage());
      }
    }
    Ir x = expr(arg);
    switch (x.type().kind) {
      case DURATION: return x;
      case STRING: return new Ir.Call(Type.DURATION, "durOfString", List.of(x));
      case DYN: case ANY: return new Ir.Call(Type.DURATION, "durOf", List.of(x));
      default: throw noOverload(n, x.type());
    }
  }

  private Ir cidr(Node arg) throws ExpressionException {
    if (!(arg instanceof Node.Lit lit && lit.value() instanceof String s)) {
      throw error(start(arg), "cidr() needs a string literal, for example cidr('10.0.0.0/8')");
    }
    try {
      return new Ir.Const(Type.CIDR, Cidr.parse(s));
    } catch (IllegalArgumentException e) {
      throw error(arg.pos(), "invalid CIDR '" + s + "': " + e.getMessage());
    }
  }

  private Ir matches(Node.Call n, Ir subject, Node pattern) throws ExpressionException {
    if (!(pattern instanceof Node.Lit lit && lit.value() instanceof String re)) {
      throw error(start(pattern), "matches() needs a string literal pattern");
    }
    if (!isStringLike(subject)) {
      throw noOverload(n, subject.type(), Type.STRING);
    }
    Regex regex;
    try {
      regex = Regex.compile(re);
    } catch (IllegalArgumentException e) {
      throw error(pattern.pos(), "invalid regular expression: " + e.getMessage());
    }
    return new Ir.Call(Type.BOOL, "matches",
        List.of(asString(subject), new Ir.Const(Type.REGEX, regex)));
  }

  private Ir timeAccessor(Node.Call n, int field) throws ExpressionException {
    arity(n, 0, 1);
    Ir recv = expr(n.target());
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
        throw error(zoneArg.pos(), "invalid time zone '" + zone + "'");
      }
    }
    Ir zone = expr(zoneArg);
    if (!isStringLike(zone)) {
      throw noOverload(n, recv.type(), zone.type());
    }
    return new Ir.Call(Type.INT, "tsFieldTz", List.of(recv, code, asString(zone)));
  }

  // --- operators ---------------------------------------------------------------------------

  private Ir unary(Node.Unary n) throws ExpressionException {
    Ir x = expr(n.operand());
    Type t = x.type();
    if (n.op() == Token.Kind.NOT) {
      if (t.is(Kind.BOOL)) {
        return new Ir.Not(x);
      } else if (t.isDyn()) {
        return new Ir.Not(narrow(x, Type.BOOL));
      }
      throw error(n.pos(), "no matching overload for '!' applied to (" + t + ")");
    }
    switch (t.kind) {
      case INT: return new Ir.Call(Type.INT, "negInt", List.of(x));
      case DOUBLE: return new Ir.Call(Type.DOUBLE, "negDouble", List.of(x));
      case DYN: case ANY: return new Ir.Call(t, "neg", List.of(x));
      default: throw error(n.pos(), "no matching overload for '-' applied to (" + t + ")");
    }
  }

  private Ir binary(Node.Binary n) throws ExpressionException {
    Ir l = expr(n.left());
    Ir r = expr(n.right());
    switch (n.op()) {
      case PLUS: case MINUS: case STAR: case SLASH: case PERCENT:
        return arithmetic(n, l, r);
      case LT: return compare(n, LT, l, r);
      case LE: return compare(n, LE, l, r);
      case GT: return compare(n, GT, l, r);
      case GE: return compare(n, GE, l, r);
      case EQ: return equality(n, EQ, l, r);
      case NE: return equality(n, NE, l, r);
      default: return membership(n, l, r);
    }
  }

  private static String opText(Node.Binary n) {
    String quoted = n.op().display;
    return n.op() == Token.Kind.IN ? "in" : quoted.substring(1, quoted.length() - 1);
  }

  private ExpressionException noOverload(Node.Binary n, Type l, Type r) {
    return error(n.pos(), "no matching overload for '" + opText(n) + "' applied to (" + l + ", "
        + r + ")");
  }

  /** One arithmetic overload: parameter kinds, result and helper. */
  private record Overload(Kind left, Kind right, Kind result, String helper) {}

  private static final Map<Token.Kind, List<Overload>> ARITHMETIC = Map.of(
      Token.Kind.PLUS, List.of(
          new Overload(Kind.INT, Kind.INT, Kind.INT, "addInt"),
          new Overload(Kind.DOUBLE, Kind.DOUBLE, Kind.DOUBLE, "addDouble"),
          new Overload(Kind.STRING, Kind.STRING, Kind.STRING, "concat"),
          new Overload(Kind.LIST, Kind.LIST, Kind.LIST, "concatList"),
          new Overload(Kind.TIMESTAMP, Kind.DURATION, Kind.TIMESTAMP, "addTsDur"),
          new Overload(Kind.DURATION, Kind.TIMESTAMP, Kind.TIMESTAMP, "addDurTs"),
          new Overload(Kind.DURATION, Kind.DURATION, Kind.DURATION, "addDur")),
      Token.Kind.MINUS, List.of(
          new Overload(Kind.INT, Kind.INT, Kind.INT, "subInt"),
          new Overload(Kind.DOUBLE, Kind.DOUBLE, Kind.DOUBLE, "subDouble"),
          new Overload(Kind.TIMESTAMP, Kind.TIMESTAMP, Kind.DURATION, "subTs"),
          new Overload(Kind.TIMESTAMP, Kind.DURATION, Kind.TIMESTAMP, "subTsDur"),
          new Overload(Kind.DURATION, Kind.DURATION, Kind.DURATION, "subDur")),
      Token.Kind.STAR, List.of(
          new Overload(Kind.INT, Kind.INT, Kind.INT, "mulInt"),
          new Overload(Kind.DOUBLE, Kind.DOUBLE, Kind.DOUBLE, "mulDouble")),
      Token.Kind.SLASH, List.of(
          new Overload(Kind.INT, Kind.INT, Kind.INT, "divInt"),
          new Overload(Kind.DOUBLE, Kind.DOUBLE, Kind.DOUBLE, "divDouble")),
      Token.Kind.PERCENT, List.of(
          new Overload(Kind.INT, Kind.INT, Kind.INT, "modInt")));

  private static boolean accepts(Kind param, Type actual) {
    if (actual.is(Kind.ANY)) {
      return true;
    }
    if (actual.is(Kind.DYN)) {
      // Values from bindings are never durations; see Type.
      return param != Kind.DURATION;
    }
    return actual.kind == param;
  }

  private Ir arithmetic(Node.Binary n, Ir l, Ir r) throws ExpressionException {
    List<Overload> candidates = new ArrayList<>();
    for (Overload o : ARITHMETIC.get(n.op())) {
      if (accepts(o.left(), l.type()) && accepts(o.right(), r.type())) {
        candidates.add(o);
      }
    }
    if (candidates.isEmpty()) {
      throw noOverload(n, l.type(), r.type());
    }
    if (candidates.size() == 1) {
      Overload o = candidates.get(0);
      Ir left = narrowTo(l, o.left());
      Ir right = narrowTo(r, o.right());
      Type result;
      if (o.result() == Kind.LIST) {
        Type le = left.type().elem;
        Type re = right.type().elem;
        result = le.equals(re) ? left.type()
            : Type.listOf(le.mayHoldDuration() || re.mayHoldDuration() ? Type.ANY : Type.DYN);
      } else {
        result = primitive(o.result());
      }
      return new Ir.Call(result, o.helper(), List.of(left, right));
    }
    boolean mayBeDuration = l.type().mayHoldDuration() || r.type().mayHoldDuration();
    for (Overload o : candidates) {
      mayBeDuration |= o.result() == Kind.DURATION;
    }
    String generic;
    switch (n.op()) {
      case PLUS: generic = "add"; break;
      case MINUS: generic = "sub"; break;
      case STAR: generic = "mul"; break;
      case SLASH: generic = "div"; break;
      default: generic = "mod";
    }
    return new Ir.Call(mayBeDuration ? Type.ANY : Type.DYN, generic,
        List.of(box(l, start(n.left())), box(r, start(n.right()))));
  }

  private static Type primitive(Kind kind) {
    switch (kind) {
      case INT: return Type.INT;
      case DOUBLE: return Type.DOUBLE;
      case STRING: return Type.STRING;
      case TIMESTAMP: return Type.TIMESTAMP;
      case DURATION: return Type.DURATION;
      case BOOL: return Type.BOOL;
      default: throw new IllegalArgumentException(kind.toString());
    }
  }

  private static Ir narrowTo(Ir x, Kind kind) {
    if (!x.type().isDyn()) {
      return x;
    }
    return kind == Kind.LIST ? narrow(x, Type.listOf(x.type())) : narrow(x, primitive(kind));
  }

  private static int flip(int op) {
    switch (op) {
      case LT: return GT;
      case LE: return GE;
      case GT: return LT;
      case GE: return LE;
      default: return op;
    }
  }

  private static Ir op(int op) {
    return new Ir.Const(Type.I32, op);
  }

  private Ir compare(Node.Binary n, int op, Ir l, Ir r) throws ExpressionException {
    Type lt = l.type();
    Type rt = r.type();
    if (lt.isDyn() && rt.isDyn()) {
      return new Ir.Call(Type.BOOL, "cmp", List.of(l, r, op(op)));
    }
    if (rt.isDyn()) {
      return compare(n, flip(op), r, l);
    }
    if (lt.isDyn()) {
      switch (rt.kind) {
        case INT: case DOUBLE: return new Ir.Call(Type.BOOL, "cmp", List.of(l, r, op(op)));
        case STRING: return new Ir.Call(Type.BOOL, "cmpStr", List.of(narrow(l, rt), r, op(op)));
        case BOOL: case TIMESTAMP: case DURATION: return new Ir.Compare(op, narrow(l, rt), r);
        default: throw noOverload(n, lt, rt);
      }
    }
    if (lt.kind == rt.kind) {
      switch (lt.kind) {
        case INT: case DOUBLE: case BOOL: case TIMESTAMP: case DURATION:
          return new Ir.Compare(op, l, r);
        case STRING:
          return new Ir.Call(Type.BOOL, "cmpStr", List.of(l, r, op(op)));
        default:
          throw noOverload(n, lt, rt);
      }
    }
    if (lt.is(Kind.INT) && rt.is(Kind.DOUBLE)) {
      return new Ir.Call(Type.BOOL, "cmpLD", List.of(l, r, op(op)));
    }
    if (lt.is(Kind.DOUBLE) && rt.is(Kind.INT)) {
      return new Ir.Call(Type.BOOL, "cmpLD", List.of(r, l, op(flip(op))));
    }
    throw noOverload(n, lt, rt);
  }

  private Ir equality(Node.Binary n, int op, Ir l, Ir r) throws ExpressionException {
    Type lt = l.type();
    Type rt = r.type();
    if (!lt.isDyn() && rt.isDyn()) {
      return equality(n, op, r, l);
    }
    Ir eq;
    if (lt.isDyn()) {
      switch (rt.kind) {
        case INT: case DOUBLE: case STRING: case BOOL:
          eq = new Ir.Call(Type.BOOL, "eq", List.of(l, r));
          break;
        case TIMESTAMP:
          eq = new Ir.Call(Type.BOOL, "eqTs", List.of(l, r));
          break;
        case DURATION:
          eq = new Ir.Call(Type.BOOL, "eqDur", List.of(l, r));
          break;
        case NULL:
          eq = new Ir.Call(Type.BOOL, "isNull", List.of(l));
          break;
        case LIST: case DYN: case ANY:
          eq = new Ir.Call(Type.BOOL, "eq", List.of(l, box(r, start(n.right()))));
          break;
        default:
          throw noOverload(n, lt, rt);
      }
    } else if (lt.kind == rt.kind) {
      switch (lt.kind) {
        case INT: case DOUBLE: case BOOL: case TIMESTAMP: case DURATION:
          return new Ir.Compare(op, l, r);
        case STRING:
          eq = new Ir.Call(Type.BOOL, "eqStr", List.of(l, r));
          break;
        case LIST:
          eq = new Ir.Call(Type.BOOL, "eqList", List.of(l, r));
          break;
        case NULL:
          eq = new Ir.Const(Type.BOOL, Boolean.TRUE);
          break;
        default:
          throw noOverload(n, lt, rt);
      }
    } else if (lt.is(Kind.INT) && rt.is(Kind.DOUBLE)) {
      eq = new Ir.Call(Type.BOOL, "eqLD", List.of(l, r));
    } else if (lt.is(Kind.DOUBLE) && rt.is(Kind.INT)) {
      eq = new Ir.Call(Type.BOOL, "eqLD", List.of(r, l));
    } else if (lt.is(Kind.NULL) || rt.is(Kind.NULL)) {
      Ir other = lt.is(Kind.NULL) ? r : l;
      if (other.type().is(Kind.CIDR)) {
        throw noOverload(n, lt, rt);
      }
      if (other.type().is(Kind.STRING) || other.type().is(Kind.LIST)) {
        other = new Ir.Retype(Type.DYN, other);
      }
      eq = new Ir.Call(Type.BOOL, "isNull", List.of(other));
    } else {
      throw noOverload(n, lt, rt);
    }
    return op == EQ ? eq : new Ir.Not(eq);
  }

  private Ir membership(Node.Binary n, Ir elem, Ir container) throws ExpressionException {
    Type et = elem.type();
    Type ct = container.type();
    if (ct.is(Kind.LIST)) {
      Type e = ct.elem;
      if (et.is(Kind.STRING) && e.is(Kind.STRING)) {
        return new Ir.Call(Type.BOOL, "containsStr", List.of(container, elem));
      }
      if (et.is(Kind.INT) && e.is(Kind.INT)) {
        return new Ir.Call(Type.BOOL, "containsInt", List.of(container, elem));
      }
      boolean numeric = (et.is(Kind.INT) || et.is(Kind.DOUBLE))
          && (e.is(Kind.INT) || e.is(Kind.DOUBLE));
      if (et.isDyn() || e.isDyn() || e.is(Kind.NULL) || et.is(Kind.NULL) || et.kind == e.kind
          || numeric) {
        return new Ir.Call(Type.BOOL, "contains",
            List.of(container, box(elem, start(n.left()))));
      }
      throw noOverload(n, et, ct);
    }
    if (ct.isDyn()) {
      return new Ir.Call(Type.BOOL, "in", List.of(box(elem, start(n.left())), container));
    }
    throw noOverload(n, et, ct);
  }

  private Ir logic(Node.Logic n) throws ExpressionException {
    List<Ir> operands = new ArrayList<>();
    for (Node operand : n.operands()) {
      Ir x = expr(operand);
      if (x.type().isDyn()) {
        x = narrow(x, Type.BOOL);
      } else if (!x.type().is(Kind.BOOL)) {
        throw error(start(operand), "operands of '" + (n.and() ? "&&" : "||")
            + "' must be bool, but this is " + x.type());
      }
      operands.add(x);
    }
    return new Ir.Logic(n.and(), List.copyOf(operands));
  }

  private Ir conditional(Node.Cond n) throws ExpressionException {
    Ir c = expr(n.cond());
    if (c.type().isDyn()) {
      c = narrow(c, Type.BOOL);
    } else if (!c.type().is(Kind.BOOL)) {
      throw error(n.pos(), "the condition of '?:' must be bool, but it is " + c.type());
    }
    Ir a = expr(n.then());
    Ir b = expr(n.otherwise());
    Type at = a.type();
    Type bt = b.type();
    if (at.is(Kind.CIDR) || bt.is(Kind.CIDR)) {
      throw error(n.pos(), "a cidr value can only be the receiver of containsIP()");
    }
    if (at.equals(bt)) {
      return new Ir.Cond(at, c, a, b);
    }
    if (at.is(Kind.LIST) && bt.is(Kind.LIST)) {
      boolean any = at.mayHoldDuration() || bt.mayHoldDuration();
      return new Ir.Cond(Type.listOf(any ? Type.ANY : Type.DYN), c, a, b);
    }
    if (at.isDyn() || bt.isDyn() || at.is(Kind.NULL) || bt.is(Kind.NULL)) {
      Ir ba = box(a, start(n.then()));
      Ir bb = box(b, start(n.otherwise()));
      boolean any = ba.type().is(Kind.ANY) || bb.type().is(Kind.ANY);
      return new Ir.Cond(any ? Type.ANY : Type.DYN, c, ba, bb);
    }
    throw error(n.pos(), "the branches of '?:' have different types: " + at + " and " + bt);
  }

  private Ir list(Node.ListLit n) throws ExpressionException {
    List<Ir> elements = new ArrayList<>();
    Type common = null;
    boolean mixed = false;
    for (Node e : n.elements()) {
      Ir x = expr(e);
      if (x.type().is(Kind.CIDR)) {
        throw error(start(e), "a cidr value can only be the receiver of containsIP()");
      }
      elements.add(x);
      if (common == null) {
        common = x.type();
      } else if (!common.equals(x.type())) {
        mixed = true;
      }
    }
    Type elem;
    if (common == null || mixed || common.is(Kind.NULL)) {
      boolean any = elements.stream().anyMatch(x -> x.type().mayHoldDuration());
      elem = any ? Type.ANY : Type.DYN;
    } else {
      elem = common;
    }
    Type type = Type.listOf(elem);
    List<Ir> boxed = new ArrayList<>();
    boolean constant = true;
    for (int i = 0; i < elements.size(); i++) {
      Ir b = box(elements.get(i), start(n.elements().get(i)));
      constant &= b instanceof Ir.Const;
      boxed.add(b);
    }
    if (constant) {
      Object[] values = new Object[boxed.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = ((Ir.Const) boxed.get(i)).value();
      }
      return new Ir.Const(type, Collections.unmodifiableList(Arrays.asList(values)));
    }
    return new Ir.ListOf(type, List.copyOf(boxed));
  }

  // --- conversions between static types and dyn ----------------------------------------------

  /** The value as a {@code dyn} object: primitives are boxed the way bindings would hold them. */
  private Ir box(Ir x, int pos) throws ExpressionException {
    Type t = x.type();
    boolean constant = x instanceof Ir.Const;
    Object value = constant ? ((Ir.Const) x).value() : null;
    switch (t.kind) {
      case DYN: case ANY:
        return x;
      case STRING: case NULL:
        return constant ? new Ir.Const(Type.DYN, value) : new Ir.Retype(Type.DYN, x);
      case LIST: {
        Type dyn = t.mayHoldDuration() ? Type.ANY : Type.DYN;
        return constant ? new Ir.Const(dyn, value) : new Ir.Retype(dyn, x);
      }
      case INT: case DOUBLE: case BOOL:
        return constant ? new Ir.Const(Type.DYN, value)
            : new Ir.Call(Type.DYN, t.is(Kind.INT) ? "boxInt"
                : t.is(Kind.DOUBLE) ? "boxDouble" : "boxBool", List.of(x));
      case TIMESTAMP:
        return constant ? new Ir.Const(Type.DYN, TimeValues.toInstant((Long) value))
            : new Ir.Call(Type.DYN, "boxTs", List.of(x));
      case DURATION:
        return constant ? new Ir.Const(Type.ANY, java.time.Duration.ofNanos((Long) value))
            : new Ir.Call(Type.ANY, "boxDur", List.of(x));
      default:
        throw error(pos, "a cidr value can only be the receiver of containsIP()");
    }
  }

  /** A {@code dyn} value checked at run time to be of the static type {@code target}. */
  private static Ir narrow(Ir x, Type target) {
    String helper;
    switch (target.kind) {
      case BOOL: helper = "asBool"; break;
      case INT: helper = "asInt"; break;
      case DOUBLE: helper = "asDouble"; break;
      case STRING: helper = "asString"; break;
      case TIMESTAMP: helper = "asTs"; break;
      case DURATION: helper = "asDur"; break;
      case LIST: helper = "asList"; break;
      default: throw new IllegalArgumentException("cannot narrow to " + target);
    }
    return new Ir.Call(target, helper, List.of(x));
  }
}
