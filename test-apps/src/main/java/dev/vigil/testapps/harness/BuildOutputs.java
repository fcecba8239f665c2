package dev.vigil.testapps.harness;

import java.nio.file.Path;

/**
 * Where the build put what the tests run: Maven passes each path as a system property (see the
 * failsafe configuration of the agent and loader modules), so tests run the real jars.
 */
public final class BuildOutputs {

  private BuildOutputs() {}

  public static Path agentJar() {
    return Path.of(required("vigil.agent.jar"));
  }

  public static Path loaderJar() {
    return Path.of(required("vigil.loader.jar"));
  }

  /** The test applications and the annotations, as a class path. */
  public static String testAppsClasspath() {
    return required("vigil.testapps.classpath");
  }

  private static String required(String property) {
    String v = System.getProperty(property);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException(property + " is not set; run these tests through Maven (failsafe)");
    }
    return v;
  }
}
