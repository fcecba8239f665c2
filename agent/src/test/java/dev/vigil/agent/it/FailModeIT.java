package dev.vigil.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testapps.harness.ForkedJvm;
import dev.vigil.testapps.harness.Jdks;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With no usable store, guarded calls are denied with a clear reason (failMode=closed, the
 * default), or allowed and logged (failMode=open); and a bad configuration stops the JVM from
 * starting unguarded.
 */
class FailModeIT {

  @Test
  void agentWithNoSourceDeniesGuardedCallsAndSaysWhy(@TempDir Path dir) throws Exception {
    Result r = shapes(dir, "", 0);
    assertThat(r.out).contains("instance: DENY store-unavailable", "unguarded: ALLOW unguarded");
    assertThat(r.err).anyMatch(l -> l.contains("no policy source configured"));
  }

  @Test
  void missingStoreDeniesGuardedCallsNamingTheStore(@TempDir Path dir) throws Exception {
    Path store = dir.resolve("no-such-store");
    Result r = shapes(dir, "store=" + store, 0);
    assertThat(r.out).contains("instance: DENY store-unavailable", "static: DENY store-unavailable");
    assertThat(r.err).anyMatch(l -> l.contains(store.toString()));
  }

  @Test
  void failOpenAllowsAndLogsWhenTheStoreIsMissing(@TempDir Path dir) throws Exception {
    Result r = shapes(dir, "store=" + dir.resolve("no-such-store") + ",failMode=open", 0);
    assertThat(r.out).contains("instance: ALLOW instance", "forbidden: ALLOW forbidden");
    assertThat(r.err.stream().filter(l -> l.contains("failMode=open, allowing")))
        .as("a lasting outage is logged once, not once per call").hasSize(1);
  }

  @Test
  void invalidEmbeddedPolicyDeniesAndNamesTheProblem(@TempDir Path dir) throws Exception {
    Path policy = java.nio.file.Files.writeString(dir.resolve("bad.yaml"),
        "roles:\n  r: {permissions: [a]}\nsubjects:\n  alice: {roles: [nope]}\n");
    Result r = shapes(dir, "policy=" + policy, 0);
    assertThat(r.out).contains("instance: DENY store-unavailable", "unguarded: ALLOW unguarded");
    assertThat(r.err).anyMatch(l -> l.contains("bad.yaml:4:19:") && l.contains("'nope'"));
    assertThat(r.err).anyMatch(l -> l.contains("holds no policy yet"));
  }

  @Test
  void unknownOptionStopsTheJvmFromStarting(@TempDir Path dir) throws Exception {
    Result r = shapes(dir, "polcy=x.yaml", -1);
    assertThat(r.exit).isNotZero();
    assertThat(r.err).anyMatch(l -> l.contains("unknown Vigil agent option 'polcy'"));
    assertThat(r.out).noneMatch(l -> l.contains("ALLOW"));
  }

  @Test
  void invalidFailModeStopsTheJvmFromStarting(@TempDir Path dir) throws Exception {
    Result r = shapes(dir, "store=/dev/shm/x,failMode=opne", -1);
    assertThat(r.exit).isNotZero();
    assertThat(r.err).anyMatch(l -> l.contains("failMode=opne is not one of closed, open"));
  }

  @Test
  void missingPolicyFileStopsTheJvmFromStarting(@TempDir Path dir) throws Exception {
    Result r = shapes(dir, "policy=" + dir.resolve("absent.yaml"), -1);
    assertThat(r.exit).isNotZero();
    assertThat(r.err).anyMatch(l -> l.contains("absent.yaml") && l.contains("does not exist"));
  }

  record Result(int exit, List<String> out, List<String> err) {}

  /** Runs ShapesApp as alice; {@code expectedExit} -1 means "any". */
  static Result shapes(Path dir, String agentArgs, int expectedExit) throws Exception {
    try (ForkedJvm jvm = AgentRun.start(Jdks.current(), agentArgs, List.of(),
        "dev.vigil.testapps.shapes.ShapesApp", List.of("alice"), dir)) {
      int exit = jvm.waitFor(60, TimeUnit.SECONDS);
      if (expectedExit >= 0) {
        assertThat(exit).as(jvm.transcript()).isEqualTo(expectedExit);
      }
      return new Result(exit, jvm.stdout(), jvm.stderr());
    }
  }
}
