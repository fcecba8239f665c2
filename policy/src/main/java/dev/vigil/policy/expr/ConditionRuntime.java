package dev.vigil.policy.expr;

import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * The static helpers generated conditions call: reading bindings, checking {@code dyn} values at
 * run time, overflow-checked arithmetic, CEL equality and ordering across number types, and the
 * string, list, time and network functions. Generated classes live in this package, so these stay
 * package-private. The JIT inlines them; none of the comparison, membership, string-test, CIDR or
 * time-field helpers allocate unless they throw.
 *
 * <p>Run-time value model (what bindings hand over): {@code Long}, {@code Integer}, {@code Short},
 * {@code Byte} and in-range {@code BigInteger} are ints; any other {@code Number} is a double;
 * {@code String}, {@code Boolean}, {@code Instant} (timestamp), {@code Duration} (only produced
 * internally), {@code List}, {@code Map}, and null.
 */
final class ConditionRuntime {

  // Operator codes shared by the type checker, the code generator and the helpers.
  static final int EQ = 0;
  static final int NE = 1;
  static final int LT = 2;
  static final int LE = 3;
  static final int GT = 4;
  static final int GE = 5;

  // Field codes for the timestamp and duration accessors.
  static final int FULL_YEAR = 0;
  static final int MONTH = 1;
  static final int DAY_OF_MONTH = 2;
  static final int DATE = 3;
  static final int DAY_OF_WEEK = 4;
  static final int DAY_OF_YEAR = 5;
  static final int HOURS = 6;
  static final int MINUTES = 7;
  static final int SECONDS = 8;
  static final int MILLISECONDS = 9;

  /** Result of a comparison involving NaN: no ordering holds, only != is true. */
  private static final int UNORDERED = 2;

  private ConditionRuntime() {}

  // --- bindings ------------------------------------------------------------------------------

  static String subjectId(Bindings b) {
    String id = b.subjectId();
    if (id == null) {
      throw new EvaluationException("no such attribute 'subject.id'");
    }
    return id;
  }

  static boolean subjectHasId(Bindings b) {
    return b.subjectId() != null;
  }

  static List<?> subjectRoles(Bindings b) {
    List<String> roles = b.subjectRoles();
    return roles == null ? List.of() : roles;
  }

  static List<?> subjectGroups(Bindings b) {
    List<String> groups = b.subjectGroups();
    return groups == null ? List.of() : groups;
  }

  static Object subjectAttr(Bindings b, String name) {
    Object v = b.subjectAttribute(name);
    if (v == null) {
      throw new EvaluationException("no such attribute 'subject." + name + "'");
    }
    return v;
  }

  static boolean subjectHas(Bindings b, String name) {
    return b.subjectAttribute(name) != null;
  }

  /** {@code subject[key]} with a key known only at run time. */
  static Object subjectField(Bindings b, String key) {
    switch (key) {
      case "id": return subjectId(b);
      case "roles": return subjectRoles(b);
      case "groups": return subjectGroups(b);
      default: return subjectAttr(b, key);
    }
  }

  static Object requestAttr(Bindings b, String name) {
    Object v = b.requestAttribute(name);
    if (v == null) {
      throw new EvaluationException("no such attribute 'request." + name + "'");
    }
    return v;
  }

  static boolean requestHas(Bindings b, String name) {
    return b.requestAttribute(name) != null;
  }

  static String action(Bindings b) {
    String action = b.action();
    if (action == null) {
      throw new EvaluationException("no action in bindings");
    }
    return action;
  }

  // --- run-time type checks ------------------------------------------------------------------

  static boolean isInt(Object o) {
    return o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte
        || o instanceof BigInteger;
  }

  static boolean isDouble(Object o) {
    return o instanceof Number && !isInt(o);
  }

  private static long toLong(Object o) {
    if (o instanceof BigInteger big) {
      if (big.bitLength() > 63) {
        throw new EvaluationException("integer " + big + " is out of the 64-bit range");
      }
      return big.longValue();
    }
    return ((Number) o).longValue();
  }

  private static double toDouble(Object o) {
    return ((Number) o).doubleValue();
  }

