package dev.vigil.policy.parse;

import dev.vigil.policy.model.FlagDefinition;
import dev.vigil.policy.model.GroupDefinition;
import dev.vigil.policy.model.PolicyDocument;
import dev.vigil.policy.model.RoleDefinition;
import dev.vigil.policy.model.RuleDefinition;
import dev.vigil.policy.model.SourcePosition;
import dev.vigil.policy.model.SubjectDefinition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Merges the fragments of all files, in reading order, into one document, and runs the checks
 * that need the whole policy: names defined twice (in two files; twice in one file is already a
 * duplicate key), a revision set differently, rule ids used twice, and references to roles that
 * no file defines.
 */
final class FragmentMerger {

  private final Problems problems;

  FragmentMerger(Problems problems) {
    this.problems = problems;
  }

  PolicyDocument merge(List<PolicyFragment> fragments) {
    String revision = null;
    SourcePosition revisionPosition = null;
    Map<String, FlagDefinition> flags = new LinkedHashMap<>();
    Map<String, RoleDefinition> roles = new LinkedHashMap<>();
    Map<String, GroupDefinition> groups = new LinkedHashMap<>();
    Map<String, SubjectDefinition> subjects = new LinkedHashMap<>();
    List<RuleDefinition> rules = new ArrayList<>();
    Map<String, SourcePosition> ruleIds = new HashMap<>();
    List<PolicyFragment.RoleReference> references = new ArrayList<>();

    for (PolicyFragment fragment : fragments) {
      if (fragment.revision != null) {
        if (revision == null) {
          revision = fragment.revision;
          revisionPosition = fragment.revisionPosition;
        } else if (!revision.equals(fragment.revision)) {
          problems.add(fragment.revisionPosition, "revision '" + fragment.revision
              + "' differs from revision '" + revision + "' set at " + revisionPosition
              + "; set the revision in one file only, or to the same value everywhere");
        }
      }
      addAll("flag", fragment.flags, flags, FlagDefinition::position);
      addAll("role", fragment.roles, roles, RoleDefinition::position);
      addAll("group", fragment.groups, groups, GroupDefinition::position);
      addAll("subject", fragment.subjects, subjects, SubjectDefinition::position);
      for (RuleDefinition rule : fragment.rules) {
        if (rule.id() != null) {
          SourcePosition first = ruleIds.putIfAbsent(rule.id(), rule.position());
          if (first != null) {
            problems.add(rule.position(), "rule id '" + rule.id() + "' is already used by the rule at "
                + first + "; give every rule a unique id");
          }
        }
        rules.add(rule);
      }
      references.addAll(fragment.roleReferences);
    }

    for (PolicyFragment.RoleReference reference : references) {
      if (!roles.containsKey(reference.role())) {
        String hint = Suggestions.closest(reference.role(), roles.keySet());
        problems.add(reference.position(), reference.user() + " refers to role '" + reference.role()
            + "', which no policy file defines; "
            + (hint != null ? "did you mean '" + hint + "'? Otherwise " : "")
            + "define it under 'roles'");
      }
    }

    return new PolicyDocument(
        revision,
        Collections.unmodifiableMap(flags),
        Collections.unmodifiableMap(roles),
        Collections.unmodifiableMap(groups),
        Collections.unmodifiableMap(subjects),
        List.copyOf(rules));
  }

  private <T> void addAll(String kind, Map<String, T> from, Map<String, T> into,
      Function<T, SourcePosition> position) {
    for (Map.Entry<String, T> entry : from.entrySet()) {
      T first = into.putIfAbsent(entry.getKey(), entry.getValue());
      if (first != null) {
        problems.add(position.apply(entry.getValue()), kind + " '" + entry.getKey()
            + "' is already defined at " + position.apply(first) + "; define each " + kind
            + " once across all policy files");
      }
    }
  }
}
