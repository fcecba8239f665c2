package dev.vigil.policy.expr;

import static dev.vigil.policy.expr.ConditionRuntime.EQ;
import static dev.vigil.policy.expr.ConditionRuntime.GE;
import static dev.vigil.policy.expr.ConditionRuntime.GT;
import static dev.vigil.policy.expr.ConditionRuntime.LE;
import static dev.vigil.policy.expr.ConditionRuntime.LT;
import static dev.vigil.policy.expr.ConditionRuntime.NE;
import static dev.vigil.policy.expr.TypeChecker.narrow;
import static dev.vigil.policy.expr.TypeChecker.start;

import dev.vigil.policy.expr.Type.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Type checks the unary and binary operators for {@link TypeChecker} and picks each one's
 * implementation: an inline primitive comparison where both static types allow it, a typed helper
 * when one side is {@code dyn} (narrowing it at run time), or a generic helper when only the
 * run-time types can decide.
 */
final class OperatorChecker {

  private final TypeChecker checker;

  OperatorChecker(TypeChecker checker) {
    this.checker = checker;
  }

  Ir unary(Node.Unary n) throws ExpressionException {
    Ir x = checker.expr(n.operand());
    Type t = x.type();
    if (n.op() == Token.Kind.NOT) {
      if (t.is(Kind.BOOL)) {
        return new Ir.Not(x);
      } else if (t.isDyn()) {
        return new Ir.Not(narrow(x, Type.BOOL));
      }
      throw checker.error(n.pos(), "no matching overload for '!' applied to (" + t + ")");
    }
    switch (t.kind) {
      case INT: return new Ir.Call(Type.INT, "negInt", List.of(x));
      case DOUBLE: return new Ir.Call(Type.DOUBLE, "negDouble", List.of(x));
      case DYN: case ANY: return new Ir.Call(t, "neg", List.of(x));
      default: throw checker.error(n.pos(), "no matching overload for '-' applied to (" + t + ")");
    }
  }

  Ir binary(Node.Binary n) throws ExpressionException {
    Ir l = checker.expr(n.left());
    Ir r = checker.expr(n.right());
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
    return checker.error(n.pos(),
        "no matching overload for '" + opText(n) + "' applied to (" + l + ", " + r + ")");
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
        List.of(checker.box(l, start(n.left())), checker.box(r, start(n.right()))));
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
          eq = new Ir.Call(Type.BOOL, "eq", List.of(l, checker.box(r, start(n.right()))));
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
            List.of(container, checker.box(elem, start(n.left()))));
      }
      throw noOverload(n, et, ct);
    }
    if (ct.isDyn()) {
      return new Ir.Call(Type.BOOL, "in", List.of(checker.box(elem, start(n.left())), container));
    }
    throw noOverload(n, et, ct);
  }
}
