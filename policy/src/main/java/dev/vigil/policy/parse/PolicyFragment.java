package dev.vigil.policy.parse;

import dev.vigil.policy.model.FlagDefinition;
import dev.vigil.policy.model.GroupDefinition;
import dev.vigil.policy.model.RoleDefinition;
import dev.vigil.policy.model.RuleDefinition;
import dev.vigil.policy.model.SourcePosition;
import dev.vigil.policy.model.SubjectDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one file contributes to a policy, kept apart until every file is read: cross-file checks
 * (duplicates, role references) need all of them, and need the positions recorded here.
 */
final class PolicyFragment {

  /** A use of a role name, checked once all files are read since roles may be defined elsewhere. */
  record RoleReference(String role, String user, SourcePosition position) {}

  String revision;
  SourcePosition revisionPosition;
  final Map<String, FlagDefinition> flags = new LinkedHashMap<>();
  final Map<String, RoleDefinition> roles = new LinkedHashMap<>();
  final Map<String, GroupDefinition> groups = new LinkedHashMap<>();
  final Map<String, SubjectDefinition> subjects = new LinkedHashMap<>();
  final List<RuleDefinition> rules = new ArrayList<>();
  final List<RoleReference> roleReferences = new ArrayList<>();
}
