package dev.vigil.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testapps.harness.ForkedJvm;
import dev.vigil.testapps.harness.Jdks;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarded classes another agent loaded before Vigil installed are retransformed, not left unchecked.
 */
class PreloadedClassesIT {

  @Test
  void classesLoadedBeforeVigilAreStillGuarded(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("policy.yaml"), GuardedWeavingIT.POLICY);
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue("Premain-Class", "dev.vigil.testapps.preload.PreloadAgent");
    Path preload = dir.resolve("preload-agent.jar");
    try (OutputStream out = Files.newOutputStream(preload); JarOutputStream jar = new JarOutputStream(out, manifest)) {
      // The agent's class comes from the application class path; the jar only names it.
    }
    String preloaded = "dev.vigil.testapps.shapes.Shapes$Plain,dev.vigil.testapps.shapes.Shapes$TypeLevel";
    try (ForkedJvm jvm = ForkedJvm.start(Jdks.current(),
        List.of("-javaagent:" + preload + "=" + preloaded,
            "-javaagent:" + AgentRun.AGENT_JAR + "=policy=" + dir.resolve("policy.yaml")),
        AgentRun.TEST_APPS, "dev.vigil.testapps.shapes.ShapesApp", List.of("bob"), dir)) {
      assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).as(jvm.transcript()).isZero();
      assertThat(jvm.stdout()).contains(
          "instance: DENY default-deny", "static: DENY default-deny", "typelevel: DENY default-deny",
          "unguarded: ALLOW unguarded");
      assertThat(jvm.stdout()).anyMatch(l -> l.startsWith("STATUS") && l.contains("transformErrors=0"));
    }
  }
}
