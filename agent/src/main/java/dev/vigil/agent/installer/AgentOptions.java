package dev.vigil.agent.installer;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

/**
 * The agent's options as parsed and checked at start-up. Unknown names and invalid values are
 * errors, not defaults: a typo in {@code failMode} must not silently change what is enforced.
 */
public final class AgentOptions {

  private final Map<AgentOption, String> values;

  private AgentOptions(Map<AgentOption, String> values) {
    this.values = values;
  }

  /** Parses {@code key=value,key=value} agent arguments over {@code vigil.*} system properties. */
  public static AgentOptions parse(String arguments, Properties system) {
    Map<AgentOption, String> values = new EnumMap<>(AgentOption.class);
    for (String name : system.stringPropertyNames()) {
      if (name.startsWith(AgentOption.PROPERTY_PREFIX)) {
        String key = name.substring(AgentOption.PROPERTY_PREFIX.length());
        AgentOption option = AgentOption.byKey(key);
        if (option == null) {
          throw new IllegalArgumentException("unknown Vigil option -D" + name + "; known options: " + known());
        }
        values.put(option, system.getProperty(name).trim());
      }
    }
    if (arguments != null && !arguments.isBlank()) {
      for (String pair : arguments.split(",")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("agent argument '" + pair + "' is not key=value; known options: " + known());
        }
        String key = pair.substring(0, eq).trim();
        AgentOption option = AgentOption.byKey(key);
        if (option == null) {
          throw new IllegalArgumentException("unknown Vigil agent option '" + key + "'; known options: " + known());
        }
        values.put(option, pair.substring(eq + 1).trim());
      }
    }
    AgentOptions options = new AgentOptions(values);
    options.validate();
    return options;
  }

  private void validate() {
    oneOf(AgentOption.MODE, "enforce", "report");
    oneOf(AgentOption.FAIL_MODE, "closed", "open");
    oneOf(AgentOption.VERBOSE, "true", "false");
    staleAfterMillis();
    if (values.containsKey(AgentOption.POLICY) && values.containsKey(AgentOption.STORE)) {
      throw new IllegalArgumentException("give either policy= (embedded mode) or store= (sidecar mode), not both");
    }
  }

  private void oneOf(AgentOption option, String... allowed) {
    String v = get(option);
    for (String a : allowed) {
      if (a.equals(v)) {
        return;
      }
    }
    throw new IllegalArgumentException("Vigil option " + option.key() + "=" + v + " is not one of "
        + String.join(", ", allowed));
  }

  private static String known() {
    StringBuilder sb = new StringBuilder();
    for (AgentOption o : AgentOption.values()) {
      sb.append(sb.length() == 0 ? "" : ", ").append(o.key());
    }
    return sb.toString();
  }

  public String get(AgentOption option) {
    return values.getOrDefault(option, option.defaultValue());
  }

  /** Embedded mode's policy source, or null. */
  public Path policy() {
    String p = values.get(AgentOption.POLICY);
    return p == null ? null : Path.of(p);
  }

  /** Sidecar mode's store, or null. */
  public Path store() {
    String s = values.get(AgentOption.STORE);
    return s == null ? null : Path.of(s);
  }

  public boolean reportOnly() {
    return "report".equals(get(AgentOption.MODE));
  }

  public boolean failOpen() {
    return "open".equals(get(AgentOption.FAIL_MODE));
  }

  public boolean verbose() {
    return "true".equals(get(AgentOption.VERBOSE));
  }

  public long staleAfterMillis() {
    return parseDurationMillis(AgentOption.STALE_AFTER, get(AgentOption.STALE_AFTER));
  }

  static long parseDurationMillis(AgentOption option, String text) {
    String t = text.trim();
    long unit;
    String number;
    if (t.endsWith("ms")) {
      unit = 1;
      number = t.substring(0, t.length() - 2);
    } else if (t.endsWith("s")) {
      unit = 1000;
      number = t.substring(0, t.length() - 1);
    } else if (t.endsWith("m")) {
      unit = 60_000;
      number = t.substring(0, t.length() - 1);
    } else {
      throw new IllegalArgumentException("Vigil option " + option.key() + "=" + text
          + " needs a unit: ms, s or m (for example 10s)");
    }
    try {
      long n = Long.parseLong(number.trim());
      if (n <= 0) {
        throw new NumberFormatException();
      }
      return Math.multiplyExact(n, unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("Vigil option " + option.key() + "=" + text
          + " is not a positive duration (for example 500ms, 10s, 2m)");
    }
  }
}
