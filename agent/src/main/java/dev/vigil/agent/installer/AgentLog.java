package dev.vigil.agent.installer;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The agent's own log: one line per event, prefixed so it stands out in the application's output.
 * Writes to stderr or to the file the operator named, nowhere else.
 */
public final class AgentLog {

  private final PrintStream out;
  private final boolean verbose;

  private AgentLog(PrintStream out, boolean verbose) {
    this.out = out;
    this.verbose = verbose;
  }

  public static AgentLog open(AgentOptions options) throws IOException {
    String target = options.get(AgentOption.LOG);
    PrintStream out = "stderr".equals(target)
        ? System.err
        : new PrintStream(new FileOutputStream(target, true), true, StandardCharsets.UTF_8);
    return new AgentLog(out, options.verbose());
  }

  public void info(String message) {
    if (verbose) {
      write("INFO", message);
    }
  }

  public void warn(String message) {
    write("WARN", message);
  }

  public void error(String message) {
    write("ERROR", message);
  }

  private void write(String level, String message) {
    out.println("[vigil] " + Instant.now() + " " + level + " " + message);
  }
}
