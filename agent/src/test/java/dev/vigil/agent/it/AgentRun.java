package dev.vigil.agent.it;

import dev.vigil.testapps.harness.BuildOutputs;
import dev.vigil.testapps.harness.ForkedJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a test application in a forked JVM with the built agent jar, the way users run it. */
final class AgentRun {

  static final Path AGENT_JAR = BuildOutputs.agentJar();
  static final String TEST_APPS = BuildOutputs.testAppsClasspath();

  private AgentRun() {}

  /** {@code agentArgs} null means no agent at all; "" means the agent with no options. */
  static ForkedJvm start(Path jdk, String agentArgs, List<String> extraJvmOptions, String mainClass,
      List<String> args, Path workDir) throws IOException {
    List<String> options = new ArrayList<>();
    if (agentArgs != null) {
      options.add("-javaagent:" + AGENT_JAR + (agentArgs.isEmpty() ? "" : "=" + agentArgs));
    }
    options.addAll(extraJvmOptions);
    return ForkedJvm.start(jdk, options, TEST_APPS, mainClass, args, workDir);
  }
}
