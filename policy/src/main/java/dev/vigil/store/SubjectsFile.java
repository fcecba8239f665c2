package dev.vigil.store;

import static dev.vigil.store.StoreLayout.INTENT_FIELDS_OFFSET;
import static dev.vigil.store.StoreLayout.INTENT_SLOT_OFFSET;
import static dev.vigil.store.StoreLayout.LAYOUT_VERSION;
import static dev.vigil.store.StoreLayout.MAGIC_OFFSET;
import static dev.vigil.store.StoreLayout.RECORD_HEADER;
import static dev.vigil.store.StoreLayout.RECORD_KEY_LENGTH;
import static dev.vigil.store.StoreLayout.RECORD_VALUE_LENGTH;
import static dev.vigil.store.StoreLayout.SLOT_HASH;
import static dev.vigil.store.StoreLayout.SLOT_KEY_LENGTH;
import static dev.vigil.store.StoreLayout.SLOT_RECORD;
import static dev.vigil.store.StoreLayout.SLOT_SEQ;
import static dev.vigil.store.StoreLayout.SLOT_SIZE;
import static dev.vigil.store.StoreLayout.SLOT_STATE;
import static dev.vigil.store.StoreLayout.SLOT_VALUE_LENGTH;
import static dev.vigil.store.StoreLayout.STATE_EMPTY;
import static dev.vigil.store.StoreLayout.STATE_LIVE;
import static dev.vigil.store.StoreLayout.STATE_TOMBSTONE;
import static dev.vigil.store.StoreLayout.SUBJECTS_CAPACITY_OFFSET;
import static dev.vigil.store.StoreLayout.SUBJECTS_DATA_OFFSET_OFFSET;
import static dev.vigil.store.StoreLayout.SUBJECTS_DATA_TAIL_OFFSET;
import static dev.vigil.store.StoreLayout.SUBJECTS_FILE_LENGTH_OFFSET;
import static dev.vigil.store.StoreLayout.SUBJECTS_GENERATION_OFFSET;
import static dev.vigil.store.StoreLayout.SUBJECTS_HEADER_SIZE;
import static dev.vigil.store.StoreLayout.SUBJECTS_LIVE_OFFSET;
import static dev.vigil.store.StoreLayout.SUBJECTS_MAGIC;
import static dev.vigil.store.StoreLayout.SUBJECTS_SLOTS_OFFSET_OFFSET;
import static dev.vigil.store.StoreLayout.SUBJECTS_SLOT_SIZE_OFFSET;
import static dev.vigil.store.StoreLayout.SUBJECTS_USED_SLOTS_OFFSET;
import static dev.vigil.store.StoreLayout.VERSION_OFFSET;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One subjects.&lt;generation&gt; file: an open-addressing table of seqlocked slots (linear
 * probing) over an append-only region of immutable [key, value] records.
 *
 * <p>Invariants the lock-free reader relies on: a record is never written again once a slot
 * points to it (the writer appends only past the persisted data tail); a slot, once it holds a
 * key, holds that key for the life of the file (deletes leave a tombstone that a re-add reuses),
 * so entries never move and a probe chain only ever grows. A reader therefore needs the seqlock
 * only to copy the 32-byte slot; the key and value bytes it then reads cannot change under it.
 */
final class SubjectsFile {

  /** read() result: no live entry for the key. */
  static final int NOT_FOUND = -1;
  /** read() result: a slot stayed mid-write for the whole spin budget. */
  static final int BUSY = -2;
  /** Seqlock retries per slot before a reader gives up with BUSY. */
  static final int SPIN_LIMIT = 1 << 12;

  private static final VarHandle NATIVE_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

  /** The mapping; kept reachable so the buffer's address stays mapped. */
  private final MappedByteBuffer mapping;
  /** View over the whole file. */
  private final UnsafeBuffer buffer;
  /** Generation this file was published as (also in its name and header). */
  final long generation;
  /** Slot count minus one; slot count is a power of two. */
  private final int mask;
  /** Offset of slot 0. */
  private final int slotsOffset;
  /** Offset of the data region. */
  private final long dataOffset;
  /** File length: end of the data region. */
  private final long fileLength;

  private SubjectsFile(MappedByteBuffer mapping, long generation, int capacity, int slotsOffset,
      long dataOffset, long fileLength) {
    this.mapping = mapping;
    this.buffer = new UnsafeBuffer(mapping);
    this.generation = generation;
    this.mask = capacity - 1;
    this.slotsOffset = slotsOffset;
    this.dataOffset = dataOffset;
    this.fileLength = fileLength;
  }

