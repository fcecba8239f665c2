package dev.vigil.policy.parse;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns typed scalars into Java values and describes nodes for messages. Tags come from {@link
 * CoreSchemaResolver} or from an explicit standard tag ({@code !!int 12}); an explicit tag can be
 * wrong for its text ({@code !!int twelve}), so every conversion here may fail and returns null.
 */
final class ScalarValues {

  private ScalarValues() {}

  static boolean isNull(Node node) {
    return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
  }

  /** What kind of value a node is, as a phrase: "a list", "a string", "true/false", .... */
  static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    Tag tag = node.getTag();
    if (tag.equals(Tag.NULL)) {
      return "nothing (an empty value)";
    }
    if (tag.equals(Tag.BOOL)) {
      return "true/false";
    }
    if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
      return "a number";
    }
    return "a string";
  }

  /** The boolean a core-schema bool spells, or null. */
  static Boolean bool(String text) {
    if (CoreSchemaResolver.CORE_BOOL.matcher(text).matches()) {
      return text.charAt(0) == 't' || text.charAt(0) == 'T';
    }
    return null;
  }

  /** The long a core-schema int spells, or null when it is no int or does not fit 64 bits. */
  static Long integer(String text) {
    if (!CoreSchemaResolver.CORE_INT.matcher(text).matches()) {
      return null;
    }
    try {
      if (text.startsWith("0o")) {
        return Long.parseLong(text.substring(2), 8);
      }
      if (text.startsWith("0x")) {
        return Long.parseLong(text.substring(2), 16);
      }
      return Long.parseLong(text);
    } catch (NumberFormatException tooLarge) {
      return null;
    }
  }

  /** The double a core-schema float (or int) spells, or null. */
  static Double floating(String text) {
    Long whole = integer(text);
    if (whole != null) {
      return whole.doubleValue();
    }
    if (!CoreSchemaResolver.CORE_FLOAT.matcher(text).matches()) {
      return null;
    }
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    if (lower.endsWith(".inf")) {
      return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (lower.equals(".nan")) {
      return Double.NaN;
    }
    return Double.parseDouble(text);
  }
}
