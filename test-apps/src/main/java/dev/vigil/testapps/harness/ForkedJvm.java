package dev.vigil.testapps.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A second JVM, started the way users start theirs: {@code java [-javaagent:...] -cp ... Main args}.
 * Its output is collected line by line as it comes, so a test can wait for a line and also read the
 * whole output once the process ended. Always {@link #close} it: that kills what is still running.
 */
public final class ForkedJvm implements AutoCloseable {

  private final Process process;
  private final List<String> stdout = new ArrayList<>();
  private final List<String> stderr = new ArrayList<>();
  private final BlockingQueue<String> fresh = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> freshErr = new LinkedBlockingQueue<>();
  private final Thread outReader;
  private final Thread errReader;

  private ForkedJvm(Process process) {
    this.process = process;
    this.outReader = pump(process.getInputStream(), stdout, fresh);
    this.errReader = pump(process.getErrorStream(), stderr, freshErr);
  }

  /** Starts {@code javaHome/bin/java} with the given JVM options, classpath, main class and arguments. */
  public static ForkedJvm start(Path javaHome, List<String> jvmOptions, String classpath, String mainClass,
      List<String> args, Path workingDirectory) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(javaHome.resolve("bin").resolve("java").toString());
    command.addAll(jvmOptions);
    if (classpath != null) {
      command.add("-cp");
      command.add(classpath);
    }
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    if (workingDirectory != null) {
      pb.directory(workingDirectory.toFile());
    }
    return new ForkedJvm(pb.start());
  }

  private Thread pump(java.io.InputStream in, List<String> sink, BlockingQueue<String> announce) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (sink) {
            sink.add(line);
          }
          announce.add(line);
        }
      } catch (IOException ignored) {
        // The process went away; what was read is kept.
      }
    }, "forked-jvm-output");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Waits for the next stdout line that matches; throws with the output so far if none comes in time. */
  public String awaitLine(Predicate<String> matching, long timeout, TimeUnit unit) throws InterruptedException {
    return await(fresh, matching, timeout, unit);
  }

  /** Like {@link #awaitLine}, for stderr. */
  public String awaitStderr(Predicate<String> matching, long timeout, TimeUnit unit) throws InterruptedException {
    return await(freshErr, matching, timeout, unit);
  }

  private String await(BlockingQueue<String> lines, Predicate<String> matching, long timeout, TimeUnit unit)
      throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (true) {
      long left = deadline - System.nanoTime();
      String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError("no matching line within " + timeout + " " + unit + "; alive=" + process.isAlive()
            + "\nstdout:\n" + String.join("\n", stdout()) + "\nstderr:\n" + String.join("\n", stderr()));
      }
      if (matching.test(line)) {
        return line;
      }
    }
  }

  /** Waits for the process to end and returns its exit code; kills it and fails if it does not. */
  public int waitFor(long timeout, TimeUnit unit) throws InterruptedException {
    if (!process.waitFor(timeout, unit)) {
      process.destroyForcibly();
      throw new AssertionError("process did not end within " + timeout + " " + unit
          + "\nstdout:\n" + String.join("\n", stdout()) + "\nstderr:\n" + String.join("\n", stderr()));
    }
    outReader.join(TimeUnit.SECONDS.toMillis(10));
    errReader.join(TimeUnit.SECONDS.toMillis(10));
    return process.exitValue();
  }

  public List<String> stdout() {
    synchronized (stdout) {
      return new ArrayList<>(stdout);
    }
  }

  public List<String> stderr() {
    synchronized (stderr) {
      return new ArrayList<>(stderr);
    }
  }

  public Process process() {
    return process;
  }

  /** Everything it printed, for assertion messages. */
  public String transcript() {
    return "stdout:\n" + String.join("\n", stdout()) + "\nstderr:\n" + String.join("\n", stderr());
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
