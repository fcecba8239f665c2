package dev.vigil.policy.expr;

import static dev.vigil.policy.expr.ConditionRuntime.asDur;
import static dev.vigil.policy.expr.ConditionRuntime.asTs;
import static dev.vigil.policy.expr.ConditionRuntime.isInt;
import static dev.vigil.policy.expr.ConditionRuntime.quote;
import static dev.vigil.policy.expr.ConditionRuntime.toDouble;
import static dev.vigil.policy.expr.ConditionRuntime.toLong;
import static dev.vigil.policy.expr.ConditionRuntime.typeName;

import java.time.Duration;
import java.time.Instant;

/**
 * The conversion functions {@code string()}, {@code int()}, {@code double()},
 * {@code timestamp()} and {@code duration()} for generated conditions, one overload per static
 * argument type plus an {@code Object} one for {@code dyn}.
 */
final class Conversions {

  private Conversions() {}

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
      throw new EvaluationException("cannot convert " + quote(s) + " to int");
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
      throw new EvaluationException("cannot convert " + quote(s) + " to double");
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
      throw new EvaluationException("invalid timestamp " + quote(s));
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
      throw new EvaluationException("invalid duration " + quote(s));
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
}
