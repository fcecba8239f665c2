package dev.vigil.policy.expr;

import static dev.vigil.policy.expr.ConditionRuntime.EQ;
import static dev.vigil.policy.expr.ConditionRuntime.GT;
import static dev.vigil.policy.expr.ConditionRuntime.LE;
import static dev.vigil.policy.expr.ConditionRuntime.LT;
import static dev.vigil.policy.expr.ConditionRuntime.NE;
import static dev.vigil.policy.expr.ConditionRuntime.asDur;
import static dev.vigil.policy.expr.ConditionRuntime.asTs;
import static dev.vigil.policy.expr.ConditionRuntime.isDouble;
import static dev.vigil.policy.expr.ConditionRuntime.isInt;
import static dev.vigil.policy.expr.ConditionRuntime.noOverload;
import static dev.vigil.policy.expr.ConditionRuntime.toDouble;
import static dev.vigil.policy.expr.ConditionRuntime.toLong;
import static dev.vigil.policy.expr.ConditionRuntime.typeName;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * CEL equality and ordering for generated conditions: numbers compare by value across int and
 * double (exactly, without rounding the int), NaN is unordered, values of different kinds are
 * unequal, lists and maps compare element-wise. Nothing here allocates unless it throws.
 */
final class Comparisons {

  /** Result of a comparison involving NaN: no ordering holds, only != is true. */
  private static final int UNORDERED = 2;

  private Comparisons() {}

  /** CEL equality: numbers compare by value across int and double, other kinds must match. */
  static boolean eq(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof Number) {
      if (!(b instanceof Number)) {
        return false;
      }
      if (isInt(a)) {
        return eq(b, toLong(a));
      }
      return eq(b, toDouble(a));
    }
    if (a instanceof List<?> la) {
      return b instanceof List<?> lb && eqList(la, lb);
    }
    if (a instanceof Map<?, ?> ma) {
      if (!(b instanceof Map<?, ?> mb) || ma.size() != mb.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : ma.entrySet()) {
        if (!mb.containsKey(e.getKey()) || !eq(e.getValue(), mb.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  static boolean eq(Object a, long b) {
    if (isInt(a)) {
      return toLong(a) == b;
    }
    return isDouble(a) && cmpLD(b, toDouble(a)) == 0;
  }

  static boolean eq(Object a, double b) {
    if (isInt(a)) {
      return cmpLD(toLong(a), b) == 0;
    }
    return isDouble(a) && toDouble(a) == b;
  }

  static boolean eq(Object a, String b) {
    return b.equals(a);
  }

  static boolean eq(Object a, boolean b) {
    return a instanceof Boolean x && x == b;
  }

  static boolean eqTs(Object a, long nanos) {
    return a instanceof Instant && asTs(a) == nanos;
  }

  static boolean eqDur(Object a, long nanos) {
    return a instanceof Duration && asDur(a) == nanos;
  }

  static boolean eqStr(String a, String b) {
    return a.equals(b);
  }

  static boolean eqList(List<?> a, List<?> b) {
    int n = a.size();
    if (n != b.size()) {
      return false;
    }
    if (a instanceof RandomAccess && b instanceof RandomAccess) {
      for (int i = 0; i < n; i++) {
        if (!eq(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    Iterator<?> ia = a.iterator();
    Iterator<?> ib = b.iterator();
    while (ia.hasNext()) {
      if (!eq(ia.next(), ib.next())) {
        return false;
      }
    }
    return true;
  }

  static boolean eqLD(long a, double b) {
    return cmpLD(a, b) == 0;
  }

  static boolean isNull(Object o) {
    return o == null;
  }

  static boolean isNull(long v) {
    return false;
  }

  static boolean isNull(double v) {
    return false;
  }

  static boolean isNull(boolean v) {
    return false;
  }

  // --- ordering ------------------------------------------------------------------------------

  private static boolean test(int c, int op) {
    if (c == UNORDERED) {
      return op == NE;
    }
    switch (op) {
      case EQ: return c == 0;
      case NE: return c != 0;
      case LT: return c < 0;
      case LE: return c <= 0;
      case GT: return c > 0;
      default: return c >= 0;
    }
  }

  private static String opName(int op) {
    switch (op) {
      case LT: return "<";
      case LE: return "<=";
      case GT: return ">";
      default: return ">=";
    }
  }

  /** Exact comparison of a long with a double (no rounding of the long); NaN is unordered. */
  private static int cmpLD(long l, double d) {
    if (Double.isNaN(d)) {
      return UNORDERED;
    }
    if (d >= 0x1p63) {
      return -1;
    }
    if (d < -0x1p63) {
      return 1;
    }
    long t = (long) d;
    if (l != t) {
      return l < t ? -1 : 1;
    }
    double frac = d - (double) t;
    return frac > 0 ? -1 : frac < 0 ? 1 : 0;
  }

  private static int cmpDD(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return UNORDERED;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }

  private static int reverse(int c) {
    return c == UNORDERED ? c : -c;
  }

  static boolean cmpLD(long a, double b, int op) {
    return test(cmpLD(a, b), op);
  }

  static boolean cmpStr(String a, String b, int op) {
    return test(Integer.signum(a.compareTo(b)), op);
  }

  static boolean cmp(Object a, long b, int op) {
    if (isInt(a)) {
      return test(Long.compare(toLong(a), b), op);
    } else if (isDouble(a)) {
      return test(reverse(cmpLD(b, toDouble(a))), op);
    }
    throw new EvaluationException("no matching overload for '" + opName(op) + "' applied to ("
        + typeName(a) + ", int)");
  }

  static boolean cmp(Object a, double b, int op) {
    if (isInt(a)) {
      return test(cmpLD(toLong(a), b), op);
    } else if (isDouble(a)) {
      return test(cmpDD(toDouble(a), b), op);
    }
    throw new EvaluationException("no matching overload for '" + opName(op) + "' applied to ("
        + typeName(a) + ", double)");
  }

  static boolean cmp(Object a, Object b, int op) {
    int c;
    if (a instanceof Number && b instanceof Number) {
      if (isInt(a)) {
        c = isInt(b) ? Long.compare(toLong(a), toLong(b)) : cmpLD(toLong(a), toDouble(b));
      } else {
        c = isInt(b) ? reverse(cmpLD(toLong(b), toDouble(a))) : cmpDD(toDouble(a), toDouble(b));
      }
    } else if (a instanceof String x && b instanceof String y) {
      c = Integer.signum(x.compareTo(y));
    } else if (a instanceof Boolean x && b instanceof Boolean y) {
      c = Boolean.compare(x, y);
    } else if (a instanceof Instant && b instanceof Instant) {
      c = Long.compare(asTs(a), asTs(b));
    } else if (a instanceof Duration && b instanceof Duration) {
      c = Long.compare(asDur(a), asDur(b));
    } else {
      throw noOverload(opName(op), a, b);
    }
    return test(c, op);
  }
}
