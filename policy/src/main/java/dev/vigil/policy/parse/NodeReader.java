package dev.vigil.policy.parse;

import static dev.vigil.policy.parse.ScalarValues.describe;
import static dev.vigil.policy.parse.ScalarValues.isNull;

import dev.vigil.policy.model.SourcePosition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The generic part of reading one file's nodes: keys (usable, not duplicated, known), strings
 * and lists of strings, names, and problems placed at a node. It also counts every node visited,
 * so aliases cannot make a small file cost unbounded work (see {@link Limits#MAX_VISITS}).
 */
final class NodeReader {

  /** Words authors reach for that edit distance would not connect to the real key. */
  private static final Map<String, String> SYNONYMS =
      Map.of("condition", "when", "if", "when", "expression", "when", "name", "id", "permit", "effect");

  /** A key and its value, the key known to be a usable, non-duplicate name. */
  record Entry(String key, ScalarNode keyNode, Node value) {}

  /** Thrown when aliases make the tree too large to walk; ends reading the file. */
  static final class TooManyVisits extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Node node;

    TooManyVisits(Node node) {
      super(null, null, false, false);
      this.node = node;
    }
  }

  private final SourceText source;
  private final Problems problems;
  private int visits;

  NodeReader(SourceText source, Problems problems) {
    this.source = source;
    this.problems = problems;
  }

  SourceText source() {
    return source;
  }

  /**
   * The entries of a mapping whose keys are names, in source order. Reports keys that are not
   * usable names (lists, mappings, empty, merge keys) and duplicates (with both places); those
   * entries are left out.
   */
  List<Entry> entries(MappingNode mapping, String where) {
    List<Entry> entries = new ArrayList<>();
    Map<String, ScalarNode> seen = new HashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      Node keyNode = visit(tuple.getKeyNode());
      Node value = visit(tuple.getValueNode());
      if (!(keyNode instanceof ScalarNode)) {
        problem(keyNode, "a key " + where + " is " + describe(keyNode) + "; keys must be names");
        continue;
      }
      ScalarNode key = (ScalarNode) keyNode;
      if (isNull(key)) {
        problem(key, "a key " + where + " is empty; write a name before the ':'");
        continue;
      }
      String name = key.getValue();
      if (key.isPlain() && name.equals("<<")) {
        problem(key, "merge keys ('<<') are not supported; write the keys out");
        continue;
      }
      ScalarNode first = seen.putIfAbsent(name, key);
      if (first != null) {
        problem(key, "duplicate key '" + shown(name) + "' " + where + ", first at " + position(first)
            + "; a key may appear only once in a mapping, remove or rename one");
        continue;
      }
      entries.add(new Entry(name, key, value));
    }
    return entries;
  }

  /** The entries of a mapping with fixed keys; reports unknown keys, with a likely intended one. */
  Map<String, Entry> fields(MappingNode mapping, String where, List<String> allowed) {
    Map<String, Entry> fields = new LinkedHashMap<>();
    for (Entry entry : entries(mapping, where)) {
      if (allowed.contains(entry.key())) {
        fields.put(entry.key(), entry);
        continue;
      }
      String hint = SYNONYMS.get(entry.key().toLowerCase(Locale.ROOT));
      if (hint == null || !allowed.contains(hint)) {
        hint = Suggestions.closest(entry.key(), allowed);
      }
      problem(entry.keyNode(), "unknown key '" + shown(entry.key()) + "' " + where + "; "
          + (hint != null ? "did you mean '" + hint + "'? Allowed " : "allowed ")
          + (allowed.size() == 1 ? "key: " : "keys: ") + join(allowed));
    }
    return fields;
  }

  String string(Node value, String what) {
    if (value instanceof ScalarNode && !isNull(value)) {
      return ((ScalarNode) value).getValue();
    }
    expected(value, what, "a string");
    return null;
  }

  /** The items of a list of strings; reports a value that is no list, and items that are no string. */
  List<ScalarNode> strings(Node value, String what, String shape) {
    if (isNull(value)) {
      return List.of();
    }
    if (!(value instanceof SequenceNode)) {
      String hint = value instanceof ScalarNode ? " (write [" + ((ScalarNode) value).getValue()
          + "] or put each item on its own '- ' line)" : "";
      problem(value, what + " must be " + shape + ", but is " + describe(value) + hint);
      return List.of();
    }
    List<ScalarNode> items = new ArrayList<>();
    for (Node item : ((SequenceNode) value).getValue()) {
      visit(item);
      if (item instanceof ScalarNode && !isNull(item)) {
        items.add((ScalarNode) item);
      } else {
        problem(item, "an item of " + what + " is " + describe(item) + "; each item must be a string");
      }
    }
    return items;
  }

  /**
   * Whether a name is usable as a role, group or subject name or a rule id ({@code noun} says
   * which, as "role name"); reports why not.
   */
  boolean checkName(String name, Node node, String noun) {
    if (name.isBlank()) {
      problem(node, "a " + noun + " is empty; write one");
      return false;
    }
    if (!name.equals(name.strip())) {
      problem(node, noun + " '" + shown(name) + "' starts or ends with white space; remove it");
      return false;
    }
    if (name.codePoints().anyMatch(Character::isISOControl)) {
      problem(node, noun + " '" + shown(name.replaceAll("\\p{Cntrl}", "?"))
          + "' contains a control character; remove it");
      return false;
    }
    return true;
  }

  Node visit(Node node) {
    if (++visits > Limits.MAX_VISITS) {
      throw new TooManyVisits(node);
    }
    return node;
  }

  void expected(Node value, String what, String shape) {
    problem(value, what + " must be " + shape + ", but is " + describe(value));
  }

  void problem(Node node, String message) {
    problems.add(position(node), message);
  }

  SourcePosition position(Node node) {
    return source.at(node.getStartMark());
  }

  /** A name as shown in a message: long ones shortened, so a hostile key cannot flood the output. */
  static String shown(String name) {
    return name.length() <= 80 ? name : name.substring(0, 60) + "...(" + name.length() + " chars)";
  }

  static String join(List<String> keys) {
    return String.join(", ", keys);
  }
}
