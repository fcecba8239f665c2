package dev.vigil.policy.parse;

import static dev.vigil.policy.parse.ScalarValues.describe;
import static dev.vigil.policy.parse.ScalarValues.isNull;

import dev.vigil.policy.model.Effect;
import dev.vigil.policy.model.FlagDefinition;
import dev.vigil.policy.model.GroupDefinition;
import dev.vigil.policy.model.RoleDefinition;
import dev.vigil.policy.model.RuleDefinition;
import dev.vigil.policy.model.SourcePosition;
import dev.vigil.policy.model.SubjectDefinition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads one file's node tree into a {@link PolicyFragment}, checking everything that one file can
 * show: the keys at every level, value types, names, action patterns, effects and conditions'
 * places. It never stops at a problem: a bad part is reported and skipped so the rest is still
 * checked. Checks that need all files (duplicates across files, unknown roles) are left to {@link
 * FragmentMerger}.
 */
final class DocumentReader {

  private static final List<String> TOP_KEYS =
      List.of("revision", "flags", "roles", "groups", "subjects", "rules");
  private static final List<String> ROLE_KEYS = List.of("permissions");
  private static final List<String> GROUP_KEYS = List.of("roles");
  private static final List<String> SUBJECT_KEYS = List.of("roles", "groups", "attributes");
  private static final List<String> RULE_KEYS = List.of("id", "effect", "actions", "when");
  /** Words authors reach for that edit distance would not connect to the real key. */
  private static final Map<String, String> SYNONYMS =
      Map.of("condition", "when", "if", "when", "expression", "when", "name", "id", "permit", "effect");
  /** Names conditions already use for other things: an attribute so named would be unreachable. */
  private static final Set<String> RESERVED_ATTRIBUTES = Set.of("id", "roles", "groups");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** A key and its value, the key known to be a usable, non-duplicate name. */
  private record Entry(String key, ScalarNode keyNode, Node value) {}

  /** Thrown when aliases make the tree too large to walk; ends reading this file. */
  private static final class TooManyVisits extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Node node;

