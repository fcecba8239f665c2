package dev.vigil.store;

import static dev.vigil.store.StoreLayout.BLOCK_EPOCH;
import static dev.vigil.store.StoreLayout.BLOCK_GENERATION;
import static dev.vigil.store.StoreLayout.BLOCK_POLICY_GENERATION;
import static dev.vigil.store.StoreLayout.BLOCK_REVISION_BYTES;
import static dev.vigil.store.StoreLayout.BLOCK_REVISION_LENGTH;
import static dev.vigil.store.StoreLayout.CONTROL_BLOCK_OFFSET;
import static dev.vigil.store.StoreLayout.CONTROL_FILE_SIZE;
import static dev.vigil.store.StoreLayout.CONTROL_MAGIC;
import static dev.vigil.store.StoreLayout.CONTROL_SEQ_OFFSET;
import static dev.vigil.store.StoreLayout.CONTROL_STAGED_OFFSET;
import static dev.vigil.store.StoreLayout.CONTROL_STAGING_OFFSET;
import static dev.vigil.store.StoreLayout.CONTROL_STRIPES_OFFSET;
import static dev.vigil.store.StoreLayout.EPOCH_OFFSET;
import static dev.vigil.store.StoreLayout.HEARTBEAT_OFFSET;
import static dev.vigil.store.StoreLayout.LAYOUT_VERSION;
import static dev.vigil.store.StoreLayout.MAGIC_OFFSET;
import static dev.vigil.store.StoreLayout.MAX_REVISION_BYTES;
import static dev.vigil.store.StoreLayout.STRIPES;
import static dev.vigil.store.StoreLayout.VERSION_OFFSET;

import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The control file: epoch, heartbeat, stripe versions, and the seqlock-guarded block naming the
 * files in force. Readers use a read-only mapping and only load; the writer uses a read-write one.
 */
final class ControlFile {

  /** What one consistent read of the control block saw. */
  record Snapshot(long epoch, long generation, long policyGeneration, String revision) {}

  /** The mapping; kept reachable so the buffer's address stays mapped. */
  private final MappedByteBuffer mapping;
  /** View over {@link #mapping} with acquire/release accessors. */
  private final UnsafeBuffer buffer;

  private ControlFile(MappedByteBuffer mapping) {
    this.mapping = mapping;
    this.buffer = new UnsafeBuffer(mapping);
  }

  /** Maps an existing control file and checks its header. */
  static ControlFile map(Path dir, boolean writable) throws StoreException, IOException {
    Path file = dir.resolve(StoreLayout.CONTROL_FILE);
    MappedByteBuffer mapping =
        writable ? Mappings.mapReadWrite(file) : Mappings.mapReadOnly(file);
    ControlFile control = new ControlFile(mapping);
    control.checkHeader(dir, file);
    return control;
  }

  /** Writes a complete new control file at {@code file} (not yet visible under its final name). */
  static void create(Path file, long epoch, long generation, long policyGeneration,
      byte[] revision) throws IOException {
    MappedByteBuffer mapping = Mappings.createReadWrite(file, CONTROL_FILE_SIZE);
    try {
      UnsafeBuffer b = new UnsafeBuffer(mapping);
      b.putInt(CONTROL_STRIPES_OFFSET, STRIPES);
      writeBlock(b, CONTROL_BLOCK_OFFSET, epoch, generation, policyGeneration, revision);
      b.putLong(EPOCH_OFFSET, epoch);
      b.putInt(VERSION_OFFSET, LAYOUT_VERSION);
      b.putLong(MAGIC_OFFSET, CONTROL_MAGIC);
    } finally {
      IoUtil.unmap(mapping);
    }
  }

