package dev.vigil.agent.installer;

import dev.vigil.policy.model.PolicyException;
import dev.vigil.source.Publication;
import dev.vigil.source.PolicySync;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Embedded mode: the agent is its own loader. It publishes the policy file into a store private to
 * this JVM and watches the file, through the same {@link PolicySync} that {@code vigil-loader run}
 * uses, so both modes enforce through one code path. The store is removed when the JVM exits;
 * stores left by JVMs that were killed are removed at the next start.
 */
final class EmbeddedStore {

  private static final String PREFIX = "vigil-embedded-";
  private static final long HEARTBEAT_MILLIS = 1000;

  private EmbeddedStore() {}

  /** This JVM's store: in /dev/shm (else the temp directory), named after the process. */
  static Path directory() {
    Path shm = Path.of("/dev/shm");
    Path root = Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    return root.resolve(PREFIX + ProcessHandle.current().pid());
  }

  /** Publishes {@code policy} into {@code dir} (from {@link #directory()}) and starts watching it. */
  static Path start(Path policy, Path dir, AgentLog log) throws Exception {
    removeOrphans(dir.getParent());
    PolicySync sync = PolicySync.start(policy, dir, new PolicySync.Listener() {
      @Override
      public void published(Publication publication) {
        log.info(policy + ": " + publication);
      }

      @Override
      public void rejected(PolicyException problems) {
        log.error("policy " + policy + " rejected; still enforcing the last good revision (if any):\n"
            + problems.getMessage());
      }

      @Override
      public void failed(Exception error) {
        log.error("watching " + policy + " failed: " + error);
      }
    }, HEARTBEAT_MILLIS);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      sync.close();
      deleteTree(dir);
    }, "vigil-embedded-store-cleanup"));
    return dir;
  }

  private static void removeOrphans(Path root) {
    File[] candidates = root.toFile().listFiles((d, name) -> name.startsWith(PREFIX));
    if (candidates == null) {
      return;
    }
    for (File f : candidates) {
      try {
        long pid = Long.parseLong(f.getName().substring(PREFIX.length()));
        if (ProcessHandle.of(pid).isEmpty()) {
          deleteTree(f.toPath());
        }
      } catch (NumberFormatException ignored) {
        // Not one of ours.
      }
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // Best effort: a leftover store is removed by the next start.
    }
  }
}
