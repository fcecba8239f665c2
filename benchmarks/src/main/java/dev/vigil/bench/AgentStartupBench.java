package dev.vigil.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the agent adds to an application's start: one operation launches {@code java -cp <test
 * apps> dev.vigil.testapps.plain.PlainApp} (a program that prints a line and exits) and waits for
 * it to end, {@code none} without the agent, {@code agent} with {@code -javaagent:vigil-agent.jar}
 * and no options, {@code embedded} with {@code =policy=<the benchmark policy>} (so it also parses,
 * compiles and publishes the policy into a new store and removes it at exit). Single-shot: every
 * launch is a cold JVM, as in production. Added start-up is agent minus none; the target is 300 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 15)
@Fork(1)
public class AgentStartupBench {

  @Param({"none", "agent", "embedded"})
  public String mode;

  private Path policyDir;
  private List<String> command;

  @Setup(Level.Trial)
  public void prepare() throws IOException {
    command = new ArrayList<>();
    command.add(BenchEnv.java());
    switch (mode) {
      case "none":
        break;
      case "agent":
        command.add("-javaagent:" + BenchEnv.agentJar());
        break;
      case "embedded":
        policyDir = Files.createTempDirectory("vigil-bench-startup-");
        Path policy = policyDir.resolve("policy.yaml");
        Files.writeString(policy, BenchPolicy.text(), StandardCharsets.UTF_8);
        command.add("-javaagent:" + BenchEnv.agentJar() + "=policy=" + policy);
        break;
      default:
        throw new IllegalArgumentException("mode " + mode);
    }
    command.add("-cp");
    command.add(BenchEnv.testAppsClasspath());
    command.add("dev.vigil.testapps.plain.PlainApp");
  }

  @TearDown(Level.Trial)
  public void cleanUp() {
    BenchEnv.deleteTree(policyDir);
  }

  @Benchmark
  public int launch() throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("PlainApp did not end within 60 s: " + command);
    }
    if (p.exitValue() != 0 || !output.contains("sum=500500") || output.contains("ERROR")) {
      throw new IllegalStateException("PlainApp failed (exit " + p.exitValue() + ") with " + command + ":\n" + output);
    }
    return output.length();
  }
}
