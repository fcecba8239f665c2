package dev.vigil.source;

import dev.vigil.policy.model.PolicyException;
import dev.vigil.policy.parse.PolicyParser;
import dev.vigil.store.StoreException;
import dev.vigil.store.StoreWriter;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Keeps a store in step with a policy file or directory: publishes it once, then watches it
 * (inotify through {@link WatchService}, plus a periodic check of modification times in case an
 * event is lost) and publishes each change once its files are quiet, and beats the store's
 * heartbeat meanwhile. One daemon
 * thread does all of it, so publications never overlap. Used by {@code vigil-loader run} and by the
 * agent's embedded mode.
 *
 * <p>A change that does not parse or compile is reported and not published: the store keeps the
 * last good revision, and its heartbeat goes on, because that revision is still the right one to
 * enforce.
 */
public final class PolicySync implements AutoCloseable {

  /** Callbacks for whoever reports what happened (a log line, a CLI message). */
  public interface Listener {
    void published(Publication publication);

    void rejected(PolicyException problems);

    void failed(Exception error);
  }

  /**
   * How long events must be quiet before the source is read when policy files were only created
   * or replaced by a rename: such a file is complete the moment it appears.
   */
  private static final long QUIET_AFTER_RENAME_NANOS = TimeUnit.MILLISECONDS.toNanos(3);
  /**
   * The same when a policy file was modified in place. A half-written file can parse (cut before
   * its deny rules, say) and must not be published, so an in-place writer gets a longer pause to
   * finish; writing to a temporary file and renaming it into place is the fast, safe way.
   */
  private static final long QUIET_IN_PLACE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  /** The longest a burst may delay a read, so a file rewritten continuously is still picked up. */
  private static final long MAX_DELAY_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** How often modification times are compared, for changes no watch event reported. */
  private static final long FINGERPRINT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Path source;
  private final StoreWriter writer;
  private final StorePublisher publisher;
  private final PolicyParser parser = new PolicyParser();
  private final Listener listener;
  private final long heartbeatEveryNanos;
  private final WatchService watcher;
  private final Thread thread;
  private volatile boolean running = true;
  private long fingerprint;

  private PolicySync(Path source, StoreWriter writer, Listener listener, long heartbeatEveryMillis)
      throws IOException {
    this.source = source.toAbsolutePath().normalize();
    this.writer = writer;
    this.publisher = new StorePublisher(writer);
    this.listener = listener;
    this.heartbeatEveryNanos = TimeUnit.MILLISECONDS.toNanos(heartbeatEveryMillis);
    this.watcher = FileSystems.getDefault().newWatchService();
    registerWatches();
    this.thread = new Thread(this::loop, "vigil-policy-sync");
    this.thread.setDaemon(true);
  }

  /**
   * Publishes {@code source} into the store at {@code storeDir} (created if absent) and starts
   * watching. The first publication happens before this returns; if it is rejected the listener
   * hears why and the store keeps whatever it held.
   */
  public static PolicySync start(Path source, Path storeDir, Listener listener, long heartbeatEveryMillis)
      throws IOException, StoreException {
    if (!Files.exists(source)) {
      throw new IOException("policy source " + source + " does not exist");
    }
    StoreWriter writer = StoreWriter.open(storeDir);
    PolicySync sync;
    try {
      sync = new PolicySync(source, writer, listener, heartbeatEveryMillis);
    } catch (IOException | RuntimeException e) {
      writer.close();
      throw e;
    }
    writer.heartbeat(System.currentTimeMillis());
    sync.reload();
    sync.thread.start();
    return sync;
  }

  /** Repairs done when the store was opened (half-written slots left by a killed loader). */
  public int repairedSlots() {
    return writer.repairedSlots();
  }

  private void loop() {
    long nextHeartbeat = System.nanoTime() + heartbeatEveryNanos;
    long nextFingerprint = System.nanoTime() + FINGERPRINT_EVERY_NANOS;
    long firstEvent = 0;
    long lastEvent = 0;
    boolean inPlace = false;
    while (running) {
      try {
        long now = System.nanoTime();
        long wake = Math.min(nextHeartbeat, nextFingerprint);
        long quiet = inPlace ? QUIET_IN_PLACE_NANOS : QUIET_AFTER_RENAME_NANOS;
        if (lastEvent != 0) {
          wake = Math.min(wake, Math.min(lastEvent + quiet, firstEvent + MAX_DELAY_NANOS));
        }
        WatchKey key = watcher.poll(Math.max(0, wake - now), TimeUnit.NANOSECONDS);
        now = System.nanoTime();
        if (key != null) {
          for (WatchEvent<?> event : key.pollEvents()) {
            inPlace |= event.kind() == StandardWatchEventKinds.ENTRY_MODIFY
                && isPolicyFile((Path) key.watchable(), event.context());
          }
          key.reset();
          if (lastEvent == 0) {
            firstEvent = now;
          }
          lastEvent = now;
          continue;
        }
        if (lastEvent != 0 && (now - lastEvent >= quiet || now - firstEvent >= MAX_DELAY_NANOS)) {
          lastEvent = 0;
          inPlace = false;
          registerWatches();
          reload();
        }
        if (now >= nextFingerprint && lastEvent == 0) {
          nextFingerprint = now + FINGERPRINT_EVERY_NANOS;
          if (fingerprint() != fingerprint) {
            // A change no event reported: wait for it to be quiet, as for an in-place write.
            firstEvent = now;
            lastEvent = now;
            inPlace = true;
            registerWatches();
          }
        }
        if (now >= nextHeartbeat) {
          nextHeartbeat = now + heartbeatEveryNanos;
          writer.heartbeat(System.currentTimeMillis());
        }
      } catch (ClosedWatchServiceException | InterruptedException e) {
        return;
      } catch (Exception e) {
        listener.failed(e);
      }
    }
  }

  private void reload() {
    fingerprint = fingerprint();
    try {
      Publication p = publisher.publish(parser.parse(source));
      if (p.kind() != Publication.Kind.NONE) {
        listener.published(p);
      }
    } catch (PolicyException e) {
      listener.rejected(e);
    } catch (RuntimeException e) {
      listener.failed(e);
    }
  }

  /** Whether an event's file is one the source reads: the file itself, or a policy file below the directory. */
  private boolean isPolicyFile(Path dir, Object context) {
    if (!(context instanceof Path name)) {
      return true; // An overflow: assume the worst.
    }
    Path file = dir.resolve(name);
    if (!Files.isDirectory(source)) {
      return file.equals(source);
    }
    String n = name.toString();
    return !n.startsWith(".") && (n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"));
  }

  /** Watches the source's directory (a file's parent), and every directory below a directory source. */
  private void registerWatches() {
    Path root = Files.isDirectory(source) ? source : source.getParent();
    try (Stream<Path> dirs = Files.isDirectory(source) ? Files.walk(source) : Stream.of(root)) {
      for (Path dir : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
        dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
      }
    } catch (IOException e) {
      listener.failed(e);
    }
  }

  /** Modification times and sizes of the source's files, folded into one number. */
  private long fingerprint() {
    long h = 17;
    try (Stream<Path> files = Files.isDirectory(source) ? Files.walk(source) : Stream.of(source)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        h = h * 31 + f.hashCode();
        h = h * 31 + a.lastModifiedTime().toMillis();
        h = h * 31 + a.size();
      }
    } catch (IOException e) {
      return h * 31 + 1;
    }
    return h;
  }

  @Override
  public void close() {
    running = false;
    try {
      watcher.close();
    } catch (IOException ignored) {
      // Closing only wakes the thread; nothing to recover.
    }
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writer.close();
  }
}
