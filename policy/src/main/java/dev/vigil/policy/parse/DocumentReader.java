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
import dev.vigil.policy.parse.NodeReader.Entry;
import java.util.ArrayList;
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
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final NodeReader nodes;
  private final PolicyFragment fragment = new PolicyFragment();

  private DocumentReader(NodeReader nodes) {
    this.nodes = nodes;
  }

  /** What the file whose root node is {@code root} (null for an empty file) contributes. */
  static PolicyFragment read(SourceText source, Node root, Problems problems) {
    DocumentReader reader = new DocumentReader(new NodeReader(source, problems));
    try {
      reader.readDocument(root);
    } catch (NodeReader.TooManyVisits e) {
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
      nodes.expected(root, "the top level of a policy file", "a mapping with the keys " + NodeReader.join(TOP_KEYS));
      return;
    }
    for (Entry entry : nodes.fields((MappingNode) root, "at the top level", TOP_KEYS).values()) {
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
    String revision = nodes.string(value, "'revision'");
    if (revision == null) {
      return;
    }
    if (revision.isBlank()) {
      nodes.problem(value, "'revision' is empty; remove it or give it a value such as \"2026-11-25.1\"");
      return;
    }
    fragment.revision = revision;
    fragment.revisionPosition = nodes.position(value);
  }

  private void readFlags(Node value) {
    MappingNode flags = section(value, "'flags'", "a mapping of flag names to true or false");
    if (flags == null) {
      return;
    }
    for (Entry entry : nodes.entries(flags, "in 'flags'")) {
      String name = entry.key();
      if (!IDENTIFIER.matcher(name).matches()) {
        nodes.problem(entry.keyNode(), "flag name '" + NodeReader.shown(name) + "' is not an identifier; use letters,"
            + " digits and '_', not starting with a digit (for example " + identifierLike(name) + ")");
        continue;
      }
      Boolean enabled = flagValue(entry.value(), name);
      if (enabled != null) {
        fragment.flags.put(name, new FlagDefinition(name, enabled, nodes.position(entry.keyNode())));
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
    nodes.problem(value, "flag '" + name + "' must be true or false, but is " + describe(value) + hint);
    return null;
  }

  private void readRoles(Node value) {
    MappingNode roles = section(value, "'roles'", "a mapping of role names to roles");
    if (roles == null) {
      return;
    }
    for (Entry entry : nodes.entries(roles, "in 'roles'")) {
      String name = entry.key();
      if (!nodes.checkName(name, entry.keyNode(), "role name")) {
        continue;
      }
      String what = "role '" + name + "'";
      List<String> permissions = List.of();
      MappingNode body = body(entry.value(), what, ROLE_KEYS);
      if (body != null) {
        Entry list = nodes.fields(body, "in " + what, ROLE_KEYS).get("permissions");
        if (list != null) {
          permissions = actionPatterns(list.value(), "'permissions' of " + what);
        }
      }
      // Registered even when its body was wrong, so its users are not also reported as unknown.
      fragment.roles.put(name, new RoleDefinition(name, permissions, nodes.position(entry.keyNode())));
    }
  }

  private void readGroups(Node value) {
    MappingNode groups = section(value, "'groups'", "a mapping of group names to groups");
    if (groups == null) {
      return;
    }
    for (Entry entry : nodes.entries(groups, "in 'groups'")) {
      String name = entry.key();
      if (!nodes.checkName(name, entry.keyNode(), "group name")) {
        continue;
      }
      String what = "group '" + name + "'";
      List<String> roles = List.of();
      MappingNode body = body(entry.value(), what, GROUP_KEYS);
      if (body != null) {
        Entry list = nodes.fields(body, "in " + what, GROUP_KEYS).get("roles");
        if (list != null) {
          roles = roleReferences(list.value(), what);
        }
      }
      fragment.groups.put(name, new GroupDefinition(name, roles, nodes.position(entry.keyNode())));
    }
  }

  private void readSubjects(Node value) {
    MappingNode subjects = section(value, "'subjects'", "a mapping of subject ids to subjects");
    if (subjects == null) {
      return;
    }
    for (Entry entry : nodes.entries(subjects, "in 'subjects'")) {
      String id = entry.key();
      if (!nodes.checkName(id, entry.keyNode(), "subject name")) {
        continue;
      }
      String what = "subject '" + id + "'";
      List<String> roles = List.of();
      List<String> groups = List.of();
      Map<String, Object> attributes = Map.of();
      MappingNode body = body(entry.value(), what, SUBJECT_KEYS);
      if (body != null) {
        for (Entry field : nodes.fields(body, "in " + what, SUBJECT_KEYS).values()) {
          switch (field.key()) {
            case "roles":
              roles = roleReferences(field.value(), what);
              break;
            case "groups":
              // Unknown groups are fine: a group may be a plain label that grants no roles.
              groups = names(field.value(), "'groups' of " + what, "group");
              break;
            default:
              attributes = new AttributeReader(nodes).read(field.value(), what);
              break;
          }
        }
      }
      fragment.subjects.put(
          id, new SubjectDefinition(id, roles, groups, attributes, nodes.position(entry.keyNode())));
    }
  }

  // ---- rules -------------------------------------------------------------------------------

  private void readRules(Node value) {
    if (isNull(value)) {
      return;
    }
    if (!(value instanceof SequenceNode)) {
      nodes.expected(value, "'rules'", "a list of rules, each starting with '- id: ...'");
      return;
    }
    int index = 0;
    for (Node item : ((SequenceNode) value).getValue()) {
      nodes.visit(item);
      index++;
      if (item instanceof MappingNode) {
        readRule((MappingNode) item, index);
      } else {
        nodes.expected(item, "rule #" + index, "a mapping with the keys " + NodeReader.join(RULE_KEYS));
      }
    }
  }

  private void readRule(MappingNode rule, int index) {
    String what = ruleLabel(rule, index);
    Map<String, Entry> fields = nodes.fields(rule, "in " + what, RULE_KEYS);

    String id = null;
    Entry idEntry = fields.get("id");
    if (idEntry == null) {
      nodes.problem(rule, what + " has no 'id'; give every rule a unique id, such as id: deny-big-approvals");
    } else {
      id = nodes.string(idEntry.value(), "the id of " + what);
      if (id != null && !nodes.checkName(id, idEntry.value(), "rule id")) {
        id = null;
      }
    }

    Effect effect = null;
    Entry effectEntry = fields.get("effect");
    if (effectEntry == null) {
      nodes.problem(rule, what + " has no 'effect'; add effect: allow or effect: deny");
    } else {
      effect = effect(effectEntry.value(), what);
    }

    List<String> actions = List.of();
    Entry actionsEntry = fields.get("actions");
    if (actionsEntry == null) {
      nodes.problem(rule, what + " has no 'actions'; list the actions it applies to, such as"
          + " actions: [invoice:approve]");
    } else {
      Node list = actionsEntry.value();
      actions = actionPatterns(list, "'actions' of " + what);
      if (isNull(list) || (list instanceof SequenceNode && ((SequenceNode) list).getValue().isEmpty())) {
        nodes.problem(list, "'actions' of " + what + " is empty; list at least one action pattern");
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
        nodes.problem(node, empty);
      } else if (!(node instanceof ScalarNode)) {
        nodes.expected(node, "'when' of " + what, "a condition written as a string");
      } else {
        ConditionPositions.Located located = ConditionPositions.locate((ScalarNode) node, nodes.source());
        if (located.text().isBlank()) {
          nodes.problem(node, empty);
        } else {
          condition = located.text();
          conditionPosition = located.position();
        }
      }
    }
    fragment.rules.add(
        new RuleDefinition(id, effect, actions, condition, conditionPosition, nodes.position(rule)));
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
      nodes.expected(value, "the effect of " + what, "allow or deny");
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
          nodes.problem(value, "the effect of " + what + " must be written in lower case: " + lower);
        } else {
          nodes.problem(value, "the effect of " + what + " must be allow or deny, not '" + text + "'");
        }
        return null;
    }
  }

  // ---- lists of names and patterns ---------------------------------------------------------

  private List<String> actionPatterns(Node value, String what) {
    List<String> patterns = new ArrayList<>();
    for (ScalarNode item : nodes.strings(value, what, "a list of action patterns such as [invoice:read]")) {
      String pattern = item.getValue();
      String why = ActionPatterns.whyInvalid(pattern);
      if (why != null) {
        nodes.problem(item, "the action pattern '" + pattern + "' in " + what + " " + why);
      } else {
        patterns.add(pattern);
      }
    }
    return patterns;
  }

  /** Role names, each remembered as a reference to check once every file is read. */
  private List<String> roleReferences(Node value, String user) {
    List<String> roles = new ArrayList<>();
    for (ScalarNode item : nodes.strings(value, "'roles' of " + user, "a list of role names")) {
      String role = item.getValue();
      if (nodes.checkName(role, item, "role name")) {
        roles.add(role);
        fragment.roleReferences.add(new PolicyFragment.RoleReference(role, user, nodes.position(item)));
      }
    }
    return roles;
  }

  private List<String> names(Node value, String what, String kind) {
    List<String> names = new ArrayList<>();
    for (ScalarNode item : nodes.strings(value, what, "a list of " + kind + " names")) {
      if (nodes.checkName(item.getValue(), item, kind + " name")) {
        names.add(item.getValue());
      }
    }
    return names;
  }

  /** A section's mapping; null (after reporting, unless it is simply empty) when there is none. */
  private MappingNode section(Node value, String what, String shape) {
    if (isNull(value)) {
      return null; // "roles:" with nothing under it: an empty section
    }
    if (!(value instanceof MappingNode)) {
      nodes.expected(value, what, shape);
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
      nodes.expected(value, what, "a mapping with the keys " + NodeReader.join(keys));
      return null;
    }
    return (MappingNode) value;
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