  static Path path(Path dir, long generation) {
    return dir.resolve(StoreLayout.subjectsFileName(generation));
  }

  /** Maps a published file, read-only for readers or read-write for the writer, and checks it. */
  static SubjectsFile map(Path dir, long generation, boolean writable)
      throws IOException, StoreException {
    Path file = path(dir, generation);
    MappedByteBuffer mapping =
        writable ? Mappings.mapReadWrite(file) : Mappings.mapReadOnly(file);
    UnsafeBuffer b = new UnsafeBuffer(mapping);
    if (b.capacity() < SUBJECTS_HEADER_SIZE) {
      throw corrupt(dir, file, "is truncated (" + b.capacity() + " bytes)");
    }
    StoreLayout.checkHeader(dir, file, "subjects", SUBJECTS_MAGIC, b.getLong(MAGIC_OFFSET),
        b.getInt(VERSION_OFFSET));
    int capacity = b.getInt(SUBJECTS_CAPACITY_OFFSET);
    long slots = b.getLong(SUBJECTS_SLOTS_OFFSET_OFFSET);
    long data = b.getLong(SUBJECTS_DATA_OFFSET_OFFSET);
    long length = b.getLong(SUBJECTS_FILE_LENGTH_OFFSET);
    boolean sane = b.getInt(SUBJECTS_SLOT_SIZE_OFFSET) == SLOT_SIZE
        && b.getLong(SUBJECTS_GENERATION_OFFSET) == generation
        && capacity > 0 && Integer.bitCount(capacity) == 1
        && slots == SUBJECTS_HEADER_SIZE
        && data == slots + (long) capacity * SLOT_SIZE
        && length == b.capacity() && data <= length;
    if (!sane) {
      throw corrupt(dir, file, "has an inconsistent header (capacity " + capacity
          + ", slots at " + slots + ", data at " + data + ", length " + length + " of "
          + b.capacity() + ")");
    }
    return new SubjectsFile(mapping, generation, capacity, (int) slots, data, length);
  }

  /**
   * Creates a new, empty table under a temporary name, mapped read-write. It becomes visible only
   * through {@link #install}, after the writer has filled it.
   */
  static SubjectsFile create(Path dir, long generation, int capacity, long dataBytes)
      throws IOException {
    long data = SUBJECTS_HEADER_SIZE + (long) capacity * SLOT_SIZE;
    long length = data + dataBytes;
    MappedByteBuffer mapping = Mappings.createReadWrite(tmpPath(dir, generation), length);
    SubjectsFile file =
        new SubjectsFile(mapping, generation, capacity, SUBJECTS_HEADER_SIZE, data, length);
    UnsafeBuffer b = file.buffer;
    b.putInt(SUBJECTS_SLOT_SIZE_OFFSET, SLOT_SIZE);
    b.putLong(SUBJECTS_GENERATION_OFFSET, generation);
    b.putInt(SUBJECTS_CAPACITY_OFFSET, capacity);
    b.putLong(SUBJECTS_SLOTS_OFFSET_OFFSET, SUBJECTS_HEADER_SIZE);
    b.putLong(SUBJECTS_DATA_OFFSET_OFFSET, data);
    b.putLong(SUBJECTS_FILE_LENGTH_OFFSET, length);
    b.putLong(SUBJECTS_DATA_TAIL_OFFSET, data);
    b.putInt(VERSION_OFFSET, LAYOUT_VERSION);
    b.putLong(MAGIC_OFFSET, SUBJECTS_MAGIC);
    return file;
  }

  private static Path tmpPath(Path dir, long generation) {
    return dir.resolve(StoreLayout.subjectsFileName(generation) + StoreLayout.TMP_SUFFIX);
  }

