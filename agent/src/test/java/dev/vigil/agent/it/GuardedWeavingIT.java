package dev.vigil.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testapps.harness.ForkedJvm;
import dev.vigil.testapps.harness.Jdks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shape of {@code @Guarded} code, woven in a forked JVM under the real agent jar on every
 * test JDK, decided against an embedded policy: what must be checked is, what must not be is not,
 * and no class failed to transform.
 */
class GuardedWeavingIT {

  static final String POLICY = """
      roles:
        shapes:
          permissions: [shape:instance, shape:static, shape:typelevel, shape:interface, shape:default,
                        shape:generic, shape:inherited]
      subjects:
        alice:
          roles: [shapes]
        bob:
          roles: []
      """;

  static Stream<Path> jdks() {
    return Jdks.all().stream();
  }

  @ParameterizedTest
  @MethodSource("jdks")
  void allowedSubjectPassesEveryGuardExceptWhatThePolicyDenies(Path jdk, @TempDir Path dir) throws Exception {
    List<String> out = runShapes(jdk, dir, "alice", "");
    assertThat(out).contains(
        "instance: ALLOW instance",
        "static: ALLOW static",
        "forbidden: DENY default-deny",
        "unguarded: ALLOW unguarded",
        "constructor: ALLOW constructed",
        "typelevel: ALLOW constructed helper",
        "interface: ALLOW served",
        "default: ALLOW default",
        "generic-direct: ALLOW approved doc",
        "generic-bridge: ALLOW approved doc",
        "inherited: ALLOW derived",
        "misconfigured: DENY misconfigured-annotation",
        "swallowed: ALLOW bodyRuns=0",
        "nested: DENY default-deny",
        "after-nested: ALLOW instance",
        "no-subject: DENY no-subject",
        "other-thread: DENY no-subject");
    assertThat(status(out)).contains("transformErrors=0").contains("internalErrors=0");
  }

  @ParameterizedTest
  @MethodSource("jdks")
  void subjectWithoutRolesIsDeniedEveryGuardedMethodOnly(Path jdk, @TempDir Path dir) throws Exception {
    List<String> out = runShapes(jdk, dir, "bob", "");
    assertThat(out).contains(
        "instance: DENY default-deny",
        "static: DENY default-deny",
        "unguarded: ALLOW unguarded",
        "constructor: ALLOW constructed",
        "typelevel: DENY default-deny",
        "interface: DENY default-deny",
        "default: DENY default-deny",
        "generic-direct: DENY default-deny",
        "generic-bridge: DENY default-deny",
        "inherited: DENY default-deny");
    assertThat(status(out)).contains("transformErrors=0");
  }

  @ParameterizedTest
  @MethodSource("jdks")
  void reportModeAllowsButLogsEachDenialOnceEvenThroughBridgeMethods(Path jdk, @TempDir Path dir) throws Exception {
    Path log = dir.resolve("agent.log");
    List<String> out = runShapes(jdk, dir, "bob", ",mode=report,log=" + log);
    assertThat(out).contains("instance: ALLOW instance", "generic-bridge: ALLOW approved doc",
        "misconfigured: ALLOW broken x");
    List<String> logged = Files.readAllLines(log);
    // generic-direct and generic-bridge: one check each, none doubled by the bridge method.
    assertThat(logged.stream().filter(l -> l.contains("'shape:generic'"))).hasSize(2);
    assertThat(logged).anyMatch(l -> l.contains("mode=report") && l.contains("'shape:instance' to subject 'bob'"));
  }

  private static List<String> runShapes(Path jdk, Path dir, String subject, String extraArgs) throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, POLICY);
    try (ForkedJvm jvm = AgentRun.start(jdk, "policy=" + policy + extraArgs, List.of(),
        "dev.vigil.testapps.shapes.ShapesApp", List.of(subject), dir)) {
      int exit = jvm.waitFor(60, TimeUnit.SECONDS);
      assertThat(exit).as(jvm.transcript()).isZero();
      assertThat(jvm.stderr()).as(jvm.transcript()).noneMatch(l -> l.contains("ERROR"));
      return jvm.stdout();
    }
  }

  private static String status(List<String> out) {
    return out.stream().filter(l -> l.startsWith("STATUS ")).findFirst().orElse("STATUS missing");
  }
}
