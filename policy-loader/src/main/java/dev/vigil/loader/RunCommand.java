package dev.vigil.loader;

import dev.vigil.policy.model.PolicyException;
import dev.vigil.source.PolicySync;
import dev.vigil.source.Publication;
import dev.vigil.store.StoreException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

/**
 * {@code vigil-loader run}: publishes the source into the store, then watches it until the process
 * is stopped. A restarted loader publishes its source in full into a new store generation, which
 * replaces whatever a killed predecessor left half-written.
 */
final class RunCommand {

  private RunCommand() {}

  static int run(CommandLine line, PrintStream out, PrintStream err) {
    line.allow("source", "store", "heartbeat");
    Path source = line.source();
    Path store = Path.of(line.required("store"));
    long heartbeat = line.millis("heartbeat", 1000);
    PolicySync.Listener listener = new PolicySync.Listener() {
      @Override
      public void published(Publication publication) {
        out.println(Instant.now() + " " + publication);
      }

      @Override
      public void rejected(PolicyException problems) {
        err.println(Instant.now() + " policy rejected, nothing published; the store keeps its last good revision:");
        problems.problems().forEach(p -> err.println("  " + p));
      }

      @Override
      public void failed(Exception error) {
        err.println(Instant.now() + " error: " + error);
      }
    };
    PolicySync sync;
    try {
      sync = PolicySync.start(source, store, listener, heartbeat);
    } catch (IOException | StoreException e) {
      err.println("vigil-loader run: " + e.getMessage());
      return LoaderMain.PROBLEMS;
    }
    if (sync.repairedSlots() > 0) {
      out.println(Instant.now() + " repaired " + sync.repairedSlots()
          + " half-written slot(s) left by a loader that was stopped mid-publication");
    }
    out.println(Instant.now() + " watching " + source.toAbsolutePath() + ", store " + store.toAbsolutePath());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      sync.close();
      stopped.countDown();
    }, "vigil-loader-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return LoaderMain.OK;
  }
}
