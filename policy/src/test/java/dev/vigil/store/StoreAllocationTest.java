package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hot-path reads allocate nothing once warm (counted by the JVM, not timed). */
class StoreAllocationTest {

  private static final int SUBJECTS = 1000;
  @TempDir(factory = ShmTempDir.class) Path dir;

  @Test
  void epochStripeVersionAndReadAllocateNothing() throws Exception {
    byte[][] keys = Values.keys(SUBJECTS);
    byte[][] absent = new byte[SUBJECTS][];
    Map<String, byte[]> subjects = new HashMap<>();
    for (int i = 0; i < SUBJECTS; i++) {
      subjects.put(Values.key(i), Values.make(keys[i], i));
      absent[i] = ("absent-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (StoreWriter writer = StoreWriter.open(dir); StoreReader reader = StoreReader.open(dir)) {
      writer.publishAll("r1", new byte[0], subjects);
      ExpandableArrayBuffer dst = new ExpandableArrayBuffer(1024);
      // Warm-up: first calls link VarHandles and classes, and while the JIT still swaps code
      // (OSR, deoptimization re-materializing objects it had scalar-replaced) a window may see a
      // few dozen bytes. A per-call allocation would show in every window, so warming up until
      // twenty windows in a row allocate nothing (bounded) hides no real allocation. Warm-up and
      // measurement run the same method, so measuring starts no new compiled code.
      int quietWindows = 0;
      for (int window = 0; window < 2000 && quietWindows < 20; window++) {
        quietWindows = window(threads, reader, keys, absent, dst, 20) == 0 ? quietWindows + 1 : 0;
      }
      assertThat(quietWindows).as("warm-up reached a steady state").isEqualTo(20);
      for (int window = 0; window < 3; window++) {
        assertThat(window(threads, reader, keys, absent, dst, 100))
            .as("bytes allocated by window %d of 100 x %d calls", window, 4 * SUBJECTS)
            .isZero();
      }
    }
  }

  /** Bytes this thread allocated while making rounds x 4 x SUBJECTS hot-path calls. */
  private static long window(com.sun.management.ThreadMXBean threads, StoreReader reader,
      byte[][] keys, byte[][] absent, ExpandableArrayBuffer dst, int rounds) {
    long sink = 0;
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int round = 0; round < rounds; round++) {
      sink += readAll(reader, keys, absent, dst);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    if (sink == 0) {
      throw new AssertionError("reads returned nothing");
    }
    return allocated;
  }

  private static long readAll(StoreReader reader, byte[][] keys, byte[][] absent,
      ExpandableArrayBuffer dst) {
    long sum = 0;
    for (int i = 0; i < keys.length; i++) {
      sum += reader.epoch();
      sum += reader.stripeVersion(StoreReader.stripeOf(keys[i]));
      sum += reader.read(keys[i], dst);
      sum += reader.read(absent[i], dst);
    }
    return sum;
  }
}
