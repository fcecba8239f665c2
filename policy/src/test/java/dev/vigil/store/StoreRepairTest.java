package dev.vigil.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly the states a writer killed at the worst instant leaves, built with the writer's own
 * steps stopped half way, then repaired by the next writer.
 */
class StoreRepairTest {

  @TempDir(factory = ShmTempDir.class) Path dir;
  private final ExpandableArrayBuffer dst = new ExpandableArrayBuffer(16);

  @BeforeEach
  void createStore() throws Exception {
    try (StoreWriter writer = StoreWriter.open(dir)) {
      writer.publishAll("r1", bytes("p1"), Map.of("alice", bytes("a1"), "bob", bytes("b1")));
    }
  }

  @Test
  void finishesASlotWriteKilledBetweenItsOddAndEvenSequence() throws Exception {
    try (StoreReader reader = StoreReader.open(dir)) {
      byte[] alice = bytes("alice");
      int stripe = StoreReader.stripeOf(alice);
      long stripeBefore = reader.stripeVersion(stripe);

      // The killed writer: record appended, intent staged, slot sequence odd, fields not yet
      // written, stripe not bumped.
      SubjectsFile file = SubjectsFile.map(dir, reader.state().generation(), true);
      int hash = StoreLayout.hash(alice);
      int slot = file.find(alice, hash);
      byte[] value = bytes("a2-longer");
      long record = file.append(alice, value);
      file.stageIntent(slot, hash, StoreLayout.STATE_LIVE, record, alice.length, value.length);
      file.beginSlotWrite(slot);

      // Readers spin on that one slot and report BUSY; everything else reads normally.
      assertThat(reader.read(alice, dst)).isEqualTo(StoreReader.BUSY);
      assertThat(read(reader, "bob")).isEqualTo("b1");

      try (StoreWriter next = StoreWriter.open(dir)) {
        assertThat(next.repairedSlots()).isEqualTo(1);
        assertThat(read(reader, "alice")).isEqualTo("a2-longer");
        assertThat(reader.stripeVersion(stripe)).isGreaterThan(stripeBefore);
        assertThat(new String(next.readAll().get("alice"), UTF_8)).isEqualTo("a2-longer");
        next.publishSubjects("r2", Map.of("alice", bytes("a3")), java.util.Set.of());
        assertThat(read(reader, "alice")).isEqualTo("a3");
      }
      try (StoreWriter again = StoreWriter.open(dir)) {
        assertThat(again.repairedSlots()).isZero();
      }
    }
  }

  @Test
  void bumpsTheStripeOfASlotWriteKilledBeforeItsStripeBump() throws Exception {
    try (StoreReader reader = StoreReader.open(dir)) {
      byte[] carol = bytes("carol");
      int stripe = StoreReader.stripeOf(carol);
      long stripeBefore = reader.stripeVersion(stripe);
      SubjectsFile file = SubjectsFile.map(dir, reader.state().generation(), true);
      int hash = StoreLayout.hash(carol);
      int slot = -file.find(carol, hash) - 1;
      long record = file.append(carol, bytes("c1"));
      // Complete slot write, killed before the stripe bump and the intent clear.
      file.writeSlot(slot, hash, StoreLayout.STATE_LIVE, record, carol.length, 2);
      assertThat(read(reader, "carol")).isEqualTo("c1");
      assertThat(reader.stripeVersion(stripe)).isEqualTo(stripeBefore);

      try (StoreWriter next = StoreWriter.open(dir)) {
        assertThat(next.repairedSlots()).isZero();
        assertThat(reader.stripeVersion(stripe)).isGreaterThan(stripeBefore);
        assertThat(next.readAll()).containsKeys("alice", "bob", "carol");
      }
    }
  }

  @Test
  void finishesAControlBlockWriteKilledHalfWay() throws Exception {
    try (StoreReader reader = StoreReader.open(dir)) {
      PublishedState before = reader.state();
      // The killed writer had written policy.3, staged the new block, set the sequence odd
      // and written part of the block; the epoch was not yet bumped.
      PolicyFile.write(dir, 3, bytes("p2"));
      Path control = dir.resolve(StoreLayout.CONTROL_FILE);
      int staging = StoreLayout.CONTROL_STAGING_OFFSET;
      putLong(control, staging + StoreLayout.BLOCK_EPOCH, before.epoch() + 1);
      putLong(control, staging + StoreLayout.BLOCK_GENERATION, before.generation());
      putLong(control, staging + StoreLayout.BLOCK_POLICY_GENERATION, 3);
      putInt(control, staging + StoreLayout.BLOCK_REVISION_LENGTH, 2);
      write(control, staging + StoreLayout.BLOCK_REVISION_BYTES, bytes("r9"));
      putLong(control, StoreLayout.CONTROL_STAGED_OFFSET, 1);
      putLong(control, StoreLayout.CONTROL_SEQ_OFFSET, 7);
      putLong(control, StoreLayout.CONTROL_BLOCK_OFFSET + StoreLayout.BLOCK_POLICY_GENERATION,
          3);

      // Readers cannot get a consistent block, say so, and keep serving subjects meanwhile.
      assertThatThrownBy(reader::state).isInstanceOf(StoreException.class)
          .hasMessageContaining("restart it");
      assertThat(reader.epoch()).isEqualTo(before.epoch());
      assertThat(read(reader, "alice")).isEqualTo("a1");

      try (StoreWriter next = StoreWriter.open(dir)) {
        PublishedState after = reader.state();
        assertThat(after.revision()).isEqualTo("r9");
        assertThat(after.epoch()).isEqualTo(before.epoch() + 1);
        assertThat(reader.epoch()).isEqualTo(before.epoch() + 1);
        assertThat(new String(after.policy(), UTF_8)).isEqualTo("p2");
        next.publishPolicy("r10", bytes("p3"));
        assertThat(reader.state().revision()).isEqualTo("r10");
        assertThat(reader.epoch()).isEqualTo(before.epoch() + 2);
      }
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

  private static void putLong(Path file, int offset, long value) throws Exception {
    write(file, offset, ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, value)
        .array());
  }

  private static void putInt(Path file, int offset, int value) throws Exception {
    write(file, offset, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, value)
        .array());
  }

  private static void write(Path file, int offset, byte[] bytes) throws Exception {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(bytes), offset);
    }
  }
}
