package dev.vigil.loader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} options of one command; an option may repeat (read with {@link #all}). */
final class CommandLine {

  private final Map<String, List<String>> options;

  private CommandLine(Map<String, List<String>> options) {
    this.options = options;
  }

  static CommandLine parse(String[] args) {
    Map<String, List<String>> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (!name.startsWith("--") || name.length() == 2) {
        throw new UsageException("expected an option like --source, found '" + name + "'");
      }
      if (i + 1 >= args.length) {
        throw new UsageException(name + " needs a value");
      }
      options.computeIfAbsent(name.substring(2), k -> new ArrayList<>()).add(args[++i]);
    }
    return new CommandLine(options);
  }

  /** Fails on any option the command does not know, so a typo is not silently ignored. */
  CommandLine allow(String... names) {
    for (String given : options.keySet()) {
      if (!List.of(names).contains(given)) {
        throw new UsageException("unknown option --" + given + " (known: --" + String.join(", --", names) + ")");
      }
    }
    return this;
  }

  String required(String name) {
    String v = optional(name);
    if (v == null) {
      throw new UsageException("--" + name + " is required");
    }
    return v;
  }

  String optional(String name) {
    List<String> values = options.get(name);
    if (values == null) {
      return null;
    }
    if (values.size() > 1) {
      throw new UsageException("--" + name + " given " + values.size() + " times");
    }
    return values.get(0);
  }

  List<String> all(String name) {
    return options.getOrDefault(name, List.of());
  }

  /** {@code --source file:<path>}; the scheme leaves room for sources that are not files. */
  Path source() {
    String source = required("source");
    if (!source.startsWith("file:")) {
      throw new UsageException("--source " + source + ": only file:<file-or-directory> sources exist so far");
    }
    return Path.of(source.substring("file:".length()));
  }

  long millis(String name, long defaultValue) {
    String v = optional(name);
    if (v == null) {
      return defaultValue;
    }
    try {
      long n = Long.parseLong(v);
      if (n <= 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " " + v + " is not a positive number of milliseconds");
    }
  }
}
