package dev.vigil.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testapps.harness.ForkedJvm;
import dev.vigil.testapps.harness.Jdks;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A program with nothing guarded runs unchanged under the agent with no options: same output, same
 * exit code, no socket opened, no file written (not in its directory, its temp directory or
 * /dev/shm). In embedded mode it opens no socket either, and its private store is gone at exit.
 */
class PlainProgramIT {

  static Stream<Path> jdks() {
    return Jdks.all().stream();
  }

  @ParameterizedTest
  @MethodSource("jdks")
  void runsUnchangedAndTouchesNothing(Path jdk, @TempDir Path dir) throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path work = Files.createDirectories(dir.resolve("work"));
    List<String> jvmOptions = List.of("-XX:-UsePerfData", "-Djava.io.tmpdir=" + tmp);
    Set<String> shmBefore = shm();

    Run without = run(jdk, null, jvmOptions, work);
    Run with = run(jdk, "", jvmOptions, work);

    assertThat(with.exit).isEqualTo(without.exit).isZero();
    assertThat(with.out).isEqualTo(without.out);
    assertThat(with.err).as("stderr under the agent").isEqualTo(without.err);
    assertThat(with.out).noneMatch(l -> l.startsWith("SOCKET"));
    try (Stream<Path> left = Stream.concat(Files.list(tmp), Files.list(work))) {
      assertThat(left).isEmpty();
    }
    assertThat(shm()).containsExactlyInAnyOrderElementsOf(shmBefore);
  }

  @ParameterizedTest
  @MethodSource("jdks")
  void embeddedModeOpensNoSocketAndRemovesItsStoreOnExit(Path jdk, @TempDir Path dir) throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path work = Files.createDirectories(dir.resolve("work"));
    Path policy = Files.writeString(dir.resolve("policy.yaml"), GuardedWeavingIT.POLICY);
    Set<String> shmBefore = shm();

    Run with = run(jdk, "policy=" + policy, List.of("-XX:-UsePerfData", "-Djava.io.tmpdir=" + tmp), work);

    assertThat(with.exit).isZero();
    assertThat(with.out).startsWith("sum=500500", "args=--fds");
    assertThat(with.out).as("no network socket; the JDK's file watcher holds a local socket pair")
        .noneMatch(l -> l.startsWith("SOCKET inet"));
    assertThat(with.err).isEmpty();
    try (Stream<Path> left = Stream.concat(Files.list(tmp), Files.list(work))) {
      assertThat(left).isEmpty();
    }
    assertThat(shm()).as("the embedded store is removed at exit").containsExactlyInAnyOrderElementsOf(shmBefore);
  }

  record Run(int exit, List<String> out, List<String> err) {}

  private static Run run(Path jdk, String agentArgs, List<String> jvmOptions, Path work) throws Exception {
    try (ForkedJvm jvm = AgentRun.start(jdk, agentArgs, jvmOptions, "dev.vigil.testapps.plain.PlainApp",
        List.of("--fds"), work)) {
      int exit = jvm.waitFor(60, TimeUnit.SECONDS);
      return new Run(exit, jvm.stdout(), jvm.stderr());
    }
  }

  /**
   * What /dev/shm holds, less the scratch stores other test runs and benchmarks on this machine
   * create and remove meanwhile (their names say so); anything else that appears came from here.
   */
  private static Set<String> shm() {
    String[] names = new File("/dev/shm").list();
    Set<String> set = names == null ? new HashSet<>() : new HashSet<>(Arrays.asList(names));
    set.removeIf(n -> n.startsWith("vigil-test-") || n.startsWith("vigil-bench-") || n.startsWith("vigil-it-"));
    return set;
  }
}
