package dev.vigil.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.regex.Pattern;
import org.openjdk.jmh.Main;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * JMH's command line, plus the agent for benchmark classes marked {@link UnderAgent}: takes the
 * same arguments as {@code org.openjdk.jmh.Main}, splits the selected benchmarks by the fork
 * arguments they need, and runs one JMH session per group with {@code -javaagent:...} prepended to
 * the fork's JVM arguments (annotations cannot hold computed paths). Groups run in the order their
 * first benchmark sorts; each prints its own summary, and with {@code -rf}/{@code -rff} writes its
 * own result file ({@code jmh-result-1.json}, {@code jmh-result-2.json}, ...).
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.vigil.bench.BenchMain [JMH options] [regexp...]}
 */
public final class BenchMain {

  /** Policy resources already copied to files, so one resource gives one file (and one group). */
  private static final Map<String, Path> EXTRACTED = new java.util.HashMap<>();

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    CommandLineOptions cmd;
    try {
      cmd = new CommandLineOptions(args);
    } catch (CommandLineOptionException e) {
      System.err.println("Error parsing command line: " + e.getMessage());
      System.exit(1);
      return;
    }
    if (cmd.shouldHelp() || cmd.shouldList() || cmd.shouldListWithParams() || cmd.shouldListProfilers()
        || cmd.shouldListResultFormats()) {
      Main.main(args);
      return;
    }
    List<String> includes = cmd.getIncludes().isEmpty() ? List.of(".*") : cmd.getIncludes();
    SortedSet<BenchmarkListEntry> selected = BenchmarkList.defaultList().find(
        OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), includes, cmd.getExcludes());
    if (selected.isEmpty()) {
      System.err.println("No matching benchmarks. Miss-spelled regexp? (-l lists them)");
      System.exit(1);
    }
    Map<List<String>, List<BenchmarkListEntry>> groups = new LinkedHashMap<>();
    for (BenchmarkListEntry entry : selected) {
      groups.computeIfAbsent(forkArguments(entry), k -> new ArrayList<>()).add(entry);
    }
    Collection<String> userPrepend = cmd.getJvmArgsPrepend().orElse(List.of());
    int n = 0;
    for (Map.Entry<List<String>, List<BenchmarkListEntry>> group : groups.entrySet()) {
      n++;
      // Options' includes and excludes add to the parent's: include this group's benchmarks by
      // exact name and exclude every other selected one, so the union is exactly this group.
      ChainedOptionsBuilder options = new OptionsBuilder().parent(cmd);
      for (BenchmarkListEntry e : selected) {
        String exact = "^" + Pattern.quote(e.getUsername()) + "$";
        if (group.getValue().contains(e)) {
          options.include(exact);
        } else {
          options.exclude(exact);
        }
      }
      if (!group.getKey().isEmpty()) {
        List<String> prepend = new ArrayList<>(group.getKey());
        prepend.addAll(userPrepend);
        options.jvmArgsPrepend(prepend.toArray(new String[0]));
        System.out.println("# Vigil: forks of " + names(group.getValue()) + " start with " + group.getKey());
      }
      if (groups.size() > 1 && (cmd.getResult().hasValue() || cmd.getResultFormat().hasValue())) {
        // Each session writes its own result file; one name would keep only the last group's.
        String file = cmd.getResult().orElse(
            "jmh-result." + cmd.getResultFormat().get().toString().toLowerCase(java.util.Locale.ROOT));
        options.result(numbered(file, n));
      }
      new Runner(options.build()).run();
    }
  }

  /** {@code results.json} -> {@code results-2.json}. */
  private static String numbered(String file, int n) {
    int dot = file.lastIndexOf('.');
    return dot > file.lastIndexOf('/') ? file.substring(0, dot) + "-" + n + file.substring(dot) : file + "-" + n;
  }

  private static Set<String> names(List<BenchmarkListEntry> entries) {
    Set<String> names = new java.util.TreeSet<>();
    for (BenchmarkListEntry e : entries) {
      names.add(e.getUserClassQName().substring(e.getUserClassQName().lastIndexOf('.') + 1));
    }
    return names;
  }

  /** The JVM arguments the benchmark's {@link UnderAgent} asks for; empty when it has none. */
  private static List<String> forkArguments(BenchmarkListEntry entry) throws IOException {
    UnderAgent under;
    try {
      under = Class.forName(entry.getUserClassQName(), false, BenchMain.class.getClassLoader())
          .getAnnotation(UnderAgent.class);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("benchmark class " + entry.getUserClassQName() + " is missing", e);
    }
    if (under == null) {
      return List.of();
    }
    String agent = "-javaagent:" + BenchEnv.agentJar();
    if (!under.policy().isEmpty() && under.sidecar()) {
      throw new IllegalStateException(entry.getUserClassQName() + ": @UnderAgent takes policy or sidecar, not both");
    }
    if (!under.policy().isEmpty()) {
      return List.of(agent + "=policy=" + extract(under.policy()));
    }
    if (under.sidecar()) {
      String simpleName = entry.getUserClassQName().substring(entry.getUserClassQName().lastIndexOf('.') + 1);
      Path store = BenchEnv.shmPath("store-" + simpleName);
      return List.of(agent + "=store=" + store, "-D" + BenchEnv.STORE_PROPERTY + "=" + store);
    }
    throw new IllegalStateException(entry.getUserClassQName() + ": @UnderAgent needs policy or sidecar");
  }

  /** Copies a policy resource to a file the embedded agent can load and watch; removed on exit. */
  private static Path extract(String resource) throws IOException {
    Path done = EXTRACTED.get(resource);
    if (done != null) {
      return done;
    }
    Path dir = Files.createTempDirectory("vigil-bench-policy-");
    dir.toFile().deleteOnExit(); // registered first, so deleted after the file
    Path file = dir.resolve(Path.of(resource).getFileName().toString());
    Files.writeString(file, BenchEnv.resource(resource), StandardCharsets.UTF_8);
    file.toFile().deleteOnExit();
    EXTRACTED.put(resource, file);
    return file;
  }
}
