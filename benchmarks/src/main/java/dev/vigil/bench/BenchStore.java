package dev.vigil.bench;

import dev.vigil.policy.model.PolicyDocument;
import dev.vigil.store.StoreException;
import dev.vigil.store.StoreWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * A store written by this JVM: the benchmark policy plus generated subjects, published in full,
 * with a daemon thread beating the heartbeat so that readers (an agent in this JVM or a child)
 * never judge it stale. {@link #close} stops the heartbeat, releases the writer lock and deletes
 * the directory.
 */
public final class BenchStore implements AutoCloseable {

  private static final long HEARTBEAT_MILLIS = 200;

  private final Path dir;
  private final StoreWriter writer;
  private final Thread heartbeat;
  private volatile boolean running = true;

  private BenchStore(Path dir, StoreWriter writer) {
    this.dir = dir;
    this.writer = writer;
    this.heartbeat = new Thread(this::beat, "bench-store-heartbeat");
    this.heartbeat.setDaemon(true);
  }

  /**
   * Opens (creating if needed) the store at {@code dir} and publishes {@code document}'s policy
   * with {@code values} as its subjects.
   */
  public static BenchStore publish(Path dir, PolicyDocument document, Map<String, byte[]> values) {
    StoreWriter writer;
    try {
      writer = StoreWriter.open(dir);
    } catch (StoreException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    BenchStore store = new BenchStore(dir, writer);
    // A new store's heartbeat is 0: beat first, so a reader that opens it mid-publication does
    // not call it stale.
    writer.heartbeat(System.currentTimeMillis());
    writer.publishAll("bench-" + values.size(), BenchPolicy.blob(document), values);
    writer.heartbeat(System.currentTimeMillis());
    store.heartbeat.start();
    return store;
  }

  /** A store of the benchmark policy with {@code generated} generated subjects. */
  public static BenchStore create(Path dir, int generated) {
    PolicyDocument document = BenchPolicy.document();
    return publish(dir, document, BenchPolicy.values(document, generated));
  }

  public Path dir() {
    return dir;
  }

  public StoreWriter writer() {
    return writer;
  }

  private void beat() {
    while (running) {
      try {
        Thread.sleep(HEARTBEAT_MILLIS);
        writer.heartbeat(System.currentTimeMillis());
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (running) {
          throw e;
        }
      }
    }
  }

  @Override
  public void close() {
    running = false;
    heartbeat.interrupt();
    try {
      heartbeat.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writer.close();
    BenchEnv.deleteTree(dir);
  }
}