  /** Renames a completely written new table to its final name (still unpublished). */
  void install(Path dir) throws IOException {
    Files.move(tmpPath(dir, generation), path(dir, generation), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  int capacity() {
    return mask + 1;
  }

  // ---- reader side: loads only, allocation-free ----

  /**
   * Copies the value of {@code key} into {@code dst} at 0 and returns its length, or NOT_FOUND or
   * BUSY. Safe against a concurrent writer and against any content of the file (never reads out
   * of bounds).
   */
  int read(byte[] key, int hash, ExpandableArrayBuffer dst) {
    final UnsafeBuffer b = buffer;
    final int keyLength = key.length;
    int index = hash & mask;
    for (int probes = 0; probes <= mask; probes++) {
      final int slot = slotsOffset + index * SLOT_SIZE;
      int state;
      int slotHash;
      int slotKeyLength;
      int valueLength;
      long record;
      int spins = 0;
      while (true) {
        // Acquire: the slot fields loaded below, and the record they point to, are at least as
        // new as the write that stored this sequence value.
        long seq = b.getLongAcquire(slot + SLOT_SEQ);
        if ((seq & 1) == 0) {
          slotHash = b.getInt(slot + SLOT_HASH);
          state = b.getInt(slot + SLOT_STATE);
          record = b.getLong(slot + SLOT_RECORD);
          slotKeyLength = b.getInt(slot + SLOT_KEY_LENGTH);
          valueLength = b.getInt(slot + SLOT_VALUE_LENGTH);
          // The field loads above must complete before the sequence is loaded again.
          VarHandle.loadLoadFence();
          if (b.getLong(slot + SLOT_SEQ) == seq) {
            break;
          }
        }
        if (++spins > SPIN_LIMIT) {
          return BUSY;
        }
        Thread.onSpinWait();
      }
      if (state == STATE_EMPTY) {
        return NOT_FOUND;
      }
      if (slotHash == hash && slotKeyLength == keyLength
          && recordInBounds(record, keyLength, valueLength)
          && keyEquals(b, (int) record + RECORD_HEADER, key)) {
        if (state != STATE_LIVE) {
          return NOT_FOUND;
        }
        dst.putBytes(0, b, (int) record + RECORD_HEADER + keyLength, valueLength);
        return valueLength;
      }
      index = (index + 1) & mask;
    }
    return NOT_FOUND;
  }

  private boolean recordInBounds(long record, int keyLength, int valueLength) {
    return record >= dataOffset && valueLength >= 0 && keyLength >= 0
        && record + RECORD_HEADER + keyLength + valueLength <= fileLength;
  }

  private static boolean keyEquals(UnsafeBuffer b, int at, byte[] key) {
    final int length = key.length;
    int i = 0;
    for (; i + Long.BYTES <= length; i += Long.BYTES) {
      if ((long) NATIVE_LONG.get(key, i) != b.getLong(at + i)) {
        return false;
      }
    }
    for (; i < length; i++) {
      if (key[i] != b.getByte(at + i)) {
        return false;
      }
    }
    return true;
  }

  // ---- writer side: only the one writer, which owns every store below ----

  /**
   * The slot that holds {@code key} (live or tombstone), or {@code -(empty slot) - 1} where it
   * would go. The table is never full (growth keeps it under MAX_LOAD), so an empty slot exists.
   */
  int find(byte[] key, int hash) {
    int index = hash & mask;
    while (true) {
      int slot = slotOffset(index);
      if (buffer.getInt(slot + SLOT_STATE) == STATE_EMPTY) {
        return -index - 1;
      }
      if (buffer.getInt(slot + SLOT_HASH) == hash
          && buffer.getInt(slot + SLOT_KEY_LENGTH) == key.length
          && keyEquals(buffer, (int) buffer.getLong(slot + SLOT_RECORD) + RECORD_HEADER, key)) {
        return index;
      }
      index = (index + 1) & mask;
    }
  }

  int state(int index) {
    return buffer.getInt(slotOffset(index) + SLOT_STATE);
  }

  int hash(int index) {
    return buffer.getInt(slotOffset(index) + SLOT_HASH);
  }

  long record(int index) {
    return buffer.getLong(slotOffset(index) + SLOT_RECORD);
  }

  int keyLength(int index) {
    return buffer.getInt(slotOffset(index) + SLOT_KEY_LENGTH);
  }

  int valueLength(int index) {
    return buffer.getInt(slotOffset(index) + SLOT_VALUE_LENGTH);
  }

  boolean valueEquals(int index, byte[] value) {
    if (valueLength(index) != value.length) {
      return false;
    }
    int at = (int) record(index) + RECORD_HEADER + keyLength(index);
    for (int i = 0; i < value.length; i++) {
      if (buffer.getByte(at + i) != value[i]) {
        return false;
      }
    }
    return true;
  }

  byte[] key(int index) {
    byte[] key = new byte[keyLength(index)];
    buffer.getBytes((int) record(index) + RECORD_HEADER, key);
    return key;
  }

  byte[] value(int index) {
    byte[] value = new byte[valueLength(index)];
    buffer.getBytes((int) record(index) + RECORD_HEADER + keyLength(index), value);
    return value;
  }

  long dataTail() {
    return buffer.getLong(SUBJECTS_DATA_TAIL_OFFSET);
  }

  long dataFree() {
    return fileLength - dataTail();
  }

  long usedSlots() {
    return buffer.getLong(SUBJECTS_USED_SLOTS_OFFSET);
  }

  long liveSlots() {
    return buffer.getLong(SUBJECTS_LIVE_OFFSET);
  }

  /** Bookkeeping for growth decisions and diagnostics; readers do not use it. */
  void counts(long used, long live) {
    buffer.putLong(SUBJECTS_USED_SLOTS_OFFSET, used);
    buffer.putLong(SUBJECTS_LIVE_OFFSET, live);
  }

  /** Appends an immutable record past the data tail and returns its offset. */
  long append(byte[] key, byte[] value) {
    long at = reserve(key.length, value.length);
    buffer.putInt((int) at + RECORD_KEY_LENGTH, key.length);
    buffer.putInt((int) at + RECORD_VALUE_LENGTH, value.length);
    buffer.putBytes((int) at + RECORD_HEADER, key);
    buffer.putBytes((int) at + RECORD_HEADER + key.length, value);
    commitTail(at, key.length, value.length);
    return at;
  }

  /** Appends a copy of another file's record (rebuilds) and returns its offset here. */
  long appendCopy(SubjectsFile from, int fromIndex) {
    int keyLength = from.keyLength(fromIndex);
    int valueLength = from.valueLength(fromIndex);
    long at = reserve(keyLength, valueLength);
    buffer.putBytes((int) at, from.buffer, (int) from.record(fromIndex),
        RECORD_HEADER + keyLength + valueLength);
    commitTail(at, keyLength, valueLength);
    return at;
  }

  private long reserve(int keyLength, int valueLength) {
    long at = dataTail();
    if (at + StoreLayout.recordSize(keyLength, valueLength) > fileLength) {
      throw new IllegalStateException("data region of generation " + generation + " is full");
    }
    return at;
  }

  private void commitTail(long at, int keyLength, int valueLength) {
    // Release: the record bytes are stored before the tail moves past them, so a writer that
    // restarts after a kill never appends over a record a slot may point to.
    buffer.putLongRelease(SUBJECTS_DATA_TAIL_OFFSET,
        at + StoreLayout.recordSize(keyLength, valueLength));
  }

  /** Fills a slot of a table no reader can see yet (fresh generation): plain stores suffice. */
  void putFresh(int index, int hash, long record, int keyLength, int valueLength) {
    putFields(slotOffset(index), hash, STATE_LIVE, record, keyLength, valueLength);
  }

  /**
   * Rewrites a visible slot: redo record first, then the seqlock write. The caller bumps the
   * stripe version and then calls {@link #clearIntent}.
   */
  void writeSlot(int index, int hash, int state, long record, int keyLength, int valueLength) {
    stageIntent(index, hash, state, record, keyLength, valueLength);
    beginSlotWrite(index);
    putFields(slotOffset(index), hash, state, record, keyLength, valueLength);
    endSlotWrite(index);
  }

  /** Records the slot write about to happen so a next writer can finish it after a kill. */
  void stageIntent(int index, int hash, int state, long record, int keyLength, int valueLength) {
    putFields(INTENT_FIELDS_OFFSET - SLOT_HASH, hash, state, record, keyLength, valueLength);
    // Release: a writer that sees the slot index also sees the intended fields stored above.
    buffer.putLongRelease(INTENT_SLOT_OFFSET, index + 1L);
  }

  void beginSlotWrite(int index) {
    int slot = slotOffset(index);
    long seq = buffer.getLong(slot + SLOT_SEQ);
    // Release: odd sequence makes readers retry; everything stored before (record, tail, intent)
    // is ordered before it.
    buffer.putLongRelease(slot + SLOT_SEQ, seq + 1);
    // The field stores that follow must not become visible before the odd sequence.
    VarHandle.storeStoreFence();
  }

  void endSlotWrite(int index) {
    int slot = slotOffset(index);
    // Release: a reader that sees this even sequence sees every field stored since the odd one.
    buffer.putLongRelease(slot + SLOT_SEQ, buffer.getLong(slot + SLOT_SEQ) + 1);
  }

  void clearIntent() {
    // Release: cleared only after the slot write and stripe bump it guards are done.
    buffer.putLongRelease(INTENT_SLOT_OFFSET, 0);
  }

  private void putFields(int base, int hash, int state, long record, int keyLength,
      int valueLength) {
    buffer.putInt(base + SLOT_HASH, hash);
    buffer.putInt(base + SLOT_STATE, state);
    buffer.putLong(base + SLOT_RECORD, record);
    buffer.putInt(base + SLOT_KEY_LENGTH, keyLength);
    buffer.putInt(base + SLOT_VALUE_LENGTH, valueLength);
  }

  private int slotOffset(int index) {
    return slotsOffset + index * SLOT_SIZE;
  }

  /** Result of {@link #repair}: slots found half written, and the hash of a finished intent. */
  record Repair(int repairedSlots, boolean intentFinished, int intentHash) {}

  /**
   * Run by a writer opening an existing store, before anything else writes: finishes the slot
   * write a killed writer recorded as its intent, then makes any other half-written (odd) slot
   * consistent, and recounts used and live slots. Uses the seqlock protocol throughout, because
   * readers may be reading meanwhile.
   */
  Repair repair(Path dir) throws StoreException {
    long tail = dataTail();
    if (tail < dataOffset || tail > fileLength) {
      throw corrupt(dir, path(dir, generation), "has its data tail at " + tail
          + ", outside its data region");
    }
    int repaired = 0;
    boolean intentFinished = false;
    int intentHash = 0;
    long intent = buffer.getLong(INTENT_SLOT_OFFSET);
    if (intent > 0 && intent <= capacity()) {
      int index = (int) (intent - 1);
      int i = INTENT_FIELDS_OFFSET - SLOT_HASH;
      intentHash = buffer.getInt(i + SLOT_HASH);
      int state = buffer.getInt(i + SLOT_STATE);
      long record = buffer.getLong(i + SLOT_RECORD);
      int keyLength = buffer.getInt(i + SLOT_KEY_LENGTH);
      int valueLength = buffer.getInt(i + SLOT_VALUE_LENGTH);
      if (recordMatches(record, keyLength, valueLength, intentHash)) {
        int slot = slotOffset(index);
        if ((buffer.getLong(slot + SLOT_SEQ) & 1) != 0) {
          repaired++;
        } else {
          beginSlotWrite(index);
        }
        // Redo: the record is complete (the tail covered it before the intent was staged), so
        // the slot write can be finished whether it had not begun, was torn, or had completed.
        putFields(slot, intentHash, state, record, keyLength, valueLength);
        endSlotWrite(index);
        intentFinished = true;
      }
    }
    long used = 0;
    long live = 0;
    for (int index = 0; index <= mask; index++) {
      int slot = slotOffset(index);
      if ((buffer.getLong(slot + SLOT_SEQ) & 1) != 0) {
        repaired++;
        repairOrphan(index);
      }
      int state = buffer.getInt(slot + SLOT_STATE);
      if (state != STATE_EMPTY) {
        used++;
        if (state == STATE_LIVE) {
          live++;
        }
      }
    }
    counts(used, live);
    return new Repair(repaired, intentFinished, intentHash);
  }

  /**
   * An odd slot no intent covers (not left by this writer code, but possible after memory damage):
   * keep it if its fields describe a complete record of its key, else make it an inert tombstone
   * that no key matches, so probe chains through it stay intact.
   */
  private void repairOrphan(int index) {
    int slot = slotOffset(index);
    int hash = buffer.getInt(slot + SLOT_HASH);
    int state = buffer.getInt(slot + SLOT_STATE);
    long record = buffer.getLong(slot + SLOT_RECORD);
    int keyLength = buffer.getInt(slot + SLOT_KEY_LENGTH);
    int valueLength = buffer.getInt(slot + SLOT_VALUE_LENGTH);
    boolean keep = (state == STATE_LIVE || state == STATE_TOMBSTONE)
        && recordMatches(record, keyLength, valueLength, hash);
    if (!keep) {
      putFields(slot, 0, STATE_TOMBSTONE, dataOffset, -1, 0);
    }
    endSlotWrite(index);
  }

  /** True if a complete record with these lengths, whose key has this hash, is at record. */
  private boolean recordMatches(long record, int keyLength, int valueLength, int hash) {
    if (!recordInBounds(record, keyLength, valueLength)
        || record + StoreLayout.recordSize(keyLength, valueLength) > dataTail()
        || buffer.getInt((int) record + RECORD_KEY_LENGTH) != keyLength
        || buffer.getInt((int) record + RECORD_VALUE_LENGTH) != valueLength) {
      return false;
    }
    byte[] key = new byte[keyLength];
    buffer.getBytes((int) record + RECORD_HEADER, key);
    return StoreLayout.hash(key) == hash;
  }

  /** Writer only; its own mapping, which no other thread of this process reads. */
  void unmap() {
    IoUtil.unmap(mapping);
  }

  private static StoreException corrupt(Path dir, Path file, String what) {
    return new StoreException("subjects file " + file + " " + what
        + "; stop the loader, delete " + dir + " and restart it");
  }
}
