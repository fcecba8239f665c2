package dev.vigil.store;

import static dev.vigil.store.StoreLayout.LAYOUT_VERSION;
import static dev.vigil.store.StoreLayout.MAGIC_OFFSET;
import static dev.vigil.store.StoreLayout.POLICY_CRC_OFFSET;
import static dev.vigil.store.StoreLayout.POLICY_GENERATION_OFFSET;
import static dev.vigil.store.StoreLayout.POLICY_HEADER_SIZE;
import static dev.vigil.store.StoreLayout.POLICY_LENGTH_OFFSET;
import static dev.vigil.store.StoreLayout.POLICY_MAGIC;
import static dev.vigil.store.StoreLayout.VERSION_OFFSET;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * policy.&lt;generation&gt; files: header plus the opaque blob. Written whole under a temporary
 * name and renamed, so a file under its final name is always complete; readers read it with plain
 * reads of a read-only channel and check its CRC32C.
 */
final class PolicyFile {

  private PolicyFile() {}

  static void write(Path dir, long generation, byte[] blob) throws IOException {
    Path file = dir.resolve(StoreLayout.policyFileName(generation));
    Path tmp = dir.resolve(file.getFileName() + StoreLayout.TMP_SUFFIX);
    ByteBuffer bytes =
        ByteBuffer.allocate(POLICY_HEADER_SIZE + blob.length).order(ByteOrder.nativeOrder());
    bytes.putLong(MAGIC_OFFSET, POLICY_MAGIC);
    bytes.putInt(VERSION_OFFSET, LAYOUT_VERSION);
    bytes.putLong(POLICY_GENERATION_OFFSET, generation);
    bytes.putInt(POLICY_LENGTH_OFFSET, blob.length);
    bytes.putInt(POLICY_CRC_OFFSET, crc(blob));
    bytes.put(POLICY_HEADER_SIZE, blob);
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Reads and checks one policy file; NoSuchFileException if it is gone (a newer one replaced it). */
  static byte[] read(Path dir, long generation) throws IOException, StoreException {
    Path file = dir.resolve(StoreLayout.policyFileName(generation));
    byte[] raw = Files.readAllBytes(file);
    ByteBuffer bytes = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
    if (raw.length < VERSION_OFFSET + Integer.BYTES) {
      throw corrupt(dir, file, "is truncated (" + raw.length + " bytes)");
    }
    StoreLayout.checkHeader(dir, file, "policy", POLICY_MAGIC, bytes.getLong(MAGIC_OFFSET),
        bytes.getInt(VERSION_OFFSET));
    if (raw.length < POLICY_HEADER_SIZE) {
      throw corrupt(dir, file, "is truncated (" + raw.length + " bytes)");
    }
    int length = bytes.getInt(POLICY_LENGTH_OFFSET);
    if (length < 0 || length != raw.length - POLICY_HEADER_SIZE) {
      throw corrupt(dir, file, "says its blob has " + length + " bytes but holds "
          + (raw.length - POLICY_HEADER_SIZE));
    }
    if (bytes.getLong(POLICY_GENERATION_OFFSET) != generation) {
      throw corrupt(dir, file, "says it is generation " + bytes.getLong(POLICY_GENERATION_OFFSET));
    }
    byte[] blob = new byte[length];
    System.arraycopy(raw, POLICY_HEADER_SIZE, blob, 0, length);
    int crc = crc(blob);
    if (crc != bytes.getInt(POLICY_CRC_OFFSET)) {
      throw corrupt(dir, file, "fails its CRC32C check (stored 0x"
          + Integer.toHexString(bytes.getInt(POLICY_CRC_OFFSET)) + ", computed 0x"
          + Integer.toHexString(crc) + ")");
    }
    return blob;
  }

  private static StoreException corrupt(Path dir, Path file, String what) {
    return new StoreException("policy file " + file + " " + what
        + "; restart the loader so it republishes the policy of store " + dir);
  }

  private static int crc(byte[] blob) {
    CRC32C crc = new CRC32C();
    crc.update(blob, 0, blob.length);
    return (int) crc.getValue();
  }
}
