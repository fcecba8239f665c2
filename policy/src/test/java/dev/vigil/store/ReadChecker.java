package dev.vigil.store;

import java.util.SplittableRandom;
import org.agrona.ExpandableArrayBuffer;

/**
 * Reads random subjects and checks every value: intact (see {@link Values}), present, and never
 * older than a value this checker already saw for the same subject.
 */
final class ReadChecker {

  private final StoreReader reader;
  private final byte[][] keys;
  /** Highest counter seen per subject. */
  private final long[] lastSeen;
  private final ExpandableArrayBuffer dst = new ExpandableArrayBuffer(64);
  private final SplittableRandom random;
  /** Every other read picks one of the first HOT subjects, which the churn writer rewrites most. */
  static final int HOT = 32;
  long reads;
  long busy;
  long torn;
  long regressed;
  long missing;

  ReadChecker(StoreReader reader, byte[][] keys, long seed) {
    this.reader = reader;
    this.keys = keys;
    this.lastSeen = new long[keys.length];
    this.random = new SplittableRandom(seed);
  }

  void readOnce() {
    int i = (reads & 1) == 0 ? random.nextInt(keys.length) : random.nextInt(HOT);
    int length = reader.read(keys[i], dst);
    reads++;
    if (length == StoreReader.BUSY) {
      busy++;
    } else if (length == StoreReader.NOT_FOUND) {
      missing++;
    } else {
      long counter = Values.check(keys[i], dst.byteArray(), length);
      if (counter < 0) {
        torn++;
      } else if (counter < lastSeen[i]) {
        regressed++;
      } else {
        lastSeen[i] = counter;
      }
    }
  }

  void runFor(long millis) {
    long end = System.nanoTime() + millis * 1_000_000L;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 256; i++) {
        readOnce();
      }
    }
  }

  /** Checks each subject once, in order; returns how many had exactly the expected counter. */
  int countAt(long expectedCounter) {
    int matching = 0;
    for (int i = 0; i < keys.length; i++) {
      int length = reader.read(keys[i], dst);
      if (length >= 0 && Values.check(keys[i], dst.byteArray(), length) == expectedCounter) {
        matching++;
      }
    }
    return matching;
  }

  String summary() {
    return "reads=" + reads + " busy=" + busy + " torn=" + torn + " regressed=" + regressed
        + " missing=" + missing;
  }
}
