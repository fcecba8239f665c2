package dev.vigil.loader.it;

import dev.vigil.testapps.harness.BuildOutputs;
import dev.vigil.testapps.harness.ForkedJvm;
import dev.vigil.testapps.harness.Jdks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** Starts the real loader jar and test applications under the real agent jar, each in its own JVM. */
final class Processes {

  static final Path AGENT_JAR = BuildOutputs.agentJar();
  static final Path LOADER_JAR = BuildOutputs.loaderJar();
  static final String TEST_APPS = BuildOutputs.testAppsClasspath();

  private Processes() {}

  static ForkedJvm loader(Path source, Path store, String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of(LOADER_JAR.toString(), "run", "--source", "file:" + source,
        "--store", store.toString(), "--heartbeat", "200"));
    args.addAll(List.of(extra));
    return ForkedJvm.start(Jdks.current(), List.of(), null, "-jar", args, null);
  }

  static ForkedJvm app(Path jdk, String agentArgs, String mainClass, String... args) throws IOException {
    return ForkedJvm.start(jdk, List.of("-javaagent:" + AGENT_JAR + "=" + agentArgs), TEST_APPS, mainClass,
        List.of(args), null);
  }

  /** Replaces a file's content in place (truncate and write), as many editors and tools do. */
  static void rewriteInPlace(Path file, String content) throws IOException {
    Files.writeString(file, content);
  }

  /** Replaces a file atomically through a rename, as other editors and config tools do. */
  static void rewriteByRename(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.writeString(tmp, content);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