  private void checkHeader(Path dir, Path file) throws StoreException {
    if (buffer.capacity() < StoreLayout.VERSION_OFFSET + Integer.BYTES) {
      throw new StoreException(file + " is truncated (" + buffer.capacity()
          + " bytes); stop the loader, delete " + dir + " and restart it");
    }
    StoreLayout.checkHeader(dir, file, "control", CONTROL_MAGIC, buffer.getLong(MAGIC_OFFSET),
        buffer.getInt(VERSION_OFFSET));
    if (buffer.capacity() < CONTROL_FILE_SIZE) {
      throw new StoreException(file + " has " + buffer.capacity() + " bytes, layout version "
          + LAYOUT_VERSION + " needs " + CONTROL_FILE_SIZE
          + "; stop the loader, delete " + dir + " and restart it");
    }
    int stripes = buffer.getInt(CONTROL_STRIPES_OFFSET);
    if (stripes != STRIPES) {
      throw new StoreException("store " + dir + " has " + stripes + " stripes; this Vigil uses "
          + STRIPES + "; restart the loader with this Vigil version");
    }
  }

  // ---- reader side: loads only ----

  /** Acquire: whatever the writer published before bumping the epoch is visible after this. */
  long epoch() {
    return buffer.getLongAcquire(EPOCH_OFFSET);
  }

  /** Acquire: a subject's new value is visible after seeing its stripe's new version. */
  long stripeVersion(int stripe) {
    return buffer.getLongAcquire(StoreLayout.stripeOffset(stripe));
  }

  long heartbeat() {
    return buffer.getLongAcquire(HEARTBEAT_OFFSET);
  }

  /**
   * The subjects generation in force, read outside the seqlock: a single aligned long is atomic,
   * and acquire makes the file it names (written and renamed before it was published) visible.
   */
  long generationHint() {
    return buffer.getLongAcquire(CONTROL_BLOCK_OFFSET + BLOCK_GENERATION);
  }

  /** One consistent read of the control block, or null if the writer kept it busy. */
  Snapshot snapshot(int spins) {
    byte[] revision = new byte[MAX_REVISION_BYTES];
    for (int i = 0; i < spins; i++) {
      // Acquire: the block fields loaded below are at least as new as this sequence value.
      long seq = buffer.getLongAcquire(CONTROL_SEQ_OFFSET);
      if ((seq & 1) == 0) {
        long epoch = buffer.getLong(CONTROL_BLOCK_OFFSET + BLOCK_EPOCH);
        long generation = buffer.getLong(CONTROL_BLOCK_OFFSET + BLOCK_GENERATION);
        long policyGeneration = buffer.getLong(CONTROL_BLOCK_OFFSET + BLOCK_POLICY_GENERATION);
        // A torn length is caught by the sequence check; clamp it so the copy stays in bounds.
        int length = Math.min(Math.max(
            buffer.getInt(CONTROL_BLOCK_OFFSET + BLOCK_REVISION_LENGTH), 0), MAX_REVISION_BYTES);
        buffer.getBytes(CONTROL_BLOCK_OFFSET + BLOCK_REVISION_BYTES, revision, 0, length);
        // The loads above must complete before the sequence is read again.
        VarHandle.loadLoadFence();
        if (buffer.getLong(CONTROL_SEQ_OFFSET) == seq) {
          return new Snapshot(epoch, generation, policyGeneration,
              new String(revision, 0, length, StandardCharsets.UTF_8));
        }
      }
      if (i > 100) {
        Thread.yield();
      } else {
        Thread.onSpinWait();
      }
    }
    return null;
  }

  // ---- writer side ----

  /**
   * Publishes a new control block: staging copy first (so a writer killed mid-way can be finished
   * by the next one), then the seqlock write, then, if {@code bumpEpoch}, the epoch.
   */
  void publish(long epoch, long generation, long policyGeneration, byte[] revision,
      boolean bumpEpoch) {
    writeBlock(buffer, CONTROL_STAGING_OFFSET, epoch, generation, policyGeneration, revision);
    // Release: a writer that finds the flag set also finds the complete staging copy.
    buffer.putLongRelease(CONTROL_STAGED_OFFSET, 1);
    long seq = buffer.getLong(CONTROL_SEQ_OFFSET);
    // Release: odd sequence tells readers to retry; orders the staging copy before it.
    buffer.putLongRelease(CONTROL_SEQ_OFFSET, seq + 1);
    // The block stores below must not become visible before the odd sequence.
    VarHandle.storeStoreFence();
    writeBlock(buffer, CONTROL_BLOCK_OFFSET, epoch, generation, policyGeneration, revision);
    // Release: a reader that sees the even sequence sees the whole block.
    buffer.putLongRelease(CONTROL_SEQ_OFFSET, seq + 2);
    if (bumpEpoch) {
      // Release: everything this epoch publishes (files, block) is visible before the epoch.
      buffer.putLongRelease(EPOCH_OFFSET, epoch);
    }
    // Release: the flag clears only after the publish it guards is complete.
    buffer.putLongRelease(CONTROL_STAGED_OFFSET, 0);
  }

