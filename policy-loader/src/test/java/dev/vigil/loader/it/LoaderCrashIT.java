package dev.vigil.loader.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.store.ShmTempDir;
import dev.vigil.testapps.harness.ForkedJvm;
import dev.vigil.testapps.harness.Jdks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A loader killed with kill -9 while it republishes a large policy (200k subjects, a new store
 * generation): the application keeps deciding on the last good state, never on a mix; a restarted
 * loader recovers the store and the application catches up.
 */
class LoaderCrashIT {

  private static final int SUBJECTS = 200_000;

  private final List<ForkedJvm> processes = new ArrayList<>();
  @TempDir(factory = ShmTempDir.class) Path shm;

  @AfterEach
  void stopEverything() throws Exception {
    processes.forEach(ForkedJvm::close);
  }

  static String base(boolean exportBeta) {
    return """
        flags:
          export_beta: %s
        roles:
          reader:
            permissions: ["invoice:read"]
        rules:
          - id: export-beta
            effect: allow
            actions: ["report:export"]
            when: flags.export_beta
        subjects:
          alice: {roles: [reader]}
        """.formatted(exportBeta);
  }

  /** The subjects, spread over files of a directory source as a large deployment would. */
  static void writeUsers(Path dir) throws Exception {
    int perFile = SUBJECTS / 4;
    for (int f = 0; f < 4; f++) {
      StringBuilder sb = new StringBuilder("subjects:\n");
      for (int i = f * perFile; i < (f + 1) * perFile; i++) {
        sb.append("  user").append(i).append(": {roles: [reader], groups: [g").append(i % 100).append("]}\n");
      }
      Processes.rewriteByRename(dir.resolve("users-" + f + ".yaml"), sb.toString());
    }
  }

  @Test
  void killedMidPublicationLeavesTheLastGoodStateAndARestartCatchesUp(@TempDir Path dir) throws Exception {
    Path store = shm.resolve("store");
    Path policy = java.nio.file.Files.createDirectories(dir.resolve("policy"));
    writeUsers(policy);
    Processes.rewriteByRename(policy.resolve("base.yaml"), base(false));
    long started = System.nanoTime();
    ForkedJvm loader = start(Processes.loader(policy, store));
    loader.awaitLine(l -> l.contains("in full"), 120, TimeUnit.SECONDS);
    long fullPublication = System.nanoTime() - started;
    loader.awaitLine(l -> l.contains("watching"), 30, TimeUnit.SECONDS);

    ForkedJvm app = start(Processes.app(Jdks.current(), "store=" + store + ",staleAfter=5m",
        "dev.vigil.testapps.loop.GuardLoop", "alice", "300", "read", "export"));
    app.awaitLine(l -> l.equals("READY"), 60, TimeUnit.SECONDS);
    assertThat(app.stdout()).anyMatch(l -> l.startsWith("read ALLOW")).anyMatch(l -> l.startsWith("export DENY"));

    // Republish with the flag on (the policy part changed: a whole new generation is written) and
    // kill the loader somewhere inside that work.
    Processes.rewriteByRename(policy.resolve("base.yaml"), base(true));
    long killAfter = ThreadLocalRandom.current().nextLong(fullPublication / 4, fullPublication);
    TimeUnit.NANOSECONDS.sleep(killAfter);
    loader.process().destroyForcibly().waitFor();
    Thread.sleep(500);
    List<String> seen = app.stdout();
    assertThat(seen).as("reads stay allowed: no torn or missing state").noneMatch(l -> l.startsWith("read DENY"));
    assertThat(seen.stream().filter(l -> l.startsWith("export ")).count())
        .as("export is decided on the old state or the new one, and changes at most once").isLessThanOrEqualTo(2);

    ForkedJvm restarted = start(Processes.loader(policy, store));
    restarted.awaitLine(l -> l.contains("watching"), 120, TimeUnit.SECONDS);
    app.awaitLine(l -> l.startsWith("export ALLOW"), 30, TimeUnit.SECONDS);
    assertThat(app.stdout()).noneMatch(l -> l.startsWith("read DENY"));
    System.out.printf("LOADER CRASH full publication %.0f ms, killed after %.0f ms%n",
        fullPublication / 1e6, killAfter / 1e6);
  }

  private ForkedJvm start(ForkedJvm jvm) {
    processes.add(jvm);
    return jvm;
  }
}
