package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sizing target: one million subjects with ~100-byte values touch at most 300 MB of tmpfs. */
class StoreSizingTest {

  private static final int SUBJECTS = 1_000_000;
  @TempDir(factory = ShmTempDir.class) Path dir;

  @Test
  void aMillionSubjectsFitIn300MegabytesOfTouchedMemory() throws Exception {
    Map<String, byte[]> subjects = new HashMap<>(2 * SUBJECTS);
    for (int i = 0; i < SUBJECTS; i++) {
      byte[] value = new byte[100];
      value[0] = (byte) i;
      value[99] = (byte) (i >>> 8);
      subjects.put("user-" + i + "@example.com", value);
    }
    try (StoreWriter writer = StoreWriter.open(dir); StoreReader reader = StoreReader.open(dir)) {
      writer.publishAll("big", new byte[1000], subjects);
      subjects = null;
      long touched = touchedBytes(dir);
      System.out.println("1M subjects x 100-byte values: " + (touched >> 20) + " MiB touched");
      assertThat(touched).isLessThanOrEqualTo(300L << 20);

      ExpandableArrayBuffer dst = new ExpandableArrayBuffer(128);
      for (int i = 0; i < SUBJECTS; i += 9973) {
        byte[] key = ("user-" + i + "@example.com").getBytes(StandardCharsets.UTF_8);
        assertThat(reader.read(key, dst)).isEqualTo(100);
        assertThat(dst.getByte(0)).isEqualTo((byte) i);
        assertThat(dst.getByte(99)).isEqualTo((byte) (i >>> 8));
      }
    }
  }

  /** Blocks actually allocated to the store's files (sparse regions do not count). */
  private static long touchedBytes(Path dir) throws Exception {
    Process du = new ProcessBuilder("du", "-s", "-B1", dir.toString()).start();
    String out = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(du.waitFor()).as(out).isZero();
    return Long.parseLong(out.trim().split("\\s+")[0]);
  }
}
