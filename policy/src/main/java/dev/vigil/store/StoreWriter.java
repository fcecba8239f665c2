package dev.vigil.store;

import static dev.vigil.store.StoreLayout.MAX_KEY_BYTES;
import static dev.vigil.store.StoreLayout.MAX_REVISION_BYTES;
import static dev.vigil.store.StoreLayout.MAX_VALUE_BYTES;
import static dev.vigil.store.StoreLayout.STATE_LIVE;
import static dev.vigil.store.StoreLayout.STATE_TOMBSTONE;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one writer of a store (the loader). Holds an OS lock on writer.lock for its lifetime, so a
 * second writer is refused and a killed writer's lock is released by the OS. Readers never take
 * this lock and never wait for the writer: every visible change goes through a seqlock (readers
 * retry) or through files written completely and then published by the control block.
 *
 * <p>Methods are synchronized: one loader thread at a time may publish.
 */
public final class StoreWriter implements AutoCloseable {

  /**
   * Lock files this JVM holds. POSIX file locks belong to the process, and closing any channel
   * of a locked file drops them, so a second writer in this JVM must be refused before it opens
   * the lock file at all.
   */
  private static final Set<Path> LOCKED_HERE = new HashSet<>();

  /** Store directory. */
  private final Path dir;
  /** {@link #LOCKED_HERE} entry of this writer. */
  private final Path lockKey;
  /** Open for the lifetime of the writer; closing it releases {@link #lock}. */
  private final FileChannel lockChannel;
  /** The exclusive writer lock on writer.lock. */
  private final FileLock lock;
  /** The control file, mapped read-write. */
  private final ControlFile control;
  /** Half-written slots found and repaired by open(). */
  private final int repairedSlots;
  /** The subjects file in force, mapped read-write. */
  private SubjectsFile subjects;
  /** Mirror of the control block (this is its only writer). */
  private long epoch;
  private long policyGeneration;
  private boolean closed;

  private StoreWriter(Path dir, Path lockKey, FileChannel lockChannel, FileLock lock,
      ControlFile control, SubjectsFile subjects, int repairedSlots) {
    this.dir = dir;
    this.lockKey = lockKey;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.control = control;
    this.subjects = subjects;
    this.repairedSlots = repairedSlots;
    ControlFile.Snapshot block = control.current();
    this.epoch = block.epoch();
    this.policyGeneration = block.policyGeneration();
  }

  /**
   * Opens the store for writing, creating it if absent. Takes the writer lock, then finishes any
   * publication a killed writer left half done (see {@link #repairedSlots()}) and removes files
   * of generations that were never published or are no longer in force.
   */
  public static StoreWriter open(Path dir) throws StoreException {
    Path lockFile = dir.resolve(StoreLayout.LOCK_FILE);
    Path lockKey;
    try {
      Files.createDirectories(dir);
      lockKey = dir.toRealPath().resolve(StoreLayout.LOCK_FILE);
    } catch (IOException e) {
      throw new StoreException("cannot create store directory " + dir + ": " + e, e);
    }
    synchronized (LOCKED_HERE) {
      if (!LOCKED_HERE.add(lockKey)) {
        // Not holder(lockFile): reading the file here would close a channel of it and so drop
        // this process's lock.
        throw alreadyLocked(dir, lockFile, "this process (" + ProcessHandle.current().pid() + ")");
      }
    }
    try {
      return openLocked(dir, lockKey, lockFile);
    } catch (StoreException | RuntimeException e) {
      synchronized (LOCKED_HERE) {
        LOCKED_HERE.remove(lockKey);
      }
      throw e;
    }
  }

  private static StoreException alreadyLocked(Path dir, Path lockFile, String holder) {
    return new StoreException("store " + dir + " is already open for writing by "
        + holder + " (lock " + lockFile + "); only one loader may write a store:"
        + " stop the other loader or give this one another store directory");
  }

