package dev.vigil.loader.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.store.ShmTempDir;
import dev.vigil.testapps.harness.ForkedJvm;
import dev.vigil.testapps.harness.Jdks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core promise, end to end with real processes: a loader JVM and two application JVMs (one per
 * test JDK) under -javaagent call a guarded method in a loop; editing the policy file revokes a
 * role, grants it back and flips a feature flag, and every JVM follows. Also: an application started
 * before its loader denies until the loader publishes, and a killed loader makes the store stale
 * (denied, failMode=closed) until a restarted loader takes over; a policy that does not compile is
 * reported with its file position and changes nothing.
 *
 * <p>The time from file write to first changed decision in each JVM is printed, not asserted: the
 * bound below only catches a wedge; performance is measured by JMH in benchmarks/.
 */
class LiveRevocationIT {

  static final String POLICY = """
      revision: "r%d"
      flags:
        export_beta: %s
      roles:
        reader:
          permissions: ["invoice:read"]
      subjects:
        alice:
          roles: [%s]
          groups: [finance]
      rules:
        - id: export-beta-for-finance
          effect: allow
          actions: ["report:export"]
          when: flags.export_beta && "finance" in subject.groups
      """;

  private final List<ForkedJvm> processes = new ArrayList<>();
  @TempDir(factory = ShmTempDir.class) Path shm;

  @AfterEach
  void stopEverything() throws Exception {
    processes.forEach(ForkedJvm::close);
  }

  private ForkedJvm started(ForkedJvm jvm) {
    processes.add(jvm);
    return jvm;
  }

  @Test
  void revocationGrantAndFlagReachEveryJvm(@TempDir Path dir) throws Exception {
    Path store = shm.resolve("store");
    Path policy = dir.resolve("policy.yaml");
    Processes.rewriteInPlace(policy, POLICY.formatted(1, "false", "reader"));
    List<Path> jdks = Jdks.all();
    String agentArgs = "store=" + store + ",staleAfter=1500ms";

    ForkedJvm first = started(Processes.app(jdks.get(0), agentArgs, "dev.vigil.testapps.loop.GuardLoop",
        "alice", "300", "read", "export"));
    assertThat(first.awaitLine(l -> l.startsWith("read "), 60, TimeUnit.SECONDS))
        .as("no store yet: denied").startsWith("read DENY").contains("store-unavailable");

    ForkedJvm loader = started(Processes.loader(policy, store));
    loader.awaitLine(l -> l.contains("watching"), 60, TimeUnit.SECONDS);
    first.awaitLine(l -> l.startsWith("read ALLOW"), 30, TimeUnit.SECONDS);

    ForkedJvm second = started(Processes.app(jdks.get(jdks.size() - 1), agentArgs,
        "dev.vigil.testapps.loop.GuardLoop", "alice", "300", "read", "export"));
    second.awaitLine(l -> l.startsWith("read ALLOW"), 60, TimeUnit.SECONDS);
    List<ForkedJvm> apps = List.of(first, second);

    long revoked = System.nanoTime();
    Processes.rewriteInPlace(policy, POLICY.formatted(2, "false", ""));
    for (String denial : report("revoke (file rewritten in place)", revoked, apps, "read DENY")) {
      assertThat(denial).as("a subject-only publication: the denial cites its revision")
          .contains("rule default-deny, policy revision r2/");
    }

    long granted = System.nanoTime();
    Processes.rewriteByRename(policy, POLICY.formatted(3, "false", "reader"));
    report("grant back (file replaced by rename)", granted, apps, "read ALLOW");

    long flipped = System.nanoTime();
    Processes.rewriteByRename(policy, POLICY.formatted(4, "true", "reader"));
    report("feature flag on", flipped, apps, "export ALLOW");

    int[] linesBefore = apps.stream().mapToInt(a -> a.stdout().size()).toArray();
    Processes.rewriteInPlace(policy, POLICY.formatted(5, "true", "")
        .replace("flags.export_beta &&", "flags.export_beta &&& "));
    String rejected = loader.awaitStderr(l -> l.contains("policy.yaml:"), 10, TimeUnit.SECONDS);
    assertThat(rejected).as("the loader names file:line:column").containsPattern("policy\\.yaml:\\d+:\\d+: ");
    Thread.sleep(500);
    for (int i = 0; i < apps.size(); i++) {
      assertThat(apps.get(i).stdout().subList(linesBefore[i], apps.get(i).stdout().size()))
          .as("a rejected policy changes no decision: the last good revision stays enforced").isEmpty();
    }

    loader.process().destroyForcibly().waitFor();
    for (ForkedJvm app : apps) {
      assertThat(app.awaitLine(l -> l.startsWith("read DENY"), 30, TimeUnit.SECONDS))
          .as("loader killed: the store goes stale and guarded calls are denied").contains("stale");
    }
    ForkedJvm restarted = started(Processes.loader(policy, store));
    restarted.awaitLine(l -> l.contains("watching"), 60, TimeUnit.SECONDS);
    for (ForkedJvm app : apps) {
      app.awaitLine(l -> l.startsWith("read ALLOW"), 30, TimeUnit.SECONDS);
    }
  }

  /** Waits for the change in every app, prints file-write-to-decision latency per JVM, returns the lines. */
  private static List<String> report(String what, long writtenAt, List<ForkedJvm> apps, String expected)
      throws Exception {
    StringBuilder line = new StringBuilder("LATENCY " + what + ":");
    List<String> seenLines = new ArrayList<>();
    for (ForkedJvm app : apps) {
      String seen = app.awaitLine(l -> l.startsWith(expected), 10, TimeUnit.SECONDS);
      seenLines.add(seen);
      long at = Long.parseLong(seen.split(" ")[2]);
      line.append(String.format(" %.1f ms", (at - writtenAt) / 1e6));
    }
    System.out.println(line);
    return seenLines;
  }
}
