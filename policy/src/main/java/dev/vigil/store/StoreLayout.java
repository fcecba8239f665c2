package dev.vigil.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * The single source of truth for the on-disk (on-tmpfs) layout of a store: magic numbers, the
 * layout version, every offset, the sizing rules and the key hash. docs/store-layout.md describes
 * the same numbers for people; change both together and bump {@link #LAYOUT_VERSION} whenever a
 * reader of the old layout would misread the new one.
 *
 * <p>All multi-byte fields are in the machine's native byte order: a store lives in shared memory
 * on one machine and is never copied elsewhere. Every long that is read or written atomically sits
 * at an 8-byte-aligned offset (mappings start page-aligned), so plain, acquire and release accesses
 * of it are single-copy atomic.
 */
public final class StoreLayout {

  private StoreLayout() {}

  /** The one layout this code reads and writes. */
  public static final int LAYOUT_VERSION = 1;

  // ---- file names inside the store directory ----

  public static final String CONTROL_FILE = "control";
  public static final String SUBJECTS_PREFIX = "subjects.";
  public static final String POLICY_PREFIX = "policy.";
  /** Held with an OS file lock by the one writer; never touched by readers. */
  public static final String LOCK_FILE = "writer.lock";
  /** Files are written under this suffix and renamed into place once complete. */
  public static final String TMP_SUFFIX = ".tmp";

  public static String subjectsFileName(long generation) {
    return SUBJECTS_PREFIX + generation;
  }

  public static String policyFileName(long generation) {
    return POLICY_PREFIX + generation;
  }

  // ---- magic numbers: eight ASCII bytes each, different per file kind ----

  /** "VIGILCTL" */
  public static final long CONTROL_MAGIC = 0x5649_4749_4C43_544CL;
  /** "VIGILSUB" */
  public static final long SUBJECTS_MAGIC = 0x5649_4749_4C53_5542L;
  /** "VIGILPOL" */
  public static final long POLICY_MAGIC = 0x5649_4749_4C50_4F4CL;

  // ---- common header: every file starts with magic (long) then layout version (int) ----

  public static final int MAGIC_OFFSET = 0;
  public static final int VERSION_OFFSET = 8;

  // ---- control file ----

  /** Number of per-subject version stripes; a power of two so a mask picks the stripe. */
  public static final int STRIPES = 4096;
  /** Recorded in the header so a reader built with another stripe count refuses the store. */
  public static final int CONTROL_STRIPES_OFFSET = 12;

  /** Longest revision string, in UTF-8 bytes (its length is stored in the seqlock block). */
  public static final int MAX_REVISION_BYTES = 255;

  /** Control seqlock word: odd while the writer rewrites the block below, even when stable. */
  public static final int CONTROL_SEQ_OFFSET = 64;
  /** Base of the block the control seqlock guards (it follows the sequence word). */
  public static final int CONTROL_BLOCK_OFFSET = 72;
  /** Base of the writer's staging copy of the block, used to finish a publish a dead writer began. */
  public static final int CONTROL_STAGING_OFFSET = 392;
  /** Non-zero while the staging copy holds a block the writer has begun, or is about to, publish. */
  public static final int CONTROL_STAGED_OFFSET = 384;

  // Offsets within a control block (the guarded one and the staging copy share this shape).
  /** The epoch this block was (or is being) published under; equals the epoch word once done. */
  public static final int BLOCK_EPOCH = 0;
  /** Generation of the subjects file in force. */
  public static final int BLOCK_GENERATION = 8;
  /** Generation of the policy file in force. */
  public static final int BLOCK_POLICY_GENERATION = 16;
  /** Revision length in bytes (int), followed by the UTF-8 bytes. */
  public static final int BLOCK_REVISION_LENGTH = 24;
  public static final int BLOCK_REVISION_BYTES = 28;
  public static final int BLOCK_SIZE = BLOCK_REVISION_BYTES + MAX_REVISION_BYTES;

  /** The policy epoch, alone on its cache line: the hot word every decision reads. */
  public static final int EPOCH_OFFSET = 704;
  /** Loader heartbeat (epoch millis), on its own line so its stores do not disturb the epoch. */
  public static final int HEARTBEAT_OFFSET = 768;
  /** Start of STRIPES longs, one per stripe. */
  public static final int STRIPES_OFFSET = 1024;
  public static final int CONTROL_FILE_SIZE = pageAlign(STRIPES_OFFSET + STRIPES * Long.BYTES);

  public static int stripeOffset(int stripe) {
    return STRIPES_OFFSET + stripe * Long.BYTES;
  }

  // ---- subjects file ----

  public static final int SUBJECTS_SLOT_SIZE_OFFSET = 12;
  public static final int SUBJECTS_GENERATION_OFFSET = 16;
  /** Slot count, a power of two. */
  public static final int SUBJECTS_CAPACITY_OFFSET = 24;
  public static final int SUBJECTS_SLOTS_OFFSET_OFFSET = 32;
  public static final int SUBJECTS_DATA_OFFSET_OFFSET = 40;
  public static final int SUBJECTS_FILE_LENGTH_OFFSET = 48;
  /** Writer only: next free byte of the data region; everything below it is immutable. */
  public static final int SUBJECTS_DATA_TAIL_OFFSET = 128;
  /** Writer only: slots that are not empty (live or tombstone); drives growth. */
  public static final int SUBJECTS_USED_SLOTS_OFFSET = 136;
  /** Writer only: live slots. */
  public static final int SUBJECTS_LIVE_OFFSET = 144;
  /** Redo record of the one slot write in progress: slot index + 1, or 0 when none. */
  public static final int INTENT_SLOT_OFFSET = 192;
  /** The intended slot fields, in slot-field order, starting at the slot's hash field. */
  public static final int INTENT_FIELDS_OFFSET = 200;
  public static final int SUBJECTS_HEADER_SIZE = 4096;

  /** Slot: seqlock word, key hash, state, record offset, key length, value length. */
  public static final int SLOT_SIZE = 32;
  public static final int SLOT_SEQ = 0;
  public static final int SLOT_HASH = 8;
  public static final int SLOT_STATE = 12;
  public static final int SLOT_RECORD = 16;
  public static final int SLOT_KEY_LENGTH = 24;
  public static final int SLOT_VALUE_LENGTH = 28;

  public static final int STATE_EMPTY = 0;
  public static final int STATE_LIVE = 1;
  /** A deleted key: keeps its slot and record so a later re-add reuses the slot. */
  public static final int STATE_TOMBSTONE = 2;

  /** Record in the data region: key length, value length, key bytes, value bytes, 8-aligned. */
  public static final int RECORD_KEY_LENGTH = 0;
  public static final int RECORD_VALUE_LENGTH = 4;
  public static final int RECORD_HEADER = 8;

  public static int recordSize(int keyLength, int valueLength) {
    return align8(RECORD_HEADER + keyLength + valueLength);
  }

  public static final int MAX_KEY_BYTES = 1024;
  public static final int MAX_VALUE_BYTES = 64 * 1024;

  /** Smallest table; small stores still get room for in-place inserts. */
  public static final int MIN_CAPACITY = 1024;
  /** A fresh table is built at most half full. */
  public static final double BUILD_LOAD = 0.5;
  /** In-place inserts may fill (live + tombstone) slots up to this before a rebuild. */
  public static final double MAX_LOAD = 0.75;
  /** Smallest data region; it is sparse, so unused space costs address space, not memory. */
  public static final long MIN_DATA_BYTES = 64L << 20;
  /** A rebuilt data region reserves this many times the live record bytes. */
  public static final int DATA_HEADROOM = 4;
  /** A file is one mapping, and a mapping holds at most Integer.MAX_VALUE bytes. */
  public static final long MAX_FILE_BYTES = Integer.MAX_VALUE & ~4095L;

  /** Slot count for a fresh table holding {@code subjects} keys. */
  public static int capacityFor(long subjects) {
    long wanted = Math.max(MIN_CAPACITY, (long) Math.ceil(subjects / BUILD_LOAD));
    long capacity = Long.highestOneBit(wanted);
    if (capacity < wanted) {
      capacity <<= 1;
    }
    if (SUBJECTS_HEADER_SIZE + capacity * SLOT_SIZE > MAX_FILE_BYTES / 2) {
      throw new IllegalArgumentException("too many subjects for one store: " + subjects);
    }
    return (int) capacity;
  }

  /** Data region bytes for a fresh table whose live records need {@code recordBytes}. */
  public static long dataBytesFor(int capacity, long recordBytes) {
    long room = MAX_FILE_BYTES - SUBJECTS_HEADER_SIZE - (long) capacity * SLOT_SIZE;
    if (recordBytes > room) {
      throw new IllegalArgumentException("subjects need " + recordBytes
          + " bytes of records; one store file holds at most " + room);
    }
    // room is page-aligned (every term above is), so the rounded-up want never exceeds it.
    return Math.min(pageAlign(Math.max(MIN_DATA_BYTES, recordBytes * DATA_HEADROOM)), room);
  }

  // ---- policy file ----

  public static final int POLICY_GENERATION_OFFSET = 16;
  public static final int POLICY_LENGTH_OFFSET = 24;
  /** CRC32C of the blob bytes. */
  public static final int POLICY_CRC_OFFSET = 28;
  public static final int POLICY_HEADER_SIZE = 32;

  // ---- key hash ----

  private static final VarHandle LE_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long K1 = 0x9E37_79B9_7F4A_7C15L;
  private static final long K2 = 0xC2B2_AE3D_27D4_EB4FL;
  private static final long K3 = 0x1656_67B1_9E37_79F9L;

  /**
   * The key hash: slot index is {@code hash & (capacity - 1)}, stripe is
   * {@code hash & (STRIPES - 1)}, and slots store it to skip key compares. Reads the key as
   * little-endian longs so it is the same on every platform; allocation-free.
   */
  public static int hash(byte[] key) {
    int length = key.length;
    long h = K3 + length;
    int i = 0;
    for (; i + Long.BYTES <= length; i += Long.BYTES) {
      h = Long.rotateLeft(h ^ scramble((long) LE_LONG.get(key, i)), 29) * K1 + K2;
    }
    long tail = 0;
    for (int shift = 0; i < length; i++, shift += 8) {
      tail |= (key[i] & 0xFFL) << shift;
    }
    h ^= scramble(tail);
    // Final avalanche so low bits (the ones masks use) depend on every input bit.
    h ^= h >>> 33;
    h *= 0xFF51_AFD7_ED55_8CCDL;
    h ^= h >>> 33;
    h *= 0xC4CE_B9FE_1A85_EC53L;
    h ^= h >>> 33;
    return (int) h;
  }

  private static long scramble(long k) {
    return Long.rotateLeft(k * K2, 31) * K1;
  }

  public static int stripeOf(int hash) {
    return hash & (STRIPES - 1);
  }

  // ---- header checks shared by reader and writer ----

  /** Refuses a file whose magic or layout version this code does not know. */
  static void checkHeader(Path dir, Path file, String kind, long expectedMagic, long magic,
      int version) throws StoreException {
    if (magic != expectedMagic) {
      throw new StoreException(file + " is not a Vigil store " + kind + " file (found magic 0x"
          + Long.toHexString(magic) + ", expected 0x" + Long.toHexString(expectedMagic)
          + "); check the store path, or stop the loader, delete " + dir + " and restart it");
    }
    if (version != LAYOUT_VERSION) {
      throw new StoreException("store " + dir + " was written by layout version " + version
          + " (" + kind + " file " + file.getFileName() + "); this Vigil reads version "
          + LAYOUT_VERSION + "; upgrade Vigil or restart the loader with this version");
    }
  }

  static int align8(int n) {
    return (n + 7) & ~7;
  }

  static int pageAlign(int n) {
    return (n + 4095) & ~4095;
  }

  static long pageAlign(long n) {
    return (n + 4095) & ~4095L;
  }
}
