package dev.vigil.loader;

import dev.vigil.store.PublishedState;
import dev.vigil.store.StoreException;
import dev.vigil.store.StoreReader;
import java.io.PrintStream;
import java.nio.file.Path;

/** {@code vigil-loader status}: what a store holds and whether its loader is alive. */
final class StatusCommand {

  private StatusCommand() {}

  static int run(CommandLine line, PrintStream out, PrintStream err) {
    line.allow("store", "stale-after");
    Path store = Path.of(line.required("store"));
    long staleAfter = line.millis("stale-after", 10_000);
    try (StoreReader reader = StoreReader.open(store)) {
      PublishedState state = reader.state();
      long age = System.currentTimeMillis() - reader.heartbeatMillis();
      out.println("store:      " + store.toAbsolutePath());
      out.println("revision:   " + state.revision());
      out.println("epoch:      " + state.epoch());
      out.println("generation: " + state.generation());
      out.println("heartbeat:  " + age + " ms ago" + (age > staleAfter ? " (STALE: is vigil-loader running?)" : ""));
      return age > staleAfter ? LoaderMain.PROBLEMS : LoaderMain.OK;
    } catch (StoreException e) {
      err.println(e.getMessage());
      return LoaderMain.PROBLEMS;
    }
  }
}
