package dev.vigil.loader;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code vigil-loader}: the sidecar that keeps a shared-memory store current from a policy source,
 * and the operator's tools around it. Exit codes: 0 success, 1 the policy or store has problems
 * (printed), 2 bad usage.
 */
public final class LoaderMain {

  static final int OK = 0;
  static final int PROBLEMS = 1;
  static final int USAGE = 2;

  private LoaderMain() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != OK || (args.length > 0 && !args[0].equals("run"))) {
      System.exit(code);
    }
  }

  /** Runs one command; {@code run} returns only when the loader stops. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
      usage(args.length == 0 ? err : out);
      return args.length == 0 ? USAGE : OK;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      CommandLine line = CommandLine.parse(rest);
      return switch (args[0]) {
        case "run" -> RunCommand.run(line, out, err);
        case "validate" -> ValidateCommand.run(line, out, err);
        case "explain" -> ExplainCommand.run(line, out, err);
        case "status" -> StatusCommand.run(line, out, err);
        default -> {
          err.println("vigil-loader: unknown command '" + args[0] + "'");
          usage(err);
          yield USAGE;
        }
      };
    } catch (UsageException e) {
      err.println("vigil-loader " + args[0] + ": " + e.getMessage());
      return USAGE;
    }
  }

  static void usage(PrintStream out) {
    out.println("""
        usage: vigil-loader <command> [options]

          run      --source file:<file-or-dir> --store <dir> [--heartbeat <ms>]
                   publish the policy into the store, then watch the source and publish each change
          validate --source file:<file-or-dir>
                   check a policy without publishing it; problems are printed as file:line:column
          explain  --subject <id> --action <action> (--source file:<path> | --store <dir>)
                   [--request key=value]... [--resource <value>]
                   the decision, and every role and rule behind it with the values it read
          status   --store <dir> [--stale-after <ms>]
                   revision, epoch, heartbeat age; exits 1 when the store is stale
        """);
  }
}
