package dev.vigil.policy.parse;

import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Types plain scalars by the YAML 1.2 core schema instead of SnakeYAML's YAML 1.1 rules. Under
 * 1.1, {@code no}, {@code on} and {@code off} are booleans, {@code 010} is octal, {@code 10:30} is
 * the number 630 and {@code 2026-01-01} a timestamp; in a policy those are surprises, and JSON
 * (which is 1.2) would read differently from YAML. Here only {@code true}/{@code false},
 * {@code null}/{@code ~}/empty, decimal/{@code 0o}/{@code 0x} integers and decimal floats (with
 * {@code .inf}, {@code .nan}) are typed; everything else is a string.
 */
final class CoreSchemaResolver extends Resolver {

  static final Pattern CORE_BOOL = Pattern.compile("true|True|TRUE|false|False|FALSE");
  static final Pattern CORE_NULL = Pattern.compile("~|null|Null|NULL");
  static final Pattern CORE_EMPTY = Pattern.compile("");
  static final Pattern CORE_INT = Pattern.compile("[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+");
  static final Pattern CORE_FLOAT =
      Pattern.compile(
          "[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");

  @Override
  protected void addImplicitResolvers() {
    addImplicitResolver(Tag.BOOL, CORE_BOOL, "tTfF");
    // INT before FLOAT: the float pattern also matches integers, and the first match wins.
    addImplicitResolver(Tag.INT, CORE_INT, "-+0123456789");
    addImplicitResolver(Tag.FLOAT, CORE_FLOAT, "-+0123456789.");
    addImplicitResolver(Tag.NULL, CORE_NULL, "~nN");
    // A null first character means "try for every scalar"; the pattern only matches "".
    addImplicitResolver(Tag.NULL, CORE_EMPTY, null);
  }
}
