package dev.vigil.policy.expr;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.zone.ZoneRules;

/**
 * Timestamps and durations as the language holds them: a {@code long} count of nanoseconds (since
 * the epoch, or elapsed), so comparing and shifting them allocates nothing. Parses RFC 3339
 * timestamps and CEL duration strings, formats both the way CEL does, and splits a timestamp into
 * calendar fields with integer arithmetic.
 */
final class TimeValues {

  static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long NANOS_PER_MINUTE = 60 * NANOS_PER_SECOND;
  private static final long NANOS_PER_HOUR = 60 * NANOS_PER_MINUTE;

  private static final int[] DAYS_BEFORE_MONTH =
      {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};

  private TimeValues() {}

  /** Nanoseconds since the epoch; throws if the instant is outside years 1677 to 2262. */
  static long toNanos(Instant instant) {
    try {
      return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND),
          instant.getNano());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("timestamp " + instant
          + " is outside the supported range (1677-09-21 to 2262-04-11)");
    }
  }

  static Instant toInstant(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND),
        Math.floorMod(nanos, NANOS_PER_SECOND));
  }

  /** Parses an RFC 3339 timestamp such as {@code 2026-01-01T00:00:00Z} or with an offset. */
  static long parseTimestamp(String text) {
    Instant instant;
    try {
      instant = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("expected RFC 3339, for example 2026-01-01T00:00:00Z");
    }
    return toNanos(instant);
  }

  /**
   * Parses a CEL duration: an optional sign, then one or more decimal numbers (a fraction is
   * allowed) each followed by a unit {@code h m s ms us ns}, for example {@code 1h30m} or
   * {@code -1.5s}. The bare string {@code 0} is also accepted.
   */
  static long parseDuration(String text) {
    int i = 0;
    int n = text.length();
    boolean negative = false;
    if (i < n && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
      negative = text.charAt(i) == '-';
      i++;
    }
    if (text.substring(i).equals("0")) {
      return 0;
    }
    if (i == n) {
      throw new IllegalArgumentException("expected a number and a unit, for example 1h30m");
    }
    long total = 0;
    try {
      while (i < n) {
        int start = i;
        while (i < n && isDigit(text.charAt(i))) {
          i++;
        }
        if (i == start) {
          throw new IllegalArgumentException("expected a number at position " + (i + 1));
        }
        int fracStart = -1;
        int intEnd = i;
        if (i < n && text.charAt(i) == '.') {
          i++;
          fracStart = i;
          while (i < n && isDigit(text.charAt(i))) {
            i++;
          }
          if (i == fracStart) {
            throw new IllegalArgumentException("expected digits after '.'");
          }
        }
        int unitStart = i;
        while (i < n && !isDigit(text.charAt(i)) && text.charAt(i) != '.') {
          i++;
        }
        long unit = unit(text.substring(unitStart, i));
        long whole = Math.multiplyExact(Long.parseLong(text.substring(start, intEnd)), unit);
        total = Math.addExact(total, whole);
        if (fracStart >= 0) {
          BigDecimal fraction = new BigDecimal("0." + text.substring(fracStart, unitStart));
          total = Math.addExact(total,
              fraction.multiply(BigDecimal.valueOf(unit)).longValue());
        }
      }
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("duration out of range (about 292 years)");
    }
    return negative ? -total : total;
  }

  private static long unit(String unit) {
    switch (unit) {
      case "h": return NANOS_PER_HOUR;
      case "m": return NANOS_PER_MINUTE;
      case "s": return NANOS_PER_SECOND;
      case "ms": return 1_000_000L;
      case "us": case "\u00b5s": case "\u03bcs": return 1_000L;
      case "ns": return 1L;
      case "":
        throw new IllegalArgumentException("missing unit (h, m, s, ms, us or ns)");
      default:
        throw new IllegalArgumentException(
            "unknown unit '" + unit + "' (use h, m, s, ms, us or ns)");
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** CEL's text form of a duration: seconds with 0, 3, 6 or 9 fraction digits ({@code 1.500s}). */
  static String formatDuration(long nanos) {
    long seconds = Math.abs(nanos / NANOS_PER_SECOND);
    long fraction = Math.abs(nanos % NANOS_PER_SECOND);
    StringBuilder sb = new StringBuilder();
    if (nanos < 0) {
      sb.append('-');
    }
    sb.append(seconds);
    if (fraction != 0) {
      String digits = String.format("%09d", fraction);
      if (fraction % 1_000_000 == 0) {
        digits = digits.substring(0, 3);
      } else if (fraction % 1_000 == 0) {
        digits = digits.substring(0, 6);
      }
      sb.append('.').append(digits);
    }
    return sb.append('s').toString();
  }

  static String formatTimestamp(long nanos) {
    return toInstant(nanos).toString();
  }

  /** The offset of {@code zone} at {@code nanos}; null means UTC. */
  static int offsetSeconds(long nanos, ZoneId zone) {
    if (zone == null) {
      return 0;
    }
    ZoneRules rules = zone.getRules();
    if (rules.isFixedOffset()) {
      return rules.getOffset(Instant.EPOCH).getTotalSeconds();
    }
    return rules.getOffset(Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND)))
        .getTotalSeconds();
  }

  /** One calendar or clock field of a timestamp, CEL numbering (month and day of year from 0). */
  static long timestampField(long nanos, int field, int offsetSeconds) {
    long seconds = Math.floorDiv(nanos, NANOS_PER_SECOND) + offsetSeconds;
    long days = Math.floorDiv(seconds, 86_400L);
    long secondOfDay = Math.floorMod(seconds, 86_400L);
    switch (field) {
      case ConditionRuntime.HOURS: return secondOfDay / 3600;
      case ConditionRuntime.MINUTES: return (secondOfDay / 60) % 60;
      case ConditionRuntime.SECONDS: return secondOfDay % 60;
      case ConditionRuntime.MILLISECONDS:
        return Math.floorMod(nanos, NANOS_PER_SECOND) / 1_000_000L;
      case ConditionRuntime.DAY_OF_WEEK:
        return Math.floorMod(days + 4, 7L); // 1970-01-01 was a Thursday, and Sunday is 0
      default: break;
    }
    // Days to proleptic Gregorian date, counting in 400-year eras that start on March 1st so the
    // leap day falls at the end of each year.
    long z = days + 719_468L;
    long era = Math.floorDiv(z, 146_097L);
    long dayOfEra = z - era * 146_097L;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfMarchYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long mp = (5 * dayOfMarchYear + 2) / 153;
    long day = dayOfMarchYear - (153 * mp + 2) / 5 + 1;
    long month = mp < 10 ? mp + 3 : mp - 9;
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    switch (field) {
      case ConditionRuntime.FULL_YEAR: return year;
      case ConditionRuntime.MONTH: return month - 1;
      case ConditionRuntime.DATE: return day;
      case ConditionRuntime.DAY_OF_MONTH: return day - 1;
      default: {
        boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        return DAYS_BEFORE_MONTH[(int) month - 1] + (leap && month > 2 ? 1 : 0) + day - 1;
      }
    }
  }

  /** A duration's total hours, minutes or seconds, or its millisecond part, as CEL defines them. */
  static long durationField(long nanos, int field) {
    switch (field) {
      case ConditionRuntime.HOURS: return nanos / NANOS_PER_HOUR;
      case ConditionRuntime.MINUTES: return nanos / NANOS_PER_MINUTE;
      case ConditionRuntime.SECONDS: return nanos / NANOS_PER_SECOND;
      default: return (nanos % NANOS_PER_SECOND) / 1_000_000L;
    }
  }
}
