package dev.vigil.policy.parse;

import static dev.vigil.policy.parse.ScalarValues.describe;
import static dev.vigil.policy.parse.ScalarValues.isNull;

import dev.vigil.policy.parse.NodeReader.Entry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a subject's free-form attributes into Java values: String, Long, Double, Boolean, and
 * unmodifiable Lists and Maps (source order kept) of those. Rejects nulls, integers beyond 64
 * bits, values an explicit tag contradicts, reserved names, and aliases that contain themselves.
 */
final class AttributeReader {

  /** Names conditions already use for other things: an attribute so named would be unreachable. */
  private static final Set<String> RESERVED_ATTRIBUTES = Set.of("id", "roles", "groups");

  private final NodeReader nodes;

  AttributeReader(NodeReader nodes) {
    this.nodes = nodes;
  }

  /** The attributes of {@code subject} (for messages) written at {@code value}. */
  Map<String, Object> read(Node value, String subject) {
    if (isNull(value)) {
      return Map.of();
    }
    if (!(value instanceof MappingNode)) {
      nodes.expected(value, "'attributes' of " + subject, "a mapping of attribute names to values");
      return Map.of();
    }
    Map<String, Object> attributes = new LinkedHashMap<>();
    Set<Node> path = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Entry entry : nodes.entries((MappingNode) value, "in the attributes of " + subject)) {
      String name = entry.key();
      if (RESERVED_ATTRIBUTES.contains(name)) {
        nodes.problem(entry.keyNode(), "attribute '" + name + "' of " + subject + " would be hidden by"
            + " subject." + name + " in conditions; rename it");
        continue;
      }
      if (name.isBlank()) {
        nodes.problem(entry.keyNode(), "an attribute name of " + subject + " is empty; give it a name");
        continue;
      }
      Object attribute = attributeValue(entry.value(), name, subject, path);
      if (attribute != null) {
        attributes.put(name, attribute);
      }
    }
    return attributes;
  }

  /**
   * The Java value of an attribute: String, Long, Double, Boolean, or an unmodifiable List or
   * Map (source order kept) of those; null after reporting a problem. {@code path} holds the
   * collections being converted, to catch an alias that contains itself.
   */
  private Object attributeValue(Node node, String name, String subject, Set<Node> path) {
    if (node instanceof ScalarNode) {
      return scalarAttribute((ScalarNode) node, name, subject);
    }
    if (path.contains(node)) {
      nodes.problem(node, "attribute '" + name + "' of " + subject + " contains itself through an alias;"
          + " attributes must be finite trees");
      return null;
    }
    path.add(node);
    try {
      if (node instanceof SequenceNode) {
        List<Object> items = new ArrayList<>();
        int index = 0;
        for (Node item : ((SequenceNode) node).getValue()) {
          nodes.visit(item);
          Object converted = attributeValue(item, name + "[" + index++ + "]", subject, path);
          if (converted != null) {
            items.add(converted);
          }
        }
        return List.copyOf(items);
      }
      Map<String, Object> map = new LinkedHashMap<>();
      for (Entry entry : nodes.entries((MappingNode) node, "in attribute '" + name + "' of " + subject)) {
        Object converted = attributeValue(entry.value(), name + "." + entry.key(), subject, path);
        if (converted != null) {
          map.put(entry.key(), converted);
        }
      }
      return Collections.unmodifiableMap(map);
    } finally {
      path.remove(node);
    }
  }

  private Object scalarAttribute(ScalarNode node, String name, String subject) {
    String text = node.getValue();
    Tag tag = node.getTag();
    String what = "attribute '" + name + "' of " + subject;
    Object value;
    if (tag.equals(Tag.NULL)) {
      nodes.problem(node, what + " has no value; give it one or remove it (null is not a value here)");
      return null;
    } else if (tag.equals(Tag.BOOL)) {
      value = ScalarValues.bool(text);
    } else if (tag.equals(Tag.INT)) {
      value = ScalarValues.integer(text);
      if (value == null && CoreSchemaResolver.CORE_INT.matcher(text).matches()) {
        nodes.problem(node, what + " is " + text + ", which does not fit in 64 bits; quote it to keep it"
            + " as a string");
        return null;
      }
    } else if (tag.equals(Tag.FLOAT)) {
      value = ScalarValues.floating(text);
    } else {
      return text;
    }
    if (value == null) {
      // Only an explicit tag can disagree with the text, as in "!!int twelve".
      nodes.problem(node, what + " is tagged as " + describe(node) + " but '" + text + "' is not one;"
          + " remove the tag");
    }
    return value;
  }
}
