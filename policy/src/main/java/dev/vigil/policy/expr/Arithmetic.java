package dev.vigil.policy.expr;

import static dev.vigil.policy.expr.ConditionRuntime.asDur;
import static dev.vigil.policy.expr.ConditionRuntime.asTs;
import static dev.vigil.policy.expr.ConditionRuntime.boxDur;
import static dev.vigil.policy.expr.ConditionRuntime.boxTs;
import static dev.vigil.policy.expr.ConditionRuntime.concatList;
import static dev.vigil.policy.expr.ConditionRuntime.isDouble;
import static dev.vigil.policy.expr.ConditionRuntime.isInt;
import static dev.vigil.policy.expr.ConditionRuntime.noOverload;
import static dev.vigil.policy.expr.ConditionRuntime.toDouble;
import static dev.vigil.policy.expr.ConditionRuntime.toLong;
import static dev.vigil.policy.expr.ConditionRuntime.typeName;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Arithmetic for generated conditions. Int, timestamp and duration operations are on primitive
 * longs and turn overflow into {@link EvaluationException}, as CEL requires; the {@code Object}
 * overloads serve operands whose types are only known at run time and box their result.
 */
final class Arithmetic {

  private Arithmetic() {}

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
}
