package dev.vigil.bench;

import dev.vigil.store.StoreException;
import dev.vigil.store.StoreReader;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A store of the benchmark policy and {@code n} generated subjects under /dev/shm, a reader of it,
 * and the subjects' ids in a shuffled order. Benchmarks walk the ids in that order: the arrays are
 * read sequentially (their elements were allocated in that order too), so what is random is only
 * where each subject lives in the store, as for real traffic.
 */
final class StoreFixture implements AutoCloseable {

  final BenchStore store;
  final StoreReader reader;
  /** Subject ids in visiting order. */
  final String[] ids;
  /** {@code ids} as the store's keys (UTF-8). */
  final byte[][] keys;
  /** Each key's stripe in the control file, as a thread's frame holds it. */
  final int[] stripes;

  StoreFixture(String name, int n) {
    store = BenchStore.create(BenchEnv.shmPath(name), n);
    try {
      reader = StoreReader.open(store.dir());
    } catch (StoreException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random random = new Random(20_261_125);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    ids = new String[n];
    keys = new byte[n][];
    stripes = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = BenchPolicy.id(order[i]);
      keys[i] = ids[i].getBytes(StandardCharsets.UTF_8);
      stripes[i] = StoreReader.stripeOf(keys[i]);
    }
  }

  /**
   * Reads every subject once. A reader's first touch of each page of the mapping is a page fault
   * (a few microseconds); an application pays it once per page and then never again, so benchmarks
   * of steady-state reads touch everything before they measure.
   */
  void touchAll() {
    org.agrona.ExpandableArrayBuffer buffer = new org.agrona.ExpandableArrayBuffer(256);
    for (byte[] key : keys) {
      if (reader.read(key, buffer) < 0) {
        throw new IllegalStateException("subject " + new String(key, StandardCharsets.UTF_8)
            + " not readable from the store");
      }
    }
  }

  @Override
  public void close() {
    reader.close();
    store.close();
  }
}