  static String typeName(Object o) {
    if (o == null) {
      return "null";
    } else if (o instanceof Boolean) {
      return "bool";
    } else if (isInt(o)) {
      return "int";
    } else if (o instanceof Number) {
      return "double";
    } else if (o instanceof String) {
      return "string";
    } else if (o instanceof Instant) {
      return "timestamp";
    } else if (o instanceof Duration) {
      return "duration";
    } else if (o instanceof List) {
      return "list";
    } else if (o instanceof Map) {
      return "map";
    }
    return o.getClass().getName();
  }

  private static EvaluationException expected(String type, Object got) {
    return new EvaluationException("expected " + type + " but got " + typeName(got));
  }

  private static EvaluationException noOverload(String op, Object a, Object b) {
    return new EvaluationException("no matching overload for '" + op + "' applied to ("
        + typeName(a) + ", " + typeName(b) + ")");
  }

  static boolean asBool(Object o) {
    if (o instanceof Boolean b) {
      return b;
    }
    throw expected("bool", o);
  }

  static long asInt(Object o) {
    if (isInt(o)) {
      return toLong(o);
    }
    throw expected("int", o);
  }

  static double asDouble(Object o) {
    if (isDouble(o)) {
      return toDouble(o);
    }
    throw expected("double", o);
  }

  static String asString(Object o) {
    if (o instanceof String s) {
      return s;
    }
    throw expected("string", o);
  }

  static long asTs(Object o) {
    if (o instanceof Instant i) {
      try {
        return TimeValues.toNanos(i);
      } catch (IllegalArgumentException e) {
        throw new EvaluationException(e.getMessage());
      }
    }
    throw expected("timestamp", o);
  }

  static long asDur(Object o) {
    if (o instanceof Duration d) {
      try {
        return d.toNanos();
      } catch (ArithmeticException e) {
        throw new EvaluationException("duration out of range (about 292 years)");
      }
    }
    throw expected("duration", o);
  }

  static List<?> asList(Object o) {
    if (o instanceof List<?> l) {
      return l;
    }
    throw expected("list", o);
  }

  static Object boxInt(long v) {
    return v;
  }

  static Object boxDouble(double v) {
    return v;
  }

  static Object boxBool(boolean v) {
    return v;
  }

  static Object boxTs(long nanos) {
    return TimeValues.toInstant(nanos);
  }

  static Object boxDur(long nanos) {
    return Duration.ofNanos(nanos);
  }

  static List<?> listOf(Object[] elements) {
    return Collections.unmodifiableList(Arrays.asList(elements));
  }

  // --- maps and lists ------------------------------------------------------------------------

  static Object select(Object o, String field) {
    if (o instanceof Map<?, ?> m) {
      Object v = m.get(field);
      if (v == null && !m.containsKey(field)) {
        throw new EvaluationException("no such key '" + field + "'");
      }
      return v;
    }
    throw new EvaluationException("cannot select field '" + field + "' of " + typeName(o));
  }

  static boolean has(Object o, String field) {
    if (o instanceof Map<?, ?> m) {
      return m.containsKey(field);
    }
    throw new EvaluationException("has() cannot test field '" + field + "' of " + typeName(o));
  }

