package dev.vigil.testapps.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The JDKs the agent tests run on: the homes listed (comma separated) in the {@code vigil.test.jdks}
 * system property, which the build sets to the running JDK and JDK 25. A listed home that does not
 * exist fails the test run instead of quietly testing less.
 */
public final class Jdks {

  private Jdks() {}

  public static List<Path> all() {
    String listed = System.getProperty("vigil.test.jdks", System.getProperty("java.home"));
    Set<Path> homes = new LinkedHashSet<>();
    for (String home : listed.split(",")) {
      if (home.isBlank()) {
        continue;
      }
      Path java = Path.of(home.trim(), "bin", "java");
      if (!Files.isExecutable(java)) {
        throw new IllegalStateException("vigil.test.jdks lists " + home + " but " + java
            + " is not there; install that JDK or pass -Dvigil.test.jdks=<homes>");
      }
      homes.add(Path.of(home.trim()).toAbsolutePath().normalize());
    }
    return new ArrayList<>(homes);
  }

  /** The JDK running the tests. */
  public static Path current() {
    return Path.of(System.getProperty("java.home"));
  }
}
