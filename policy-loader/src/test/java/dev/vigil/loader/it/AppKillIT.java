package dev.vigil.loader.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.store.ShmTempDir;
import dev.vigil.testapps.harness.ForkedJvm;
import dev.vigil.testapps.harness.Jdks;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Application JVMs under the agent killed with kill -9 at random moments (while starting, while
 * mapping the store, while deciding) never delay the loader: after each of 20 kills the loader
 * publishes the next edit and a live application sees it. Readers write nothing and lock nothing,
 * so there is nothing a dead one could hold.
 */
class AppKillIT {

  private ForkedJvm loader;
  private ForkedJvm witness;
  @TempDir(factory = ShmTempDir.class) Path shm;

  @AfterEach
  void stopEverything() throws Exception {
    if (witness != null) {
      witness.close();
    }
    if (loader != null) {
      loader.close();
    }
  }

  @Test
  void killedApplicationsNeverHoldUpPublication(@TempDir Path dir) throws Exception {
    Path store = shm.resolve("store");
    Path policy = dir.resolve("policy.yaml");
    Processes.rewriteByRename(policy, LiveRevocationIT.POLICY.formatted(0, "false", "reader"));
    loader = Processes.loader(policy, store);
    loader.awaitLine(l -> l.contains("watching"), 60, TimeUnit.SECONDS);
    String agentArgs = "store=" + store;
    witness = Processes.app(Jdks.current(), agentArgs, "dev.vigil.testapps.loop.GuardLoop", "alice", "300", "read");
    witness.awaitLine(l -> l.startsWith("read ALLOW"), 60, TimeUnit.SECONDS);

    boolean granted = true;
    for (int trial = 1; trial <= 20; trial++) {
      try (ForkedJvm victim = Processes.app(Jdks.current(), agentArgs, "dev.vigil.testapps.loop.GuardLoop",
          "alice", "300", "read")) {
        TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextLong(0, 700));
        victim.process().destroyForcibly().waitFor();
      }
      granted = !granted;
      int revision = trial;
      Processes.rewriteByRename(policy, LiveRevocationIT.POLICY.formatted(revision, "false", granted ? "reader" : ""));
      loader.awaitLine(l -> l.contains("published revision r" + revision + "/"), 10, TimeUnit.SECONDS);
      String expected = granted ? "read ALLOW" : "read DENY";
      assertThat(witness.awaitLine(l -> l.startsWith(expected), 10, TimeUnit.SECONDS)).startsWith(expected);
    }
  }
}
