package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Files of another layout version or of no Vigil store at all are refused, saying why. */
class StoreCompatibilityTest {

  @TempDir(factory = ShmTempDir.class) Path dir;

  @BeforeEach
  void createStore() throws Exception {
    try (StoreWriter writer = StoreWriter.open(dir)) {
      writer.publishAll("r1", new byte[] {1, 2, 3}, Map.of("alice", new byte[] {4}));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"control", "subjects.2", "policy.2"})
  void refusesAnUnknownLayoutVersion(String file) throws Exception {
    patchInt(dir.resolve(file), StoreLayout.VERSION_OFFSET, 9);
    String expected = "store " + dir + " was written by layout version 9";
    assertThatThrownBy(() -> StoreReader.open(dir))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(expected)
        .hasMessageContaining("this Vigil reads version 1")
        .hasMessageContaining("upgrade Vigil or restart the loader with this version");
    assertThatThrownBy(() -> StoreWriter.open(dir))
        .isInstanceOf(StoreException.class).hasMessageContaining(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"control", "subjects.2", "policy.2"})
  void refusesAnUnknownMagic(String file) throws Exception {
    patchLong(dir.resolve(file), StoreLayout.MAGIC_OFFSET, 0x1234_5678L);
    assertThatThrownBy(() -> StoreReader.open(dir))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(dir.resolve(file) + " is not a Vigil store")
        .hasMessageContaining("found magic 0x12345678")
        .hasMessageContaining("check the store path");
    assertThatThrownBy(() -> StoreWriter.open(dir))
        .isInstanceOf(StoreException.class).hasMessageContaining("is not a Vigil store");
  }

  @Test
  void refusesACorruptPolicyBlob() throws Exception {
    write(dir.resolve("policy.2"), StoreLayout.POLICY_HEADER_SIZE, ByteBuffer.wrap(new byte[] {9}));
    assertThatThrownBy(() -> StoreReader.open(dir))
        .isInstanceOf(StoreException.class).hasMessageContaining("CRC32C");
  }

  @Test
  void saysSoWhenThereIsNoStore() throws Exception {
    Path missing = dir.resolve("nothing-here");
    assertThatThrownBy(() -> StoreReader.open(missing))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("no Vigil store at " + missing)
        .hasMessageContaining("start the Vigil loader");
    assertThat(missing).doesNotExist();
  }

  @Test
  void saysSoWhenAPublishedFileIsGone() throws Exception {
    java.nio.file.Files.delete(dir.resolve("subjects.2"));
    assertThatThrownBy(() -> StoreReader.open(dir))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("subjects.2, which does not exist")
        .hasMessageContaining("restart the loader");
  }

  private static void patchInt(Path file, int offset, int value) throws Exception {
    write(file, offset, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, value));
  }

  private static void patchLong(Path file, int offset, long value) throws Exception {
    write(file, offset, ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, value));
  }

  private static void write(Path file, int offset, ByteBuffer bytes) throws Exception {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(bytes, offset);
    }
  }
}
