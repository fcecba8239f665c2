package dev.vigil.agent.installer;

import java.io.PrintStream;

/**
 * Every option the agent takes: the one list of their names, defaults and meanings. Each is given
 * as an agent argument ({@code -javaagent:vigil-agent.jar=policy=p.yaml,mode=report}) or as a system
 * property with the {@code vigil.} prefix ({@code -Dvigil.mode=report}); the agent argument wins.
 */
public enum AgentOption {
  POLICY("policy", null,
      "Embedded mode: a policy file or directory (YAML/JSON) the agent loads and watches itself."),
  STORE("store", null,
      "Sidecar mode: the store directory a vigil-loader keeps current (for example /dev/shm/vigil)."),
  MODE("mode", "enforce",
      "enforce: a denied call throws. report: a denied call is logged and allowed (for trials)."),
  FAIL_MODE("failMode", "closed",
      "closed: with no usable store (absent, stale, unreadable) guarded calls are denied. open: allowed and logged."),
  STALE_AFTER("staleAfter", "10s",
      "How long the loader's heartbeat may be silent before the store counts as stale (ms, s, m)."),
  LOG("log", "stderr",
      "Where the agent writes its log: stderr, or a file path (appended)."),
  VERBOSE("verbose", "false",
      "true: also log start-up details, publications seen and report-mode decisions.");

  /** Prefix that turns an option name into its system property. */
  public static final String PROPERTY_PREFIX = "vigil.";

  private final String key;
  private final String defaultValue;
  private final String help;

  AgentOption(String key, String defaultValue, String help) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.help = help;
  }

  public String key() {
    return key;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String help() {
    return help;
  }

  static AgentOption byKey(String key) {
    for (AgentOption o : values()) {
      if (o.key.equals(key)) {
        return o;
      }
    }
    return null;
  }

  /** What {@code java -jar vigil-agent.jar} prints. */
  public static void printHelp(PrintStream out) {
    out.println("Vigil agent: java -javaagent:vigil-agent.jar[=key=value,...] ...");
    out.println("Each option may also be set as -D" + PROPERTY_PREFIX + "<key>=<value>; the agent argument wins.");
    out.println();
    for (AgentOption o : values()) {
      out.printf("  %-11s %s%n", o.key, o.help);
      out.printf("  %-11s default: %s%n", "", o.defaultValue == null ? "(none)" : o.defaultValue);
    }
  }
}
