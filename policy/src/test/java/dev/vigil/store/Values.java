package dev.vigil.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Self-checking test values: [counter][key length][key][filler][CRC32C of all before]. A torn
 * read (bytes of two writes mixed, or a value under the wrong key) fails the check.
 */
final class Values {

  private Values() {}

  static String key(int i) {
    return "subject-" + i;
  }

  static byte[][] keys(int n) {
    byte[][] keys = new byte[n][];
    for (int i = 0; i < n; i++) {
      keys[i] = key(i).getBytes(StandardCharsets.UTF_8);
    }
    return keys;
  }

  /** A value for key i at this counter; its length varies with both, 40 to ~200 bytes. */
  static byte[] make(byte[] key, long counter) {
    int filler = (int) (((key.length * 31L + counter * 17L) & 0x7F) + (counter & 31));
    ByteBuffer b = ByteBuffer.allocate(Long.BYTES + Integer.BYTES + key.length + filler + 4);
    b.putLong(counter).putInt(key.length).put(key);
    for (int i = 0; i < filler; i++) {
      b.put((byte) (counter * 7 + i));
    }
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    return b.array();
  }

  /** The counter of a value read for key, or -1 if the bytes are not one intact value of key. */
  static long check(byte[] key, byte[] bytes, int length) {
    if (length < Long.BYTES + Integer.BYTES + 4) {
      return -1;
    }
    ByteBuffer b = ByteBuffer.wrap(bytes, 0, length);
    long counter = b.getLong();
    int keyLength = b.getInt();
    if (keyLength != key.length || Long.BYTES + Integer.BYTES + keyLength + 4 > length) {
      return -1;
    }
    for (int i = 0; i < keyLength; i++) {
      if (b.get() != key[i]) {
        return -1;
      }
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, length - 4);
    int stored = ByteBuffer.wrap(bytes, length - 4, 4).getInt();
    return stored == (int) crc.getValue() ? counter : -1;
  }
}
