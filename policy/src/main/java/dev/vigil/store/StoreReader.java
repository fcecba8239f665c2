package dev.vigil.store;

import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.agrona.ExpandableArrayBuffer;

/**
 * A reader of a store: maps every file read-only, takes no lock and writes nothing, so it can die
 * at any instant without affecting the writer or other readers. Safe for concurrent use by any
 * number of threads; {@link #epoch()}, {@link #stripeVersion(int)} and {@link #read} are
 * lock-free and allocation-free.
 *
 * <p>Caching contract: read {@link #stripeVersion} (or {@link #epoch}) before reading a value; a
 * subject's new value is visible before its stripe version changes, and a new policy or
 * generation before the epoch changes, so a cache validated against those numbers is never stale
 * without noticing.
 *
 * <p>Mappings are never unmapped explicitly: another thread may be reading through one, and
 * touching an unmapped page would crash the JVM. The garbage collector releases them once
 * unreachable.
 */
public final class StoreReader implements AutoCloseable {

  public static final int NOT_FOUND = SubjectsFile.NOT_FOUND;
  public static final int BUSY = SubjectsFile.BUSY;

  /** Attempts of state() before it gives up on a writer that keeps the control block busy. */
  private static final int STATE_ATTEMPTS = 200;
  /** Seqlock spins per attempt at the control block. */
  private static final int CONTROL_SPINS = 1000;

  /** Store directory. */
  private final Path dir;
  /** Control file, mapped read-only. */
  private final ControlFile control;
  /** The subjects file read() uses; replaced (never mutated) when the generation changes. */
  private volatile SubjectsFile subjects;
  /** Last policy blob read, with its generation, so state() re-reads it only when it changed. */
  private volatile CachedPolicy policy;

  private record CachedPolicy(long generation, byte[] blob) {}

  private StoreReader(Path dir, ControlFile control) {
    this.dir = dir;
    this.control = control;
  }

  /** Opens an existing store read-only; refuses a missing, foreign or unknown-version store. */
  public static StoreReader open(Path dir) throws StoreException {
    Path controlFile = dir.resolve(StoreLayout.CONTROL_FILE);
    if (!Files.exists(controlFile)) {
      throw new StoreException("no Vigil store at " + dir + ": " + controlFile
          + " does not exist; start the Vigil loader (it creates the store) or fix the store"
          + " path");
    }
    try {
      StoreReader reader = new StoreReader(dir, ControlFile.map(dir, false));
      reader.state();
      return reader;
    } catch (NoSuchFileException e) {
      throw new StoreException("no Vigil store at " + dir + ": " + e.getFile()
          + " does not exist; start the Vigil loader (it creates the store) or fix the store"
          + " path", e);
    } catch (IOException e) {
      throw new StoreException("cannot open store " + dir + ": " + e, e);
    }
  }

  /** The policy epoch (acquire). Changes after everything it publishes is visible. */
  public long epoch() {
    return control.epoch();
  }

  /** The stripe a subject id (UTF-8 bytes) belongs to. */
  public static int stripeOf(byte[] key) {
    return StoreLayout.stripeOf(StoreLayout.hash(key));
  }

  /** A stripe's version (acquire). Changes after the new values of its subjects are visible. */
  public long stripeVersion(int stripe) {
    return control.stripeVersion(stripe);
  }

  /** The loader's last heartbeat, epoch millis (acquire). */
  public long heartbeatMillis() {
    return control.heartbeat();
  }

  /**
   * One consistent {epoch, generation, revision, policy} from a single read of the control block.
   * Re-maps the subjects file if its generation changed. The epoch returned is the one that
   * published this state: it is at least any value epoch() returned before this call.
   */
  /**
   * The revision published last, including by subject-only publications (which do not move the
   * epoch); null if the control block stayed busy. Slow path: allocates the string.
   */
  public String revision() {
    for (int attempt = 0; attempt < STATE_ATTEMPTS; attempt++) {
      ControlFile.Snapshot block = control.snapshot(CONTROL_SPINS);
      if (block != null) {
        return block.revision();
      }
    }
    return null;
  }

  public PublishedState state() throws StoreException {
    ControlFile.Snapshot missed = null;
    for (int attempt = 0; attempt < STATE_ATTEMPTS; attempt++) {
      ControlFile.Snapshot block = control.snapshot(CONTROL_SPINS);
      if (block == null) {
        continue;
      }
      try {
        subjectsOf(block.generation());
        byte[] blob = policyOf(block.policyGeneration());
        return new PublishedState(block.epoch(), block.generation(), block.revision(),
            blob.clone());
      } catch (NoSuchFileException e) {
        // The writer removes a generation only after publishing a newer one, so a file missing
        // twice under the same block is missing for good.
        if (missed != null && missed.generation() == block.generation()
            && missed.policyGeneration() == block.policyGeneration()) {
          throw new StoreException("store " + dir + " names " + e.getFile() + ", which does not"
              + " exist; restart the loader so it republishes the store", e);
        }
        missed = block;
        Thread.yield();
      } catch (IOException e) {
        throw new StoreException("cannot read store " + dir + ": " + e, e);
      }
    }
    throw new StoreException("store " + dir + " did not hold still for a consistent read"
        + " (control block busy " + STATE_ATTEMPTS + " times in a row); if the loader died"
        + " mid-publication, restart it: it repairs the store on start");
  }

  /**
   * Copies the value of {@code key} (a subject id's UTF-8 bytes) into {@code dst} at index 0.
   * Returns its length, {@link #NOT_FOUND}, or {@link #BUSY} if a slot stayed mid-write for the
   * whole spin budget. Reads the generation in force; allocation-free unless {@code dst} must
   * grow or the generation changed.
   */
  public int read(byte[] key, ExpandableArrayBuffer dst) {
    SubjectsFile current = subjects;
    long generation = control.generationHint();
    if (generation != current.generation) {
      try {
        current = subjectsOf(generation);
      } catch (IOException | StoreException e) {
        // Replaced again meanwhile, or unreadable: report busy, the caller retries later.
        return BUSY;
      }
    }
    int length = current.read(key, StoreLayout.hash(key), dst);
    // Keeps the mapping reachable until the copy is done: after a re-map, this may be the last
    // reference to the old one, and its cleaner must not unmap it under the read.
    Reference.reachabilityFence(current);
    return length;
  }

  /** Nothing to release eagerly: see the class comment on mappings. */
  @Override
  public void close() {}

  private SubjectsFile subjectsOf(long generation) throws IOException, StoreException {
    SubjectsFile current = subjects;
    // Generations only grow; a thread holding an older number keeps the newer mapping.
    if (current != null && current.generation >= generation) {
      return current;
    }
    synchronized (this) {
      current = subjects;
      if (current == null || current.generation < generation) {
        current = SubjectsFile.map(dir, generation, false);
        subjects = current;
      }
      return current;
    }
  }

  private byte[] policyOf(long generation) throws IOException, StoreException {
    CachedPolicy cached = policy;
    if (cached == null || cached.generation() != generation) {
      cached = new CachedPolicy(generation, PolicyFile.read(dir, generation));
      policy = cached;
    }
    return cached.blob();
  }
}
