package dev.vigil.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreRoundTripTest {

  @TempDir(factory = ShmTempDir.class) Path dir;
  private final ExpandableArrayBuffer dst = new ExpandableArrayBuffer(16);

  @Test
  void newStoreIsEmptyAtEpochOne() throws Exception {
    try (StoreWriter writer = StoreWriter.open(dir); StoreReader reader = StoreReader.open(dir)) {
      PublishedState state = reader.state();
      assertThat(state.epoch()).isEqualTo(1);
      assertThat(reader.epoch()).isEqualTo(1);
      assertThat(state.generation()).isEqualTo(1);
      assertThat(state.revision()).isEmpty();
      assertThat(state.policy()).isEmpty();
      assertThat(reader.read(bytes("anyone"), dst)).isEqualTo(StoreReader.NOT_FOUND);
      assertThat(writer.readAll()).isEmpty();
      assertThat(writer.repairedSlots()).isZero();
    }
  }

  @Test
  void publishesAndReadsBack() throws Exception {
    try (StoreWriter writer = StoreWriter.open(dir); StoreReader reader = StoreReader.open(dir)) {
      long[] stripes = stripes(reader);
      writer.publishAll("r1", bytes("policy-1"), Map.of("alice", bytes("a1"), "bob", bytes("b1")));
      // publishAll: epoch and every stripe move once.
      assertThat(reader.epoch()).isEqualTo(2);
      assertThat(delta(stripes, stripes(reader))).containsOnly(1L);
      assertThat(read(reader, "alice")).isEqualTo("a1");
      assertThat(read(reader, "bob")).isEqualTo("b1");
      assertThat(reader.read(bytes("carol"), dst)).isEqualTo(StoreReader.NOT_FOUND);
      PublishedState state = reader.state();
      assertThat(state.epoch()).isEqualTo(2);
      assertThat(state.generation()).isEqualTo(2);
      assertThat(state.revision()).isEqualTo("r1");
      assertThat(new String(state.policy(), UTF_8)).isEqualTo("policy-1");

      // Upsert one, add one, remove one: exactly their stripes move, the epoch does not.
      stripes = stripes(reader);
      writer.publishSubjects("r2", Map.of("alice", bytes("a2"), "carol", bytes("c1")),
          Set.of("bob"));
      assertThat(reader.epoch()).isEqualTo(2);
      assertThat(delta(stripes, stripes(reader))).isEqualTo(expectedDelta("alice", "carol", "bob"));
      assertThat(read(reader, "alice")).isEqualTo("a2");
      assertThat(read(reader, "carol")).isEqualTo("c1");
      assertThat(reader.read(bytes("bob"), dst)).isEqualTo(StoreReader.NOT_FOUND);
      state = reader.state();
      assertThat(state.revision()).isEqualTo("r2");
      assertThat(state.epoch()).isEqualTo(2);
      assertThat(state.generation()).isEqualTo(2);

      // Re-add a removed subject.
      stripes = stripes(reader);
      writer.publishSubjects("r3", Map.of("bob", bytes("b2")), Set.of());
      assertThat(delta(stripes, stripes(reader))).isEqualTo(expectedDelta("bob"));
      assertThat(read(reader, "bob")).isEqualTo("b2");

      // An unchanged value and the removal of an absent subject change nothing but the revision.
      stripes = stripes(reader);
      writer.publishSubjects("r4", Map.of("bob", bytes("b2")), Set.of("nobody"));
      assertThat(delta(stripes, stripes(reader))).containsOnly(0L);
      assertThat(reader.state().revision()).isEqualTo("r4");

      // Policy only: epoch moves, stripes and generation do not.
      stripes = stripes(reader);
      writer.publishPolicy("r5", bytes("policy-2"));
      assertThat(reader.epoch()).isEqualTo(3);
      assertThat(delta(stripes, stripes(reader))).containsOnly(0L);
      state = reader.state();
      assertThat(state.epoch()).isEqualTo(3);
      assertThat(state.generation()).isEqualTo(2);
      assertThat(state.revision()).isEqualTo("r5");
      assertThat(new String(state.policy(), UTF_8)).isEqualTo("policy-2");
      assertThat(read(reader, "alice")).isEqualTo("a2");

      Map<String, byte[]> all = writer.readAll();
      assertThat(all.keySet()).containsExactlyInAnyOrder("alice", "bob", "carol");
      assertThat(new String(all.get("carol"), UTF_8)).isEqualTo("c1");
    }
  }

  @Test
  void reopenedWriterContinuesWhereTheLastStopped() throws Exception {
    try (StoreWriter writer = StoreWriter.open(dir)) {
      writer.publishAll("r1", bytes("p"), Map.of("alice", bytes("a1")));
      writer.publishSubjects("r2", Map.of("bob", bytes("b1")), Set.of());
      writer.heartbeat(12345);
    }
    try (StoreWriter writer = StoreWriter.open(dir); StoreReader reader = StoreReader.open(dir)) {
      assertThat(writer.repairedSlots()).isZero();
      assertThat(writer.readAll().keySet()).containsExactlyInAnyOrder("alice", "bob");
      assertThat(reader.state().revision()).isEqualTo("r2");
      assertThat(reader.epoch()).isEqualTo(2);
      assertThat(reader.heartbeatMillis()).isEqualTo(12345);
      writer.publishSubjects("r3", Map.of("carol", bytes("c1")), Set.of("alice"));
      assertThat(read(reader, "carol")).isEqualTo("c1");
      assertThat(reader.read(bytes("alice"), dst)).isEqualTo(StoreReader.NOT_FOUND);
      writer.heartbeat(23456);
      assertThat(reader.heartbeatMillis()).isEqualTo(23456);
    }
  }

  @Test
  void growsIntoANewGenerationWhileAReaderHoldsTheOldMapping() throws Exception {
    try (StoreWriter writer = StoreWriter.open(dir); StoreReader reader = StoreReader.open(dir)) {
      writer.publishAll("r1", bytes("p"), Map.of("alice", bytes("a1")));
      PublishedState before = reader.state();
      // A mapping of the current generation, as a reader that has not looked again holds it.
      SubjectsFile oldMapping = SubjectsFile.map(dir, before.generation(), false);
      Path oldFile = SubjectsFile.path(dir, before.generation());

      Map<String, byte[]> many = new HashMap<>();
      for (int i = 0; i < 2 * StoreLayout.MIN_CAPACITY; i++) {
        many.put("s" + i, bytes("v" + i));
      }
      long[] stripes = stripes(reader);
      writer.publishSubjects("r2", many, Set.of("alice"));

      PublishedState after = reader.state();
      assertThat(after.generation()).isGreaterThan(before.generation());
      assertThat(after.epoch()).isEqualTo(before.epoch() + 1);
      assertThat(reader.epoch()).isEqualTo(after.epoch());
      assertThat(after.revision()).isEqualTo("r2");
      assertThat(delta(stripes, stripes(reader)))
          .isEqualTo(expectedDelta(many.keySet().toArray(String[]::new), "alice"));
      assertThat(Files.exists(oldFile)).as("old generation unlinked").isFalse();

      // The old mapping still reads the old contents; the reader reads the new generation.
      assertThat(oldMapping.read(bytes("alice"), StoreLayout.hash(bytes("alice")), dst))
          .isEqualTo(2);
      assertThat(dst.getStringWithoutLengthUtf8(0, 2)).isEqualTo("a1");
      assertThat(reader.read(bytes("alice"), dst)).isEqualTo(StoreReader.NOT_FOUND);
      for (int i = 0; i < 2 * StoreLayout.MIN_CAPACITY; i++) {
        assertThat(read(reader, "s" + i)).isEqualTo("v" + i);
      }
      assertThat(writer.readAll()).hasSize(2 * StoreLayout.MIN_CAPACITY);
    }
  }

  @Test
  void aReaderThatDidNotCallStateStillReadsTheNewGeneration() throws Exception {
    try (StoreWriter writer = StoreWriter.open(dir); StoreReader reader = StoreReader.open(dir)) {
      writer.publishAll("r1", bytes("p"), Map.of("alice", bytes("a1")));
      writer.publishAll("r2", bytes("p"), Map.of("alice", bytes("a2")));
      assertThat(read(reader, "alice")).isEqualTo("a2");
    }
  }

  @Test
  void rejectsOversizedInput() throws Exception {
    try (StoreWriter writer = StoreWriter.open(dir)) {
      assertThatThrownBy(() -> writer.publishAll("x".repeat(256), new byte[0], Map.of()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("255");
      assertThatThrownBy(() -> writer.publishSubjects("r", Map.of("k".repeat(1025), new byte[1]),
          Set.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1024");
      assertThatThrownBy(() -> writer.publishSubjects("r", Map.of("k", new byte[65537]),
          Set.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65536");
      assertThatThrownBy(() -> writer.publishSubjects("r", Map.of("k", new byte[1]),
          Set.of("k"))).isInstanceOf(IllegalArgumentException.class);
      writer.publishSubjects("r", Map.of("k".repeat(1024), new byte[65536]), Set.of());
      assertThat(writer.readAll().get("k".repeat(1024))).hasSize(65536);
    }
  }

  private String read(StoreReader reader, String key) {
    int length = reader.read(bytes(key), dst);
    assertThat(length).as("read of " + key).isGreaterThanOrEqualTo(0);
    return dst.getStringWithoutLengthUtf8(0, length);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  private static long[] stripes(StoreReader reader) {
    long[] versions = new long[StoreLayout.STRIPES];
    for (int i = 0; i < versions.length; i++) {
      versions[i] = reader.stripeVersion(i);
    }
    return versions;
  }

  private static long[] delta(long[] before, long[] after) {
    long[] delta = new long[before.length];
    for (int i = 0; i < delta.length; i++) {
      delta[i] = after[i] - before[i];
    }
    return delta;
  }

  private static long[] expectedDelta(String... changed) {
    long[] delta = new long[StoreLayout.STRIPES];
    for (String key : changed) {
      delta[StoreReader.stripeOf(bytes(key))]++;
    }
    return delta;
  }

  private static long[] expectedDelta(String[] changed, String more) {
    String[] all = java.util.Arrays.copyOf(changed, changed.length + 1);
    all[changed.length] = more;
    return expectedDelta(all);
  }
}
