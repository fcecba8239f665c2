package dev.vigil.policy.decide;

import dev.vigil.policy.expr.CompiledCondition;
import dev.vigil.policy.expr.ExpressionCompiler;
import dev.vigil.policy.expr.ExpressionException;
import dev.vigil.policy.model.Effect;
import dev.vigil.policy.model.FlagDefinition;
import dev.vigil.policy.model.GroupDefinition;
import dev.vigil.policy.model.PolicyDocument;
import dev.vigil.policy.model.PolicyException;
import dev.vigil.policy.model.PolicyProblem;
import dev.vigil.policy.model.RoleDefinition;
import dev.vigil.policy.model.RuleDefinition;
import dev.vigil.policy.parse.ActionPatterns;
import dev.vigil.policy.parse.PolicyParser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A policy's roles, groups, flags and rules, with every condition compiled to bytecode. Built once
 * per publication (by the loader to validate, by each JVM when the store's epoch moves) and then
 * only read, so it is safe to share between threads.
 *
 * <p>Semantics, in one place: deny rules override everything; otherwise a role whose permissions
 * match the action allows, or an allow rule whose condition holds; otherwise the default deny.
 */
public final class CompiledPolicy {

  private final PolicyDocument document;
  private final Map<String, Boolean> flags;
  private final List<CompiledRule> denyRules;
  private final List<CompiledRule> allowRules;
  private final Map<String, RoleGrants> roleGrants;

  /** Why the default deny denies; the denial itself names the subject and the action. */
  private static final String NOTHING_ALLOWS = "no role or rule allows it";

  private CompiledPolicy(PolicyDocument document, List<CompiledRule> rules) {
    this.document = document;
    Map<String, Boolean> flagValues = new HashMap<>();
    for (FlagDefinition f : document.flags().values()) {
      flagValues.put(f.name(), f.enabled());
    }
    this.flags = flagValues;
    List<CompiledRule> denies = new ArrayList<>();
    List<CompiledRule> allows = new ArrayList<>();
    for (CompiledRule r : rules) {
      (r.definition().effect() == Effect.DENY ? denies : allows).add(r);
    }
    this.denyRules = List.copyOf(denies);
    this.allowRules = List.copyOf(allows);
    Map<String, RoleGrants> grants = new HashMap<>();
    for (RoleDefinition role : document.roles().values()) {
      grants.put(role.name(), new RoleGrants(role));
    }
    this.roleGrants = grants;
  }

  /**
   * Compiles every condition of {@code document}; all problems are reported together, each at the
   * file position of the offending character inside the condition.
   */
  public static CompiledPolicy compile(PolicyDocument document) throws PolicyException {
    ExpressionCompiler compiler = new ExpressionCompiler(document.flags().keySet());
    List<CompiledRule> rules = new ArrayList<>();
    List<PolicyProblem> problems = new ArrayList<>();
    for (RuleDefinition rule : document.rules()) {
      if (rule.condition() == null) {
        rules.add(CompiledRule.of(rule, null));
        continue;
      }
      try {
        CompiledCondition condition = compiler.compile(rule.condition());
        rules.add(CompiledRule.of(rule, condition));
      } catch (ExpressionException e) {
        problems.add(
            new PolicyProblem(
                PolicyParser.positionWithin(rule, e.line(), e.column()),
                "condition of rule '" + rule.id() + "': " + e.reason()));
      }
    }
    if (!problems.isEmpty()) {
      throw new PolicyException(problems);
    }
    return new CompiledPolicy(document, rules);
  }

  /** The policy part this was compiled from (its subjects map may be empty). */
  public PolicyDocument document() {
    return document;
  }

  /** A flag's value; a name the compiler accepted always exists. */
  public boolean flag(String name) {
    Boolean value = flags.get(name);
    return value != null && value;
  }

  /** The subject's own roles followed by those its groups grant, without repeats. */
  public List<String> effectiveRoles(SubjectRecord subject) {
    List<String> roles = null;
    for (String group : subject.groups()) {
      GroupDefinition g = document.groups().get(group);
      if (g == null) {
        continue;
      }
      for (String role : g.roles()) {
        if (!subject.roles().contains(role) && (roles == null || !roles.contains(role))) {
          if (roles == null) {
            roles = new ArrayList<>(subject.roles());
          }
          roles.add(role);
        }
      }
    }
    // Role lists are short: a list scan beats hashing, and most subjects gain nothing from groups.
    return roles == null ? subject.roles() : Collections.unmodifiableList(roles);
  }

  /**
   * Computes what can be known before the call of {@code subject} doing {@code action}: rules that
   * read only the subject, flags and the action are evaluated now; rules that read the request are
   * left to {@link Verdict#decide}. {@code scratch} is reused for the evaluation.
   */
  public Verdict verdict(
      SubjectRecord subject, List<String> effectiveRoles, String action, String revision, DecisionInput scratch) {
    scratch.subject(this, subject, effectiveRoles).call(action, Map.of(), null, 0L);
    List<CompiledRule> perCallDenies = List.of();
    for (CompiledRule rule : denyRules) {
      if (!rule.appliesTo(action)) {
        continue;
      }
      if (rule.perCall()) {
        perCallDenies = append(perCallDenies, rule);
        continue;
      }
      Decision d = evaluateBeforeCall(rule, Outcome.DENY, scratch, revision);
      if (d != null) {
        return fixed(d, revision);
      }
    }
    Decision allowed = roleGrant(effectiveRoles, action, revision);
    List<CompiledRule> perCallAllows = List.of();
    if (allowed == null) {
      for (CompiledRule rule : allowRules) {
        if (!rule.appliesTo(action)) {
          continue;
        }
        if (rule.perCall()) {
          perCallAllows = append(perCallAllows, rule);
          continue;
        }
        allowed = evaluateBeforeCall(rule, Outcome.ALLOW, scratch, revision);
        if (allowed != null) {
          break;
        }
      }
    }
    if (allowed != null) {
      perCallAllows = List.of();
    }
    Decision defaultDeny = new Decision(Outcome.DENY, Decision.DEFAULT_DENY, revision, NOTHING_ALLOWS);
    if (perCallDenies.isEmpty() && perCallAllows.isEmpty()) {
      return fixed(allowed != null ? allowed : defaultDeny, revision);
    }
    return new Verdict(
        null,
        perCallDenies.toArray(new CompiledRule[0]),
        allowed,
        perCallAllows.toArray(new CompiledRule[0]),
        defaultDeny,
        revision);
  }

  /** Lists of per-call rules are rare and short: built only when a first one turns up. */
  private static List<CompiledRule> append(List<CompiledRule> list, CompiledRule rule) {
    List<CompiledRule> grown = list.isEmpty() ? new ArrayList<>(2) : list;
    grown.add(rule);
    return grown;
  }

  private static Verdict fixed(Decision d, String revision) {
    return new Verdict(d, new CompiledRule[0], null, new CompiledRule[0], null, revision);
  }

  private Decision roleGrant(List<String> effectiveRoles, String action, String revision) {
    for (String roleName : effectiveRoles) {
      RoleGrants grants = roleGrants.get(roleName);
      if (grants == null) {
        continue;
      }
      for (int i = 0; i < grants.patterns.length; i++) {
        if (ActionPatterns.matches(grants.patterns[i], action)) {
          return new Decision(Outcome.ALLOW, grants.ruleId, revision, grants.reasons[i]);
        }
      }
    }
    return null;
  }

  /** A role's permissions with the rule id and reasons its decisions carry, built once per policy. */
  private static final class RoleGrants {
    final String ruleId;
    final String[] patterns;
    final String[] reasons;

    RoleGrants(RoleDefinition role) {
      this.ruleId = "role:" + role.name();
      this.patterns = role.permissions().toArray(new String[0]);
      this.reasons = new String[patterns.length];
      for (int i = 0; i < patterns.length; i++) {
        reasons[i] = "role '" + role.name() + "' grants '" + patterns[i] + "'";
      }
    }
  }

  /** The decision a rule makes before the call, or null when it does not fire. */
  private static Decision evaluateBeforeCall(
      CompiledRule rule, Outcome outcome, DecisionInput input, String revision) {
    if (rule.condition() == null) {
      return Verdict.ruleDecision(outcome, rule, revision);
    }
    try {
      return rule.condition().condition().test(input) ? Verdict.ruleDecision(outcome, rule, revision) : null;
    } catch (RuntimeException e) {
      // Fail closed: a deny rule that cannot be evaluated denies; an allow rule does not allow.
      return outcome == Outcome.DENY
          ? new Decision(Outcome.DENY, rule.id(), revision,
              "deny condition could not be evaluated (" + e.getMessage() + "); denying")
          : null;
    }
  }

  /**
   * Every rule and role that bears on {@code action} for {@code subject}, with what each found, and
   * the decision: what {@code vigil-loader explain} prints.
   */
  public List<String> explain(SubjectRecord subject, String action, DecisionInput input) {
    List<String> lines = new ArrayList<>();
    List<String> roles = effectiveRoles(subject);
    lines.add("subject " + subject.id() + ": roles " + roles + " (own " + subject.roles() + "), groups "
        + subject.groups() + ", attributes " + subject.attributes());
    if (!flags.isEmpty()) {
      lines.add("flags " + new java.util.TreeMap<>(flags));
    }
    input.subject(this, subject, roles);
    for (String roleName : roles) {
      RoleDefinition role = document.roles().get(roleName);
      if (role != null) {
        for (String p : role.permissions()) {
          if (ActionPatterns.matches(p, action)) {
            lines.add("role " + roleName + " (" + role.position() + ") grants " + p);
          }
        }
      }
    }
    for (CompiledRule rule : concat(denyRules, allowRules)) {
      if (!rule.appliesTo(action)) {
        continue;
      }
      String result;
      if (rule.condition() == null) {
        result = "unconditional";
      } else {
        try {
          result = "condition " + rule.condition().source() + " -> " + rule.condition().condition().test(input);
        } catch (RuntimeException e) {
          result = "condition " + rule.condition().source() + " -> error: " + e.getMessage();
        }
      }
      lines.add(rule.definition().effect().name().toLowerCase(java.util.Locale.ROOT) + " rule "
          + rule.id() + " (" + rule.definition().position() + "): " + result);
    }
    return lines;
  }

  private static List<CompiledRule> concat(List<CompiledRule> a, List<CompiledRule> b) {
    List<CompiledRule> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