  /**
   * Finishes a publish a killed writer left half done: rewrites the block from the staging copy if
   * the sequence is odd, and raises the epoch to the block's. Returns true if anything was fixed.
   */
  boolean repair(Path dir) throws StoreException {
    long seq = buffer.getLong(CONTROL_SEQ_OFFSET);
    boolean staged = buffer.getLong(CONTROL_STAGED_OFFSET) != 0;
    boolean fixed = false;
    if ((seq & 1) != 0) {
      if (!staged) {
        throw new StoreException("the control block of store " + dir + " was left half written"
            + " without a staging copy; stop the loader, delete " + dir + " and restart it");
      }
      // The sequence is already odd, so readers ignore the block while it is rewritten.
      buffer.putBytes(CONTROL_BLOCK_OFFSET, buffer, CONTROL_STAGING_OFFSET,
          StoreLayout.BLOCK_SIZE);
      // Release: readers waiting on the odd sequence now see the finished block.
      buffer.putLongRelease(CONTROL_SEQ_OFFSET, seq + 1);
      fixed = true;
    }
    long blockEpoch = buffer.getLong(CONTROL_BLOCK_OFFSET + BLOCK_EPOCH);
    if (buffer.getLong(EPOCH_OFFSET) < blockEpoch) {
      // Release: the block (and the files it names) are visible before the epoch that announces it.
      buffer.putLongRelease(EPOCH_OFFSET, blockEpoch);
      fixed = true;
    }
    if (staged) {
      buffer.putLongRelease(CONTROL_STAGED_OFFSET, 0);
    }
    return fixed;
  }

  /** Writer's own view of the block (no other writer exists, so no seqlock needed). */
  Snapshot current() {
    int length = buffer.getInt(CONTROL_BLOCK_OFFSET + BLOCK_REVISION_LENGTH);
    byte[] revision = new byte[length];
    buffer.getBytes(CONTROL_BLOCK_OFFSET + BLOCK_REVISION_BYTES, revision);
    return new Snapshot(buffer.getLong(CONTROL_BLOCK_OFFSET + BLOCK_EPOCH),
        buffer.getLong(CONTROL_BLOCK_OFFSET + BLOCK_GENERATION),
        buffer.getLong(CONTROL_BLOCK_OFFSET + BLOCK_POLICY_GENERATION),
        new String(revision, StandardCharsets.UTF_8));
  }

  /**
   * Bumps a stripe version. Release: the slot write it follows (and the record that write points
   * to) is visible before the new version, which is what lets readers cache by stripe version.
   */
  void bumpStripe(int stripe) {
    int offset = StoreLayout.stripeOffset(stripe);
    buffer.putLongRelease(offset, buffer.getLong(offset) + 1);
  }

  void heartbeat(long epochMillis) {
    buffer.putLongRelease(HEARTBEAT_OFFSET, epochMillis);
  }

  /** Writer only; its own mapping, which no other thread of this process reads. */
  void unmap() {
    IoUtil.unmap(mapping);
  }

  private static void writeBlock(UnsafeBuffer b, int base, long epoch, long generation,
      long policyGeneration, byte[] revision) {
    b.putLong(base + BLOCK_EPOCH, epoch);
    b.putLong(base + BLOCK_GENERATION, generation);
    b.putLong(base + BLOCK_POLICY_GENERATION, policyGeneration);
    b.putInt(base + BLOCK_REVISION_LENGTH, revision.length);
    b.putBytes(base + BLOCK_REVISION_BYTES, revision);
  }
}
