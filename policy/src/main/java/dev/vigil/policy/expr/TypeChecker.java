package dev.vigil.policy.expr;

import dev.vigil.policy.expr.Ir.Source;
import dev.vigil.policy.expr.Type.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Resolves names, checks static types and picks the operation for every node, turning the syntax
 * tree into {@link Ir}. Values typed {@code dyn} (attributes, request, resource) are checked at
 * run time by the helpers it chooses; everything else is settled here, so a condition that
 * compiles can only fail at run time because of the data it reads. Calls are checked by
 * {@link CallChecker}, operators by {@link OperatorChecker}; this class keeps names, member
 * access, logic, conditionals, list literals and the conversions between static types and dyn.
 */
final class TypeChecker {

  /** The checked tree and whether it reads per-call data. */
  record Result(Ir root, boolean readsRequest) {}

  private final String src;
  private final Set<String> flags;
  private boolean readsRequest;
  private final CallChecker calls = new CallChecker(this);
  private final OperatorChecker operators = new OperatorChecker(this);

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
  static int start(Node node) {
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

  ExpressionException error(int pos, String reason) {
    return ExpressionException.at(src, pos, reason);
  }

  Ir expr(Node node) throws ExpressionException {
    if (node instanceof Node.Lit n) {
      return literal(n.value());
    } else if (node instanceof Node.Ident n) {
      return ident(n);
    } else if (node instanceof Node.Select n) {
      return select(n);
    } else if (node instanceof Node.Index n) {
      return index(n);
    } else if (node instanceof Node.Call n) {
      return n.target() == null ? calls.function(n) : calls.method(n);
    } else if (node instanceof Node.Unary n) {
      return operators.unary(n);
    } else if (node instanceof Node.Binary n) {
      return operators.binary(n);
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

  /** {@code has(x.f)}: presence of an attribute or map key. */
  Ir has(Node arg) throws ExpressionException {
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

  // --- conversions between static types and dyn ----------------------------------------------

  /** The value as a {@code dyn} object: primitives are boxed the way bindings would hold them. */
  Ir box(Ir x, int pos) throws ExpressionException {
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
  static Ir narrow(Ir x, Type target) {
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
