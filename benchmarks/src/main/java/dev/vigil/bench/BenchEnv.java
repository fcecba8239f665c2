package dev.vigil.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Where things are for the benchmarks (the agent jar, the test applications, the JVM to launch) and
 * the few operations several of them need. Paths come from system properties when given
 * ({@code -Dvigilbench.agent.jar=...}, {@code -Dvigilbench.testapps.classpath=...}), otherwise from
 * the values the Maven build recorded in {@code vigil-bench.properties}. The prefix is not
 * {@code vigil.}: the agent treats every {@code vigil.*} property as one of its options.
 */
public final class BenchEnv {

  /** The embedded-mode policy every benchmark uses, as a resource of this jar. */
  public static final String POLICY_RESOURCE = "policies/bench-policy.yaml";
  /** Set by {@link BenchMain} in sidecar forks: the store the fork writes and its agent reads. */
  public static final String STORE_PROPERTY = "vigilbench.store";
  /** Prefix of every file and directory benchmarks create under /dev/shm. */
  public static final String SHM_PREFIX = "vigil-bench-";

  private static final Properties BUILT = load();

  private BenchEnv() {}

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = BenchEnv.class.getResourceAsStream("/vigil-bench.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  private static String setting(String key) {
    String value = System.getProperty("vigilbench." + key, BUILT.getProperty(key));
    if (value == null || value.isBlank() || value.contains("${")) {
      throw new IllegalStateException("benchmark setting " + key + " is unknown: pass -Dvigilbench." + key
          + "=... or build with ./mvnw install");
    }
    return value;
  }

  /** target/vigil-agent.jar, the agent as users run it. */
  public static Path agentJar() {
    Path jar = Path.of(setting("agent.jar")).toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no agent jar at " + jar + ": build it (./mvnw -B install -DskipTests)"
          + " or pass -Dvigilbench.agent.jar=<path>");
    }
    return jar;
  }

  /** The test applications and the annotations, as an application's class path. */
  public static String testAppsClasspath() {
    return setting("testapps.classpath");
  }

  /** The java launcher of the running JVM, so children run on the same JDK. */
  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Root for stores and ack files: tmpfs, where the product keeps its stores. */
  public static Path shm() {
    Path shm = Path.of("/dev/shm");
    return Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
  }

  /** A fresh path under /dev/shm for this JVM, after removing what dead benchmark JVMs left there. */
  public static Path shmPath(String name) {
    removeOrphans();
    return shm().resolve(SHM_PREFIX + ProcessHandle.current().pid() + "-" + name);
  }

  /** Removes /dev/shm/vigil-bench-<pid>-* entries whose process is gone (a fork that was killed). */
  public static void removeOrphans() {
    try (Stream<Path> entries = Files.list(shm())) {
      entries.filter(p -> p.getFileName().toString().startsWith(SHM_PREFIX)).forEach(p -> {
        String rest = p.getFileName().toString().substring(SHM_PREFIX.length());
        int dash = rest.indexOf('-');
        try {
          long pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
          if (ProcessHandle.of(pid).isEmpty()) {
            deleteTree(p);
          }
        } catch (NumberFormatException notOurs) {
          // Some other name with our prefix: leave it.
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }

  /** A resource of this jar as text. */
  public static String resource(String name) {
    try (InputStream in = BenchEnv.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " is missing from the benchmarks jar");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The agent's bridge, {@code dev.vigil.agent.bootstrap.Guard}, as the bootstrap class loader
   * holds it. Fails with instructions when this JVM runs without the agent, since a guarded
   * method would then be measured unguarded.
   */
  private static Class<?> guard() {
    try {
      return Class.forName("dev.vigil.agent.bootstrap.Guard", true, null);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("this benchmark must run under the Vigil agent: launch it with"
          + " benchmarks/run.sh or java -cp benchmarks.jar dev.vigil.bench.BenchMain <pattern>"
          + " (plain org.openjdk.jmh.Main does not add -javaagent)");
    }
  }

  /**
   * Makes {@code subjectId} the current thread's subject, as the agent's woven {@code Vigil.runAs}
   * does: {@code Guard.enterSubject(subjectId, attributes)}, through reflection because the class
   * is on the bootstrap class path only. Returns the token for {@link #exitSubject}.
   */
  public static Object enterSubject(String subjectId, Map<String, ?> attributes) {
    return invoke(method("enterSubject", String.class, Map.class), subjectId, attributes);
  }

  public static void exitSubject(Object token) {
    invoke(method("exitSubject", Object.class), token);
  }

  private static Method method(String name, Class<?>... types) {
    try {
      return guard().getMethod(name, types);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("the agent's Guard has no " + name + ": agent and benchmarks differ", e);
    }
  }

  private static Object invoke(Method m, Object... args) {
    try {
      return m.invoke(null, args);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(e.getCause());
    }
  }
}