  private static StoreWriter openLocked(Path dir, Path lockKey, Path lockFile)
      throws StoreException {
    FileChannel lockChannel = null;
    try {
      lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw alreadyLocked(dir, lockFile, holder(lockFile));
      }
      lockChannel.truncate(0);
      lockChannel.write(ByteBuffer.wrap(
          (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);

      if (!Files.exists(dir.resolve(StoreLayout.CONTROL_FILE))) {
        createStore(dir);
      }
      ControlFile control = ControlFile.map(dir, true);
      control.repair(dir);
      ControlFile.Snapshot block = control.current();
      SubjectsFile subjects;
      try {
        subjects = SubjectsFile.map(dir, block.generation(), true);
      } catch (NoSuchFileException e) {
        throw new StoreException("store " + dir + " names subjects generation "
            + block.generation() + " but " + e.getFile() + " is missing; stop the loader,"
            + " delete " + dir + " and restart it");
      }
      SubjectsFile.Repair repair = subjects.repair(dir);
      if (repair.intentFinished()) {
        // The finished slot write may have happened without its stripe bump; bump it now.
        control.bumpStripe(StoreLayout.stripeOf(repair.intentHash()));
      }
      subjects.clearIntent();
      try {
        PolicyFile.read(dir, block.policyGeneration());
      } catch (NoSuchFileException e) {
        throw new StoreException("store " + dir + " names policy generation "
            + block.policyGeneration() + " but " + e.getFile() + " is missing; stop the"
            + " loader, delete " + dir + " and restart it");
      }
      removeStaleFiles(dir, block.generation(), block.policyGeneration());
      return new StoreWriter(dir, lockKey, lockChannel, lock, control, subjects,
          repair.repairedSlots());
    } catch (IOException e) {
      closeQuietly(lockChannel);
      throw new StoreException("cannot open store " + dir + " for writing: " + e, e);
    } catch (StoreException | RuntimeException e) {
      closeQuietly(lockChannel);
      throw e;
    }
  }

  /** Half-written slots that open() found (left by a killed writer) and repaired. */
  public int repairedSlots() {
    return repairedSlots;
  }

  /**
   * Replaces everything: a new generation of the subjects file and of the policy file, written
   * completely, then published by one control block write and an epoch bump. Every stripe version
   * is bumped afterwards too, since any subject may have changed.
   */
  public synchronized void publishAll(String revision, byte[] policy,
      Map<String, byte[]> subjects) {
    checkOpen();
    byte[] rev = revisionBytes(revision);
    checkPolicy(policy);
    List<Entry> entries = new ArrayList<>(subjects.size());
    long recordBytes = 0;
    for (Map.Entry<String, byte[]> e : subjects.entrySet()) {
      Entry entry = Entry.of(e.getKey(), e.getValue());
      entries.add(entry);
      recordBytes += StoreLayout.recordSize(entry.key.length, entry.value.length);
    }
    try {
      SubjectsFile fresh = newTable(entries.size(), recordBytes);
      for (Entry entry : entries) {
        insertFresh(fresh, entry.key, entry.hash, entry.value);
      }
      fresh.counts(entries.size(), entries.size());
      fresh.install(dir);
      long newPolicyGeneration = policyGeneration + 1;
      PolicyFile.write(dir, newPolicyGeneration, policy);
      control.publish(epoch + 1, fresh.generation, newPolicyGeneration, rev, true);
      for (int stripe = 0; stripe < StoreLayout.STRIPES; stripe++) {
        control.bumpStripe(stripe);
      }
      epoch++;
      swapSubjects(fresh);
      retirePolicy(newPolicyGeneration);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish to store " + dir, e);
    }
  }

  /** Policy-only change: a new policy file, then the control block and an epoch bump. */
  public synchronized void publishPolicy(String revision, byte[] policy) {
    checkOpen();
    byte[] rev = revisionBytes(revision);
    checkPolicy(policy);
    try {
      long newPolicyGeneration = policyGeneration + 1;
      PolicyFile.write(dir, newPolicyGeneration, policy);
      control.publish(epoch + 1, subjects.generation, newPolicyGeneration, rev, true);
      epoch++;
      retirePolicy(newPolicyGeneration);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish to store " + dir, e);
    }
  }

  /**
   * Changes some subjects in place: for each, a seqlocked slot write, then (release) its stripe
   * version bump; then the revision. The epoch does not move, so cached decisions for other
   * subjects stay valid. If the table would pass its load limit or its data region would overflow,
   * the whole change goes into a new generation instead (published with an epoch bump, plus the
   * changed subjects' stripe bumps). A key may not be both upserted and removed.
   */
  public synchronized void publishSubjects(String revision, Map<String, byte[]> upserts,
      Set<String> removals) {
    checkOpen();
    byte[] rev = revisionBytes(revision);
    List<Entry> puts = new ArrayList<>(upserts.size());
    for (Map.Entry<String, byte[]> e : upserts.entrySet()) {
      if (removals.contains(e.getKey())) {
        throw new IllegalArgumentException("subject " + e.getKey()
            + " is both upserted and removed in one publication");
      }
      puts.add(Entry.of(e.getKey(), e.getValue()));
    }
    List<Entry> drops = new ArrayList<>(removals.size());
    for (String key : removals) {
      drops.add(Entry.of(key, new byte[0]));
    }
    long newSlots = 0;
    long recordBytes = 0;
    for (Entry put : puts) {
      if (subjects.find(put.key, put.hash) < 0) {
        newSlots++;
      }
      recordBytes += StoreLayout.recordSize(put.key.length, put.value.length);
    }
    boolean grow = subjects.usedSlots() + newSlots > subjects.capacity() * StoreLayout.MAX_LOAD
        || recordBytes > subjects.dataFree();
    try {
      if (grow) {
        rebuild(rev, puts, drops);
      } else {
        updateInPlace(puts, drops);
        control.publish(epoch, subjects.generation, policyGeneration, rev, false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish to store " + dir, e);
    }
  }

  /** Stores the loader's heartbeat (release), for readers to judge the loader alive. */
  public synchronized void heartbeat(long epochMillis) {
    checkOpen();
    control.heartbeat(epochMillis);
  }

  /** The live subjects of the generation in force, for a restarted loader to diff against. */
  public synchronized Map<String, byte[]> readAll() {
    checkOpen();
    Map<String, byte[]> all = new HashMap<>();
    for (int index = 0; index < subjects.capacity(); index++) {
      if (subjects.state(index) == STATE_LIVE) {
        all.put(new String(subjects.key(index), StandardCharsets.UTF_8), subjects.value(index));
      }
    }
    return all;
  }

  /** Releases the writer lock. Published files stay; readers keep reading them. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    subjects.unmap();
    control.unmap();
    try {
      lock.release();
    } catch (IOException ignored) {
      // Closing the channel below releases the lock as well.
    }
    closeQuietly(lockChannel);
    synchronized (LOCKED_HERE) {
      LOCKED_HERE.remove(lockKey);
    }
  }

  // ---- internals ----

  private void updateInPlace(List<Entry> puts, List<Entry> drops) {
    long used = subjects.usedSlots();
    long live = subjects.liveSlots();
    for (Entry drop : drops) {
      int index = subjects.find(drop.key, drop.hash);
      if (index >= 0 && subjects.state(index) == STATE_LIVE) {
        subjects.writeSlot(index, drop.hash, STATE_TOMBSTONE, subjects.record(index),
            drop.key.length, subjects.valueLength(index));
        control.bumpStripe(StoreLayout.stripeOf(drop.hash));
        subjects.clearIntent();
        live--;
      }
    }
    for (Entry put : puts) {
      int index = subjects.find(put.key, put.hash);
      if (index >= 0 && subjects.state(index) == STATE_LIVE && subjects.valueEquals(index,
          put.value)) {
        continue;
      }
      long record = subjects.append(put.key, put.value);
      if (index < 0) {
        index = -index - 1;
        used++;
        live++;
      } else if (subjects.state(index) != STATE_LIVE) {
        live++;
      }
      subjects.writeSlot(index, put.hash, STATE_LIVE, record, put.key.length, put.value.length);
      control.bumpStripe(StoreLayout.stripeOf(put.hash));
      subjects.clearIntent();
    }
    subjects.counts(used, live);
  }

  /** Writes current contents plus the change into a new generation and publishes it. */
  private void rebuild(byte[] rev, List<Entry> puts, List<Entry> drops) throws IOException {
    Set<ByteBuffer> changed = new HashSet<>();
    long recordBytes = 0;
    for (Entry put : puts) {
      changed.add(ByteBuffer.wrap(put.key));
      recordBytes += StoreLayout.recordSize(put.key.length, put.value.length);
    }
    for (Entry drop : drops) {
      changed.add(ByteBuffer.wrap(drop.key));
    }
    List<Integer> kept = new ArrayList<>();
    for (int index = 0; index < subjects.capacity(); index++) {
      if (subjects.state(index) == STATE_LIVE
          && !changed.contains(ByteBuffer.wrap(subjects.key(index)))) {
        kept.add(index);
        recordBytes += StoreLayout.recordSize(subjects.keyLength(index),
            subjects.valueLength(index));
      }
    }
    long count = kept.size() + puts.size();
    SubjectsFile fresh = newTable(count, recordBytes);
    for (int index : kept) {
      int hash = subjects.hash(index);
      long record = fresh.appendCopy(subjects, index);
      fresh.putFresh(-fresh.find(subjects.key(index), hash) - 1, hash, record,
          subjects.keyLength(index), subjects.valueLength(index));
    }
    for (Entry put : puts) {
      insertFresh(fresh, put.key, put.hash, put.value);
    }
    fresh.counts(count, count);
    fresh.install(dir);
    control.publish(epoch + 1, fresh.generation, policyGeneration, rev, true);
    epoch++;
    // The changed subjects' new values became visible with the generation; tell stripe caches.
    for (Entry put : puts) {
      control.bumpStripe(StoreLayout.stripeOf(put.hash));
    }
    for (Entry drop : drops) {
      control.bumpStripe(StoreLayout.stripeOf(drop.hash));
    }
    swapSubjects(fresh);
  }

  private SubjectsFile newTable(long count, long recordBytes) throws IOException {
    int capacity = StoreLayout.capacityFor(count);
    return SubjectsFile.create(dir, subjects.generation + 1, capacity,
        StoreLayout.dataBytesFor(capacity, recordBytes));
  }

  private static void insertFresh(SubjectsFile fresh, byte[] key, int hash, byte[] value) {
    int index = fresh.find(key, hash);
    if (index >= 0) {
      throw new IllegalArgumentException("two subject ids encode to the same UTF-8 bytes: "
          + new String(key, StandardCharsets.UTF_8));
    }
    long record = fresh.append(key, value);
    fresh.putFresh(-index - 1, hash, record, key.length, value.length);
  }

  /** Makes the just-published table the writer's own and unlinks the old one. */
  private void swapSubjects(SubjectsFile fresh) {
    SubjectsFile old = subjects;
    subjects = fresh;
    old.unmap();
    // Readers still mapping the old file keep their pages until they re-map.
    deleteQuietly(SubjectsFile.path(dir, old.generation));
  }

  private void retirePolicy(long newPolicyGeneration) {
    long old = policyGeneration;
    policyGeneration = newPolicyGeneration;
    deleteQuietly(dir.resolve(StoreLayout.policyFileName(old)));
  }

  private static void createStore(Path dir) throws IOException {
    removeStaleFiles(dir, -1, -1);
    SubjectsFile empty = SubjectsFile.create(dir, 1, StoreLayout.MIN_CAPACITY,
        StoreLayout.MIN_DATA_BYTES);
    empty.install(dir);
    empty.unmap();
    PolicyFile.write(dir, 1, new byte[0]);
    Path tmp = dir.resolve(StoreLayout.CONTROL_FILE + StoreLayout.TMP_SUFFIX);
    ControlFile.create(tmp, 1, 1, 1, new byte[0]);
    // Readers find the control file only once it is complete and names complete files.
    Files.move(tmp, dir.resolve(StoreLayout.CONTROL_FILE), StandardCopyOption.ATOMIC_MOVE);
  }

  /** Removes temporary files and files of any generation other than the ones in force. */
  private static void removeStaleFiles(Path dir, long generation, long policyGeneration)
      throws IOException {
    String keepSubjects = StoreLayout.subjectsFileName(generation);
    String keepPolicy = StoreLayout.policyFileName(policyGeneration);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        boolean stale = name.endsWith(StoreLayout.TMP_SUFFIX)
            || (name.startsWith(StoreLayout.SUBJECTS_PREFIX) && !name.equals(keepSubjects))
            || (name.startsWith(StoreLayout.POLICY_PREFIX) && !name.equals(keepPolicy));
        if (stale) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  private static String holder(Path lockFile) {
    try {
      String pid = Files.readString(lockFile, StandardCharsets.US_ASCII).trim();
      return pid.isEmpty() ? "another process" : "process " + pid;
    } catch (IOException e) {
      return "another process";
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("writer of store " + dir + " is closed");
    }
  }

  private static byte[] revisionBytes(String revision) {
    byte[] bytes = revision.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_REVISION_BYTES) {
      throw new IllegalArgumentException("revision has " + bytes.length
          + " UTF-8 bytes; at most " + MAX_REVISION_BYTES + " fit");
    }
    return bytes;
  }

  private static void checkPolicy(byte[] policy) {
    if (policy == null) {
      throw new IllegalArgumentException("policy blob is null");
    }
    if (policy.length > Integer.MAX_VALUE - StoreLayout.POLICY_HEADER_SIZE - 16) {
      throw new IllegalArgumentException("policy blob too large: " + policy.length);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // A leftover is removed by the next writer's open().
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Nothing left to release.
      }
    }
  }

  /** A subject encoded for the store. */
  private static final class Entry {
    final byte[] key;
    final int hash;
    final byte[] value;

    private Entry(byte[] key, byte[] value) {
      this.key = key;
      this.hash = StoreLayout.hash(key);
      this.value = value;
    }

    static Entry of(String id, byte[] value) {
      byte[] key = id.getBytes(StandardCharsets.UTF_8);
      if (key.length > MAX_KEY_BYTES) {
        throw new IllegalArgumentException("subject id has " + key.length
            + " UTF-8 bytes; at most " + MAX_KEY_BYTES + " fit: " + id.substring(0, 64) + "...");
      }
      if (value == null || value.length > MAX_VALUE_BYTES) {
        throw new IllegalArgumentException("value of subject " + id + " has "
            + (value == null ? "no" : value.length) + " bytes; 0 to " + MAX_VALUE_BYTES
            + " fit");
      }
      return new Entry(key, value);
    }
  }
}
