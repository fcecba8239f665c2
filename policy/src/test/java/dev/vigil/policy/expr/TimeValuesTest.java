package dev.vigil.policy.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Duration syntax, CEL formatting, and calendar fields checked against java.time. */
class TimeValuesTest {

  private static final long S = 1_000_000_000L;

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "1h30m, 5400000000000",
      "90m, 5400000000000",
      "1.5h, 5400000000000",
      "-1.5s, -1500000000",
      "+2m, 120000000000",
      "0, 0",
      "-0, 0",
      "0s, 0",
      "300ms, 300000000",
      "1us, 1000",
      "1\u00b5s, 1000",
      "7ns, 7",
      "2h45m30.5s, 9930500000000",
      "1h1h, 7200000000000",
      "0.000000001s, 1",
      "2562047h, 9223369200000000000",
  })
  void parsesDurations(String text, long nanos) {
    assertThat(TimeValues.parseDuration(text)).isEqualTo(nanos);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-", "1", "1d", "h", "1.h", ".5s", "1h-2m", "1 h", "9999999999h",
      "2562048h", "99999999999999999999s"})
  void rejectsBadDurations(String text) {
    assertThatThrownBy(() -> TimeValues.parseDuration(text))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({"1500000000, 1.500s", "-7200000000000, -7200s", "1, 0.000000001s",
      "1000001000, 1.000001s", "0, 0s", "-500000000, -0.500s"})
  void formatsDurationsLikeCel(long nanos, String text) {
    assertThat(TimeValues.formatDuration(nanos)).isEqualTo(text);
  }

  @Test
  void parsesTimestampsWithOffsetsAndRejectsOutOfRange() {
    assertThat(TimeValues.parseTimestamp("2026-01-01T10:00:00+02:00"))
        .isEqualTo(TimeValues.parseTimestamp("2026-01-01T08:00:00Z"));
    assertThat(TimeValues.parseTimestamp("1970-01-01T00:00:00.000000001Z")).isEqualTo(1);
    assertThat(TimeValues.parseTimestamp("1969-12-31T23:59:59Z")).isEqualTo(-S);
    assertThatThrownBy(() -> TimeValues.parseTimestamp("2300-01-01T00:00:00Z"))
        .hasMessageContaining("outside the supported range");
    assertThatThrownBy(() -> TimeValues.parseTimestamp("2026-01-01"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Every field, for random instants across the supported range and several zones. */
  @Test
  void calendarFieldsAgreeWithJavaTime() {
    Random random = new Random(7);
    List<ZoneId> zones = List.of(ZoneId.of("UTC"), ZoneId.of("America/New_York"),
        ZoneId.of("Asia/Kolkata"), ZoneId.of("+05:45"), ZoneId.of("-12:00"));
    for (int i = 0; i < 5_000; i++) {
      long nanos = random.nextLong();
      ZoneId zone = zones.get(i % zones.size());
      ZonedDateTime t = TimeValues.toInstant(nanos).atZone(zone);
      int offset = TimeValues.offsetSeconds(nanos, i % zones.size() == 0 ? null : zone);
      assertThat(new long[] {
          TimeValues.timestampField(nanos, ConditionRuntime.FULL_YEAR, offset),
          TimeValues.timestampField(nanos, ConditionRuntime.MONTH, offset),
          TimeValues.timestampField(nanos, ConditionRuntime.DATE, offset),
          TimeValues.timestampField(nanos, ConditionRuntime.DAY_OF_MONTH, offset),
          TimeValues.timestampField(nanos, ConditionRuntime.DAY_OF_WEEK, offset),
          TimeValues.timestampField(nanos, ConditionRuntime.DAY_OF_YEAR, offset),
          TimeValues.timestampField(nanos, ConditionRuntime.HOURS, offset),
          TimeValues.timestampField(nanos, ConditionRuntime.MINUTES, offset),
          TimeValues.timestampField(nanos, ConditionRuntime.SECONDS, offset),
          TimeValues.timestampField(nanos, ConditionRuntime.MILLISECONDS, offset)})
          .as("%s", t)
          .containsExactly(t.getYear(), t.getMonthValue() - 1, t.getDayOfMonth(),
              t.getDayOfMonth() - 1, t.getDayOfWeek() == DayOfWeek.SUNDAY ? 0
                  : t.getDayOfWeek().getValue(), t.getDayOfYear() - 1, t.getHour(),
              t.getMinute(), t.getSecond(), t.getNano() / 1_000_000);
    }
  }

  @Test
  void instantRoundTrip() {
    Instant i = Instant.parse("1901-05-06T07:08:09.123456789Z");
    assertThat(TimeValues.toInstant(TimeValues.toNanos(i))).isEqualTo(i);
  }
}
