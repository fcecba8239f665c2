package dev.vigil.policy.expr;

import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * The static helpers generated conditions call for reading bindings, checking {@code dyn} values
 * at run time, maps and lists, and the string, network and time functions; {@link Comparisons},
 * {@link Arithmetic} and {@link Conversions} hold the rest. Generated classes live in this
 * package, so all of these stay package-private. The JIT inlines them; none of the membership,
 * string-test, CIDR or time-field helpers allocate unless they throw.
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

  static long toLong(Object o) {
    if (o instanceof BigInteger big) {
      if (big.bitLength() > 63) {
        throw new EvaluationException("integer " + big + " is out of the 64-bit range");
      }
      return big.longValue();
    }
    return ((Number) o).longValue();
  }

  static double toDouble(Object o) {
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

  /**
   * A run-time value as it appears in an error reason: quoted, cut to 64 characters, control
   * characters replaced. Values come from callers and reasons end up in logs.
   */
  static String quote(Object value) {
    String s = String.valueOf(value);
    int n = Math.min(s.length(), 64);
    StringBuilder sb = new StringBuilder(n + 5).append('\'');
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      sb.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return sb.append(s.length() > n ? "...'" : "'").toString();
  }

  private static EvaluationException expected(String type, Object got) {
    return new EvaluationException("expected " + type + " but got " + typeName(got));
  }

  static EvaluationException noOverload(String op, Object a, Object b) {
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
          if (e.getKey() instanceof Number && Comparisons.eq(e.getKey(), key)) {
            return e.getValue();
          }
        }
      }
      throw new EvaluationException("no such key " + quote(key));
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
        if (Comparisons.eq(l.get(i), v)) {
          return true;
        }
      }
      return false;
    }
    for (Object e : l) {
      if (Comparisons.eq(e, v)) {
        return true;
      }
    }
    return false;
  }

  static boolean contains(List<?> l, Object v) {
    if (l instanceof RandomAccess) {
      for (int i = 0, n = l.size(); i < n; i++) {
        if (Comparisons.eq(l.get(i), v)) {
          return true;
        }
      }
      return false;
    }
    for (Object e : l) {
      if (Comparisons.eq(e, v)) {
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
          if (k instanceof Number && Comparisons.eq(k, elem)) {
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
      throw new EvaluationException("invalid time zone " + quote(zone));
    }
    return tsField(nanos, field, id);
  }

  static long durField(long nanos, int field) {
    return TimeValues.durationField(nanos, field);
  }
}