  static Object index(Object container, Object key) {
    if (container instanceof List<?> l) {
      if (!isInt(key)) {
        throw noOverload("[]", container, key);
      }
      return element(l, toLong(key));
    }
    if (container instanceof Map<?, ?> m) {
      if (m.containsKey(key)) {
        return m.get(key);
      }
      if (key instanceof Number) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
          if (e.getKey() instanceof Number && eq(e.getKey(), key)) {
            return e.getValue();
          }
        }
      }
      throw new EvaluationException("no such key '" + key + "'");
    }
    throw noOverload("[]", container, key);
  }

  private static Object element(List<?> l, long i) {
    if (i < 0 || i >= l.size()) {
      throw new EvaluationException("index " + i + " out of range for a list of size " + l.size());
    }
    return l.get((int) i);
  }

  static Object indexDyn(List<?> l, long i) {
    return element(l, i);
  }

  static String indexStr(List<?> l, long i) {
    return asString(element(l, i));
  }

  static long indexInt(List<?> l, long i) {
    return asInt(element(l, i));
  }

  static double indexDouble(List<?> l, long i) {
    return asDouble(element(l, i));
  }

  static boolean indexBool(List<?> l, long i) {
    return asBool(element(l, i));
  }

  static long indexTs(List<?> l, long i) {
    return asTs(element(l, i));
  }

  static long indexDur(List<?> l, long i) {
    return asDur(element(l, i));
  }

  static List<?> indexList(List<?> l, long i) {
    return asList(element(l, i));
  }

  static long sizeStr(String s) {
    return s.codePointCount(0, s.length());
  }

  static long sizeList(List<?> l) {
    return l.size();
  }

  static long size(Object o) {
    if (o instanceof String s) {
      return sizeStr(s);
    } else if (o instanceof List<?> l) {
      return l.size();
    } else if (o instanceof Map<?, ?> m) {
      return m.size();
    }
    throw new EvaluationException("no matching overload for 'size' applied to (" + typeName(o)
        + ")");
  }

  static boolean containsStr(List<?> l, String s) {
    if (l instanceof RandomAccess) {
      for (int i = 0, n = l.size(); i < n; i++) {
        if (s.equals(l.get(i))) {
          return true;
        }
      }
      return false;
    }
    return l.contains(s);
  }

  static boolean containsInt(List<?> l, long v) {
    if (l instanceof RandomAccess) {
      for (int i = 0, n = l.size(); i < n; i++) {
        if (eq(l.get(i), v)) {
          return true;
        }
      }
      return false;
    }
    for (Object e : l) {
      if (eq(e, v)) {
        return true;
      }
    }
    return false;
  }

  static boolean contains(List<?> l, Object v) {
    if (l instanceof RandomAccess) {
      for (int i = 0, n = l.size(); i < n; i++) {
        if (eq(l.get(i), v)) {
          return true;
        }
      }
      return false;
    }
    for (Object e : l) {
      if (eq(e, v)) {
        return true;
      }
    }
    return false;
  }

  /** {@code elem in container} for a {@code dyn} container: list membership or map key. */
  static boolean in(Object elem, Object container) {
    if (container instanceof List<?> l) {
      return contains(l, elem);
    }
    if (container instanceof Map<?, ?> m) {
      if (m.containsKey(elem)) {
        return true;
      }
      if (elem instanceof Number) {
        for (Object k : m.keySet()) {
          if (k instanceof Number && eq(k, elem)) {
            return true;
          }
        }
      }
      return false;
    }
    throw noOverload("in", elem, container);
  }

  static List<?> concatList(List<?> a, List<?> b) {
    List<Object> out = new ArrayList<>(a.size() + b.size());
    out.addAll(a);
    out.addAll(b);
    return Collections.unmodifiableList(out);
  }

  // --- equality ------------------------------------------------------------------------------

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

  // --- arithmetic ----------------------------------------------------------------------------

  static long addInt(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      throw new EvaluationException("int overflow");
    }
    return r;
  }

  static long subInt(long a, long b) {
    long r = a - b;
    if (((a ^ b) & (a ^ r)) < 0) {
      throw new EvaluationException("int overflow");
    }
    return r;
  }

  static long mulInt(long a, long b) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
      return lo;
    }
    throw new EvaluationException("int overflow");
  }

  static long divInt(long a, long b) {
    if (b == 0) {
      throw new EvaluationException("division by zero");
    }
    if (a == Long.MIN_VALUE && b == -1) {
      throw new EvaluationException("int overflow");
    }
    return a / b;
  }

  static long modInt(long a, long b) {
    if (b == 0) {
      throw new EvaluationException("modulus by zero");
    }
    // Long.MIN_VALUE % -1 is 0 in Java as in cel-java: unlike the quotient, it cannot overflow.
    return a % b;
  }

  static long negInt(long a) {
    if (a == Long.MIN_VALUE) {
      throw new EvaluationException("int overflow");
    }
    return -a;
  }

  static double addDouble(double a, double b) {
    return a + b;
  }

  static double subDouble(double a, double b) {
    return a - b;
  }

  static double mulDouble(double a, double b) {
    return a * b;
  }

  static double divDouble(double a, double b) {
    return a / b;
  }

  static double negDouble(double a) {
    return -a;
  }

  static String concat(String a, String b) {
    return a.concat(b);
  }

  static long addTsDur(long ts, long dur) {
    long r = ts + dur;
    if (((ts ^ r) & (dur ^ r)) < 0) {
      throw new EvaluationException("timestamp out of range");
    }
    return r;
  }

  static long addDurTs(long dur, long ts) {
    return addTsDur(ts, dur);
  }

  static long addDur(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      throw new EvaluationException("duration out of range");
    }
    return r;
  }

  static long subTs(long a, long b) {
    long r = a - b;
    if (((a ^ b) & (a ^ r)) < 0) {
      throw new EvaluationException("duration out of range");
    }
    return r;
  }

  static long subTsDur(long ts, long dur) {
    long r = ts - dur;
    if (((ts ^ dur) & (ts ^ r)) < 0) {
      throw new EvaluationException("timestamp out of range");
    }
    return r;
  }

  static long subDur(long a, long b) {
    long r = a - b;
    if (((a ^ b) & (a ^ r)) < 0) {
      throw new EvaluationException("duration out of range");
    }
    return r;
  }

  static Object add(Object a, Object b) {
    if (isInt(a) && isInt(b)) {
      return addInt(toLong(a), toLong(b));
    } else if (isDouble(a) && isDouble(b)) {
      return toDouble(a) + toDouble(b);
    } else if (a instanceof String x && b instanceof String y) {
      return x.concat(y);
    } else if (a instanceof List<?> x && b instanceof List<?> y) {
      return concatList(x, y);
    } else if (a instanceof Instant && b instanceof Duration) {
      return boxTs(addTsDur(asTs(a), asDur(b)));
    } else if (a instanceof Duration && b instanceof Instant) {
      return boxTs(addTsDur(asTs(b), asDur(a)));
    } else if (a instanceof Duration && b instanceof Duration) {
      return boxDur(addDur(asDur(a), asDur(b)));
    }
    throw noOverload("+", a, b);
  }

  static Object sub(Object a, Object b) {
    if (isInt(a) && isInt(b)) {
      return subInt(toLong(a), toLong(b));
    } else if (isDouble(a) && isDouble(b)) {
      return toDouble(a) - toDouble(b);
    } else if (a instanceof Instant && b instanceof Instant) {
      return boxDur(subTs(asTs(a), asTs(b)));
    } else if (a instanceof Instant && b instanceof Duration) {
      return boxTs(subTsDur(asTs(a), asDur(b)));
    } else if (a instanceof Duration && b instanceof Duration) {
      return boxDur(subDur(asDur(a), asDur(b)));
    }
    throw noOverload("-", a, b);
  }

  static Object mul(Object a, Object b) {
    if (isInt(a) && isInt(b)) {
      return mulInt(toLong(a), toLong(b));
    } else if (isDouble(a) && isDouble(b)) {
      return toDouble(a) * toDouble(b);
    }
    throw noOverload("*", a, b);
  }

  static Object div(Object a, Object b) {
    if (isInt(a) && isInt(b)) {
      return divInt(toLong(a), toLong(b));
    } else if (isDouble(a) && isDouble(b)) {
      return toDouble(a) / toDouble(b);
    }
    throw noOverload("/", a, b);
  }

  static Object mod(Object a, Object b) {
    if (isInt(a) && isInt(b)) {
      return modInt(toLong(a), toLong(b));
    }
    throw noOverload("%", a, b);
  }

  static Object neg(Object a) {
    if (isInt(a)) {
      return negInt(toLong(a));
    } else if (isDouble(a)) {
      return -toDouble(a);
    }
    throw new EvaluationException("no matching overload for '-' applied to (" + typeName(a) + ")");
  }

  // --- conversions ---------------------------------------------------------------------------

  static String strInt(long v) {
    return Long.toString(v);
  }

  static String strDouble(double v) {
    return Double.toString(v);
  }

  static String strBool(boolean v) {
    return v ? "true" : "false";
  }

  static String strTs(long nanos) {
    return TimeValues.formatTimestamp(nanos);
  }

  static String strDur(long nanos) {
    return TimeValues.formatDuration(nanos);
  }

  static String str(Object o) {
    if (o instanceof String s) {
      return s;
    } else if (isInt(o)) {
      return Long.toString(toLong(o));
    } else if (o instanceof Number) {
      return Double.toString(toDouble(o));
    } else if (o instanceof Boolean b) {
      return strBool(b);
    } else if (o instanceof Instant i) {
      return i.toString();
    } else if (o instanceof Duration) {
      return strDur(asDur(o));
    }
    throw new EvaluationException("no matching overload for 'string' applied to (" + typeName(o)
        + ")");
  }

  static long intOfDouble(double d) {
    if (!(d >= -0x1p63 && d < 0x1p63)) {
      throw new EvaluationException("double " + d + " is out of the int range");
    }
    return (long) d;
  }

  static long intOfString(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new EvaluationException("cannot convert '" + s + "' to int");
    }
  }

  static long intOfTs(long nanos) {
    return Math.floorDiv(nanos, TimeValues.NANOS_PER_SECOND);
  }

  static long intOf(Object o) {
    if (isInt(o)) {
      return toLong(o);
    } else if (o instanceof Number) {
      return intOfDouble(toDouble(o));
    } else if (o instanceof String s) {
      return intOfString(s);
    } else if (o instanceof Instant) {
      return intOfTs(asTs(o));
    }
    throw new EvaluationException("no matching overload for 'int' applied to (" + typeName(o)
        + ")");
  }

  static double doubleOfInt(long v) {
    return v;
  }

  static double doubleOfString(String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new EvaluationException("cannot convert '" + s + "' to double");
    }
  }

  static double doubleOf(Object o) {
    if (o instanceof Number) {
      return toDouble(o);
    } else if (o instanceof String s) {
      return doubleOfString(s);
    }
    throw new EvaluationException("no matching overload for 'double' applied to (" + typeName(o)
        + ")");
  }

  static long tsOfString(String s) {
    try {
      return TimeValues.parseTimestamp(s);
    } catch (IllegalArgumentException e) {
      throw new EvaluationException("invalid timestamp '" + s + "'");
    }
  }

  static long tsOfInt(long seconds) {
    if (seconds > Long.MAX_VALUE / TimeValues.NANOS_PER_SECOND
        || seconds < Long.MIN_VALUE / TimeValues.NANOS_PER_SECOND) {
      throw new EvaluationException("timestamp out of range");
    }
    return seconds * TimeValues.NANOS_PER_SECOND;
  }

  static long tsOf(Object o) {
    if (o instanceof Instant) {
      return asTs(o);
    } else if (o instanceof String s) {
      return tsOfString(s);
    } else if (isInt(o)) {
      return tsOfInt(toLong(o));
    }
    throw new EvaluationException("no matching overload for 'timestamp' applied to ("
        + typeName(o) + ")");
  }

  static long durOfString(String s) {
    try {
      return TimeValues.parseDuration(s);
    } catch (IllegalArgumentException e) {
      throw new EvaluationException("invalid duration '" + s + "'");
    }
  }

  static long durOf(Object o) {
    if (o instanceof Duration) {
      return asDur(o);
    } else if (o instanceof String s) {
      return durOfString(s);
    }
    throw new EvaluationException("no matching overload for 'duration' applied to ("
        + typeName(o) + ")");
  }

  // --- strings, networks, time ---------------------------------------------------------------

  static boolean startsWith(String s, String prefix) {
    return s.startsWith(prefix);
  }

  static boolean endsWith(String s, String suffix) {
    return s.endsWith(suffix);
  }

  static boolean strContains(String s, String part) {
    return s.contains(part);
  }

  static boolean matches(String s, Regex regex) {
    return regex.find(s);
  }

  static String lowerAscii(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        char[] chars = s.toCharArray();
        for (int j = i; j < n; j++) {
          if (chars[j] >= 'A' && chars[j] <= 'Z') {
            chars[j] += 'a' - 'A';
          }
        }
        return new String(chars);
      }
    }
    return s;
  }

  static String upperAscii(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c >= 'a' && c <= 'z') {
        char[] chars = s.toCharArray();
        for (int j = i; j < n; j++) {
          if (chars[j] >= 'a' && chars[j] <= 'z') {
            chars[j] -= 'a' - 'A';
          }
        }
        return new String(chars);
      }
    }
    return s;
  }

  static boolean containsIp(Cidr cidr, String ip) {
    return cidr.containsIp(ip);
  }

  static long tsField(long nanos, int field, ZoneId zone) {
    return TimeValues.timestampField(nanos, field, TimeValues.offsetSeconds(nanos, zone));
  }

  static long tsFieldTz(long nanos, int field, String zone) {
    ZoneId id;
    try {
      id = ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new EvaluationException("invalid time zone '" + zone + "'");
    }
    return tsField(nanos, field, id);
  }

  static long durField(long nanos, int field) {
    return TimeValues.durationField(nanos, field);
  }
}