    TooManyVisits(Node node) {
      super(null, null, false, false);
      this.node = node;
    }
  }

  private final SourceText source;
  private final Problems problems;
  private final PolicyFragment fragment = new PolicyFragment();
  private int visits;

  private DocumentReader(SourceText source, Problems problems) {
    this.source = source;
    this.problems = problems;
  }

  /** What the file whose root node is {@code root} (null for an empty file) contributes. */
  static PolicyFragment read(SourceText source, Node root, Problems problems) {
    DocumentReader reader = new DocumentReader(source, problems);
    try {
      reader.readDocument(root);
    } catch (TooManyVisits e) {
      problems.add(source.at(e.node.getStartMark()), "aliases expand this file to more than "
          + Limits.MAX_VISITS + " values (each use of an alias repeats its whole target); "
          + "write the values out or use fewer aliases");
    }
    return reader.fragment;
  }

  // ---- top level and sections --------------------------------------------------------------

  private void readDocument(Node root) {
    if (root == null || isNull(root)) {
      return; // an empty file (or a lone "---") contributes nothing
    }
    if (!(root instanceof MappingNode)) {
      expected(root, "the top level of a policy file", "a mapping with the keys " + join(TOP_KEYS));
      return;
    }
    for (Entry entry : fields((MappingNode) root, "at the top level", TOP_KEYS).values()) {
      switch (entry.key()) {
        case "revision":
          readRevision(entry.value());
          break;
        case "flags":
          readFlags(entry.value());
          break;
        case "roles":
          readRoles(entry.value());
          break;
        case "groups":
          readGroups(entry.value());
          break;
        case "subjects":
          readSubjects(entry.value());
          break;
        default:
          readRules(entry.value());
          break;
      }
    }
  }

  private void readRevision(Node value) {
    String revision = string(value, "'revision'");
    if (revision == null) {
      return;
    }
    if (revision.isBlank()) {
      problem(value, "'revision' is empty; remove it or give it a value such as \"2026-11-25.1\"");
      return;
    }
    fragment.revision = revision;
    fragment.revisionPosition = position(value);
  }

  private void readFlags(Node value) {
    MappingNode flags = section(value, "'flags'", "a mapping of flag names to true or false");
    if (flags == null) {
      return;
    }
    for (Entry entry : entries(flags, "in 'flags'")) {
      String name = entry.key();
      if (!IDENTIFIER.matcher(name).matches()) {
        problem(entry.keyNode(), "flag name '" + shown(name) + "' is not an identifier; use letters,"
            + " digits and '_', not starting with a digit (for example " + identifierLike(name) + ")");
        continue;
      }
      Boolean enabled = flagValue(entry.value(), name);
      if (enabled != null) {
        fragment.flags.put(name, new FlagDefinition(name, enabled, position(entry.keyNode())));
      }
    }
  }

  private Boolean flagValue(Node value, String name) {
    if (value instanceof ScalarNode && value.getTag().equals(Tag.BOOL)) {
      Boolean enabled = ScalarValues.bool(((ScalarNode) value).getValue());
      if (enabled != null) {
        return enabled;
      }
    }
    String hint = "";
    if (value instanceof ScalarNode && value.getTag().equals(Tag.STR)) {
      String text = ((ScalarNode) value).getValue().toLowerCase(Locale.ROOT);
      if (Set.of("yes", "no", "on", "off", "y", "n", "true", "false").contains(text)) {
        hint = " ('" + ((ScalarNode) value).getValue() + "' is a string here: write true or false"
            + " unquoted)";
      }
    }
    problem(value, "flag '" + name + "' must be true or false, but is " + describe(value) + hint);
    return null;
  }

  private void readRoles(Node value) {
    MappingNode roles = section(value, "'roles'", "a mapping of role names to roles");
    if (roles == null) {
      return;
    }
    for (Entry entry : entries(roles, "in 'roles'")) {
      String name = entry.key();
      if (!checkName(name, entry.keyNode(), "role name")) {
        continue;
      }
      String what = "role '" + name + "'";
      List<String> permissions = List.of();
      MappingNode body = body(entry.value(), what, ROLE_KEYS);
      if (body != null) {
        Entry list = fields(body, "in " + what, ROLE_KEYS).get("permissions");
        if (list != null) {
          permissions = actionPatterns(list.value(), "'permissions' of " + what);
        }
      }
      // Registered even when its body was wrong, so its users are not also reported as unknown.
      fragment.roles.put(name, new RoleDefinition(name, permissions, position(entry.keyNode())));
    }
  }

  private void readGroups(Node value) {
    MappingNode groups = section(value, "'groups'", "a mapping of group names to groups");
    if (groups == null) {
      return;
    }
    for (Entry entry : entries(groups, "in 'groups'")) {
      String name = entry.key();
      if (!checkName(name, entry.keyNode(), "group name")) {
        continue;
      }
      String what = "group '" + name + "'";
      List<String> roles = List.of();
      MappingNode body = body(entry.value(), what, GROUP_KEYS);
      if (body != null) {
        Entry list = fields(body, "in " + what, GROUP_KEYS).get("roles");
        if (list != null) {
          roles = roleReferences(list.value(), what);
        }
      }
      fragment.groups.put(name, new GroupDefinition(name, roles, position(entry.keyNode())));
    }
  }

  private void readSubjects(Node value) {
    MappingNode subjects = section(value, "'subjects'", "a mapping of subject ids to subjects");
    if (subjects == null) {
      return;
    }
    for (Entry entry : entries(subjects, "in 'subjects'")) {
      String id = entry.key();
      if (!checkName(id, entry.keyNode(), "subject name")) {
        continue;
      }
      String what = "subject '" + id + "'";
      List<String> roles = List.of();
      List<String> groups = List.of();
      Map<String, Object> attributes = Map.of();
      MappingNode body = body(entry.value(), what, SUBJECT_KEYS);
      if (body != null) {
        for (Entry field : fields(body, "in " + what, SUBJECT_KEYS).values()) {
          switch (field.key()) {
            case "roles":
              roles = roleReferences(field.value(), what);
              break;
            case "groups":
              // Unknown groups are fine: a group may be a plain label that grants no roles.
              groups = names(field.value(), "'groups' of " + what, "group");
              break;
            default:
              attributes = attributes(field.value(), what);
              break;
          }
        }
      }
      fragment.subjects.put(
          id, new SubjectDefinition(id, roles, groups, attributes, position(entry.keyNode())));
    }
  }

  // ---- rules -------------------------------------------------------------------------------

  private void readRules(Node value) {
    if (isNull(value)) {
      return;
    }
    if (!(value instanceof SequenceNode)) {
      expected(value, "'rules'", "a list of rules, each starting with '- id: ...'");
      return;
    }
    int index = 0;
    for (Node item : ((SequenceNode) value).getValue()) {
      visit(item);
      index++;
      if (item instanceof MappingNode) {
        readRule((MappingNode) item, index);
      } else {
        expected(item, "rule #" + index, "a mapping with the keys " + join(RULE_KEYS));
      }
    }
  }

  private void readRule(MappingNode rule, int index) {
    String what = ruleLabel(rule, index);
    Map<String, Entry> fields = fields(rule, "in " + what, RULE_KEYS);

    String id = null;
    Entry idEntry = fields.get("id");
    if (idEntry == null) {
      problem(rule, what + " has no 'id'; give every rule a unique id, such as id: deny-big-approvals");
    } else {
      id = string(idEntry.value(), "the id of " + what);
      if (id != null && !checkName(id, idEntry.value(), "rule id")) {
        id = null;
      }
    }

    Effect effect = null;
    Entry effectEntry = fields.get("effect");
    if (effectEntry == null) {
      problem(rule, what + " has no 'effect'; add effect: allow or effect: deny");
    } else {
      effect = effect(effectEntry.value(), what);
    }

    List<String> actions = List.of();
    Entry actionsEntry = fields.get("actions");
    if (actionsEntry == null) {
      problem(rule, what + " has no 'actions'; list the actions it applies to, such as"
          + " actions: [invoice:approve]");
    } else {
      Node list = actionsEntry.value();
      actions = actionPatterns(list, "'actions' of " + what);
      if (isNull(list) || (list instanceof SequenceNode && ((SequenceNode) list).getValue().isEmpty())) {
        problem(list, "'actions' of " + what + " is empty; list at least one action pattern");
      }
    }

    String condition = null;
    SourcePosition conditionPosition = null;
    Entry when = fields.get("when");
    if (when != null) {
      Node node = when.value();
      String empty = "'when' of " + what + " is empty; remove it for an unconditional rule, or"
          + " write a condition";
      if (isNull(node)) {
        problem(node, empty);
      } else if (!(node instanceof ScalarNode)) {
        expected(node, "'when' of " + what, "a condition written as a string");
      } else {
        ConditionPositions.Located located = ConditionPositions.locate((ScalarNode) node, source);
        if (located.text().isBlank()) {
          problem(node, empty);
        } else {
          condition = located.text();
          conditionPosition = located.position();
        }
      }
    }
    fragment.rules.add(
        new RuleDefinition(id, effect, actions, condition, conditionPosition, position(rule)));
  }

  /** "rule 'x'" when the rule has a usable id, so messages name it; else "rule #n". */
  private static String ruleLabel(MappingNode rule, int index) {
    for (NodeTuple tuple : rule.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode
          && ((ScalarNode) tuple.getKeyNode()).getValue().equals("id")
          && tuple.getValueNode() instanceof ScalarNode
          && !isNull(tuple.getValueNode())
          && !((ScalarNode) tuple.getValueNode()).getValue().isBlank()) {
        return "rule '" + ((ScalarNode) tuple.getValueNode()).getValue() + "'";
      }
    }
    return "rule #" + index;
  }

  private Effect effect(Node value, String what) {
    if (!(value instanceof ScalarNode) || isNull(value)) {
      expected(value, "the effect of " + what, "allow or deny");
      return null;
    }
    String text = ((ScalarNode) value).getValue();
    switch (text) {
      case "allow":
        return Effect.ALLOW;
      case "deny":
        return Effect.DENY;
      default:
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("allow") || lower.equals("deny")) {
          problem(value, "the effect of " + what + " must be written in lower case: " + lower);
        } else {
          problem(value, "the effect of " + what + " must be allow or deny, not '" + text + "'");
        }
        return null;
    }
  }

  // ---- lists of names and patterns ---------------------------------------------------------

  private List<String> actionPatterns(Node value, String what) {
    List<String> patterns = new ArrayList<>();
    for (ScalarNode item : strings(value, what, "a list of action patterns such as [invoice:read]")) {
      String pattern = item.getValue();
      String why = ActionPatterns.whyInvalid(pattern);
      if (why != null) {
        problem(item, "the action pattern '" + pattern + "' in " + what + " " + why);
      } else {
        patterns.add(pattern);
      }
    }
    return patterns;
  }

  /** Role names, each remembered as a reference to check once every file is read. */
  private List<String> roleReferences(Node value, String user) {
    List<String> roles = new ArrayList<>();
    for (ScalarNode item : strings(value, "'roles' of " + user, "a list of role names")) {
      String role = item.getValue();
      if (checkName(role, item, "role name")) {
        roles.add(role);
        fragment.roleReferences.add(new PolicyFragment.RoleReference(role, user, position(item)));
      }
    }
    return roles;
  }

  private List<String> names(Node value, String what, String kind) {
    List<String> names = new ArrayList<>();
    for (ScalarNode item : strings(value, what, "a list of " + kind + " names")) {
      if (checkName(item.getValue(), item, kind + " name")) {
        names.add(item.getValue());
      }
    }
    return names;
  }

  /** The items of a list of strings; reports a value that is no list, and items that are no string. */
  private List<ScalarNode> strings(Node value, String what, String shape) {
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

  // ---- attributes --------------------------------------------------------------------------

  private Map<String, Object> attributes(Node value, String subject) {
    if (isNull(value)) {
      return Map.of();
    }
    if (!(value instanceof MappingNode)) {
      expected(value, "'attributes' of " + subject, "a mapping of attribute names to values");
      return Map.of();
    }
    Map<String, Object> attributes = new LinkedHashMap<>();
    Set<Node> path = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Entry entry : entries((MappingNode) value, "in the attributes of " + subject)) {
      String name = entry.key();
      if (RESERVED_ATTRIBUTES.contains(name)) {
        problem(entry.keyNode(), "attribute '" + name + "' of " + subject + " would be hidden by"
            + " subject." + name + " in conditions; rename it");
        continue;
      }
      if (name.isBlank()) {
        problem(entry.keyNode(), "an attribute name of " + subject + " is empty; give it a name");
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
      problem(node, "attribute '" + name + "' of " + subject + " contains itself through an alias;"
          + " attributes must be finite trees");
      return null;
    }
    path.add(node);
    try {
      if (node instanceof SequenceNode) {
        List<Object> items = new ArrayList<>();
        int index = 0;
        for (Node item : ((SequenceNode) node).getValue()) {
          visit(item);
          Object converted = attributeValue(item, name + "[" + index++ + "]", subject, path);
          if (converted != null) {
            items.add(converted);
          }
        }
        return List.copyOf(items);
      }
      Map<String, Object> map = new LinkedHashMap<>();
      for (Entry entry : entries((MappingNode) node, "in attribute '" + name + "' of " + subject)) {
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
      problem(node, what + " has no value; give it one or remove it (null is not a value here)");
      return null;
    } else if (tag.equals(Tag.BOOL)) {
      value = ScalarValues.bool(text);
    } else if (tag.equals(Tag.INT)) {
      value = ScalarValues.integer(text);
      if (value == null && CoreSchemaResolver.CORE_INT.matcher(text).matches()) {
        problem(node, what + " is " + text + ", which does not fit in 64 bits; quote it to keep it"
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
      problem(node, what + " is tagged as " + describe(node) + " but '" + text + "' is not one;"
          + " remove the tag");
    }
    return value;
  }

  // ---- mappings and keys -------------------------------------------------------------------

  /**
   * The entries of a mapping whose keys are names, in source order. Reports keys that are not
   * usable names (lists, mappings, empty, merge keys) and duplicates (with both places); those
   * entries are left out.
   */
  private List<Entry> entries(MappingNode mapping, String where) {
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
  private Map<String, Entry> fields(MappingNode mapping, String where, List<String> allowed) {
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

  /** A section's mapping; null (after reporting, unless it is simply empty) when there is none. */
  private MappingNode section(Node value, String what, String shape) {
    if (isNull(value)) {
      return null; // "roles:" with nothing under it: an empty section
    }
    if (!(value instanceof MappingNode)) {
      expected(value, what, shape);
      return null;
    }
    return (MappingNode) value;
  }

  /** The body of a role, group or subject; null when empty (allowed) or not a mapping (reported). */
  private MappingNode body(Node value, String what, List<String> keys) {
    if (isNull(value)) {
      return null; // "bob:" alone: a definition with nothing in it
    }
    if (!(value instanceof MappingNode)) {
      expected(value, what, "a mapping with the keys " + join(keys));
      return null;
    }
    return (MappingNode) value;
  }

  private String string(Node value, String what) {
    if (value instanceof ScalarNode && !isNull(value)) {
      return ((ScalarNode) value).getValue();
    }
    expected(value, what, "a string");
    return null;
  }

  /**
   * Whether a name is usable as a role, group or subject name or a rule id ({@code noun} says
   * which, as "role name"); reports why not.
   */
  private boolean checkName(String name, Node node, String noun) {
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

  // ---- helpers -----------------------------------------------------------------------------

  private Node visit(Node node) {
    if (++visits > Limits.MAX_VISITS) {
      throw new TooManyVisits(node);
    }
    return node;
  }

  private void expected(Node value, String what, String shape) {
    problem(value, what + " must be " + shape + ", but is " + describe(value));
  }

  private void problem(Node node, String message) {
    problems.add(position(node), message);
  }

  private SourcePosition position(Node node) {
    return source.at(node.getStartMark());
  }

  /** A name as shown in a message: long ones shortened, so a hostile key cannot flood the output. */
  private static String shown(String name) {
    return name.length() <= 80 ? name : name.substring(0, 60) + "...(" + name.length() + " chars)";
  }

  private static String join(List<String> keys) {
    return String.join(", ", keys);
  }

  /** The nearest identifier to a bad flag name, to show what a valid one looks like. */
  private static String identifierLike(String name) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length() && out.length() < 64; i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      out.append(ok ? c : '_');
    }
    if (out.length() == 0 || Character.isDigit(out.charAt(0))) {
      out.insert(0, '_');
    }
    return out.toString();
  }
}
