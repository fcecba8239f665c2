package dev.vigil.policy.parse;

import static dev.vigil.policy.parse.ParseAssertions.problems;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** One test per kind of problem: the exact place, and the part of the message that says what to do. */
class PolicyErrorsTest {

  @Test
  void malformedYamlReportsSnakeYamlsPlaceAndProblem() {
    assertThat(problems("""
        roles:
          accountant: {permissions: [invoice:read}
        """)).containsExactly(
        "p.yaml:2:42: invalid YAML: expected ',' or ']', but got } (while parsing a flow sequence"
            + " at p.yaml:2:29)");
  }

  @Test
  void tabIndentationIsExplained() {
    assertThat(problems("roles:\n\taccountant: {}\n")).singleElement().asString()
        .startsWith("p.yaml:2:1: invalid YAML: found character '\\t(TAB)' that cannot start any token");
  }

  @Test
  void malformedJsonIsReportedLikeYaml() {
    assertThat(problems("{\"roles\": {\"a\": {}},\n \"rules\": [}\n")).singleElement().asString()
        .startsWith("p.yaml:2:12: invalid YAML: ");
  }

  @Test
  void unknownTopLevelKeySuggestsTheClosest() {
    assertThat(problems("role:\n  accountant: {}\n")).containsExactly(
        "p.yaml:1:1: unknown key 'role' at the top level; did you mean 'roles'? Allowed keys:"
            + " revision, flags, roles, groups, subjects, rules");
  }

  @Test
  void unknownNestedKeysListTheAllowedOnes() {
    assertThat(problems("""
        subjects:
          alice:
            email: a@example.com
        roles:
          admin:
            permisions: ["*"]
        rules:
          - id: r
            effect: deny
            actions: [a]
            condition: x > 1
        """)).containsExactly(
        "p.yaml:3:5: unknown key 'email' in subject 'alice'; allowed keys: roles, groups, attributes",
        "p.yaml:6:5: unknown key 'permisions' in role 'admin'; did you mean 'permissions'? Allowed"
            + " key: permissions",
        "p.yaml:11:5: unknown key 'condition' in rule 'r'; did you mean 'when'? Allowed keys: id,"
            + " effect, actions, when");
  }

  @Test
  void aStringWhereAListIsNeededIsAWrongType() {
    assertThat(problems("""
        roles:
          accountant:
            permissions: invoice:read
        """)).containsExactly(
        "p.yaml:3:18: 'permissions' of role 'accountant' must be a list of action patterns such as"
            + " [invoice:read], but is a string (write [invoice:read] or put each item on its own '- '"
            + " line)");
  }

  @Test
  void otherWrongTypesNameWhatIsExpected() {
    assertThat(problems("""
        revision: [1]
        roles: [accountant]
        groups:
          finance: [accountant]
        subjects:
          alice:
            roles: [[admin]]
            attributes: [a]
        rules:
          id: r
        """)).containsExactly(
        "p.yaml:1:11: 'revision' must be a string, but is a list",
        "p.yaml:2:8: 'roles' must be a mapping of role names to roles, but is a list",
        "p.yaml:4:12: group 'finance' must be a mapping with the keys roles, but is a list",
        "p.yaml:7:13: an item of 'roles' of subject 'alice' is a list; each item must be a string",
        "p.yaml:8:17: 'attributes' of subject 'alice' must be a mapping of attribute names to"
            + " values, but is a list",
        "p.yaml:10:3: 'rules' must be a list of rules, each starting with '- id: ...', but is a"
            + " mapping");
  }

  @Test
  void topLevelMustBeAMapping() {
    assertThat(problems("- roles\n")).containsExactly(
        "p.yaml:1:1: the top level of a policy file must be a mapping with the keys revision,"
            + " flags, roles, groups, subjects, rules, but is a list");
  }

  @Test
  void emptyNamesAreRejected() {
    assertThat(problems("""
        subjects:
          "": {}
          " bob": {}
        roles:
          ~: {}
        rules:
          - id: ""
            effect: allow
            actions: [a]
        """)).containsExactly(
        "p.yaml:2:3: a subject name is empty; write one",
        "p.yaml:3:3: subject name ' bob' starts or ends with white space; remove it",
        "p.yaml:5:3: a key in 'roles' is empty; write a name before the ':'",
        "p.yaml:7:9: a rule id is empty; write one");
  }

  @Test
  void badActionPatternsSayWhatIsWrong() {
    assertThat(problems("""
        roles:
          r:
            permissions: ["", "invoice*", "*:read", "invoice::read", "invoice read", ok:*]
        """)).containsExactly(
        "p.yaml:3:19: the action pattern '' in 'permissions' of role 'r' is empty",
        "p.yaml:3:23: the action pattern 'invoice*' in 'permissions' of role 'r' uses '*' inside a"
            + " segment; '*' must be a whole last segment, as in invoice:*",
        "p.yaml:3:35: the action pattern '*:read' in 'permissions' of role 'r' has '*' before the"
            + " last segment; '*' may only end a pattern, as in invoice:*",
        "p.yaml:3:45: the action pattern 'invoice::read' in 'permissions' of role 'r' has an empty"
            + " segment (check for a stray ':' at the start, the end or doubled)",
        "p.yaml:3:62: the action pattern 'invoice read' in 'permissions' of role 'r' contains"
            + " whitespace; segments may use only letters, digits, '_', '.' and '-'");
  }

  @Test
  void badEffectIsRejected() {
    assertThat(problems("""
        rules:
          - {id: a, effect: permit, actions: [x]}
          - {id: b, effect: Deny, actions: [x]}
        """)).containsExactly(
        "p.yaml:2:21: the effect of rule 'a' must be allow or deny, not 'permit'",
        "p.yaml:3:21: the effect of rule 'b' must be written in lower case: deny");
  }

  @Test
  void badFlagNamesAndValuesAreRejected() {
    assertThat(problems("""
        flags:
          beta-export: true
          2fa: false
          dark_mode: yes
          quoted: "true"
        """)).containsExactly(
        "p.yaml:2:3: flag name 'beta-export' is not an identifier; use letters, digits and '_', not"
            + " starting with a digit (for example beta_export)",
        "p.yaml:3:3: flag name '2fa' is not an identifier; use letters, digits and '_', not"
            + " starting with a digit (for example _2fa)",
        "p.yaml:4:14: flag 'dark_mode' must be true or false, but is a string ('yes' is a string"
            + " here: write true or false unquoted)",
        "p.yaml:5:11: flag 'quoted' must be true or false, but is a string ('true' is a string"
            + " here: write true or false unquoted)");
  }

  @Test
  void unknownRolesAreReportedAtTheReference() {
    assertThat(problems("""
        roles:
          accountant: {}
        groups:
          finance:
            roles: [acountant]
        subjects:
          alice:
            roles: [accountant, cfo]
        """)).containsExactly(
        "p.yaml:5:13: group 'finance' refers to role 'acountant', which no policy file defines;"
            + " did you mean 'accountant'? Otherwise define it under 'roles'",
        "p.yaml:8:25: subject 'alice' refers to role 'cfo', which no policy file defines; define it"
            + " under 'roles'");
  }

  @Test
  void duplicateKeysNameBothPlaces() {
    assertThat(problems("""
        roles:
          admin: {permissions: ["*"]}
        subjects:
          alice: {roles: [admin], roles: []}
        roles:
          admin: {}
        """)).containsExactly(
        "p.yaml:4:27: duplicate key 'roles' in subject 'alice', first at p.yaml:4:11; a key may"
            + " appear only once in a mapping, remove or rename one",
        "p.yaml:5:1: duplicate key 'roles' at the top level, first at p.yaml:1:1; a key may appear"
            + " only once in a mapping, remove or rename one");
  }

  @Test
  void duplicateRuleIdsInOneFile() {
    assertThat(problems("""
        rules:
          - {id: r1, effect: allow, actions: [a]}
          - {id: r1, effect: deny, actions: [b]}
        """)).containsExactly(
        "p.yaml:3:5: rule id 'r1' is already used by the rule at p.yaml:2:5; give every rule a"
            + " unique id");
  }

  @Test
  void aSecondDocumentIsRejectedAndTheFirstStillChecked() {
    assertThat(problems("""
        roles:
          admin: {permisions: []}
        ---
        roles: {}
        """)).containsExactly(
        "p.yaml:2:11: unknown key 'permisions' in role 'admin'; did you mean 'permissions'? Allowed"
            + " key: permissions",
        "p.yaml:3:1: a policy file holds one YAML document, but another one starts here; move it"
            + " to its own file or merge it into the first");
  }

  @Test
  void ruleFieldsAreRequired() {
    assertThat(problems("""
        rules:
          - effect: allow
            actions: [a]
          - id: no-effect
            actions: []
          - id: no-actions
            effect: deny
            when: ""
        """)).containsExactly(
        "p.yaml:2:5: rule #1 has no 'id'; give every rule a unique id, such as id: deny-big-approvals",
        "p.yaml:4:5: rule 'no-effect' has no 'effect'; add effect: allow or effect: deny",
        "p.yaml:5:14: 'actions' of rule 'no-effect' is empty; list at least one action pattern",
        "p.yaml:6:5: rule 'no-actions' has no 'actions'; list the actions it applies to, such as"
            + " actions: [invoice:approve]",
        "p.yaml:8:11: 'when' of rule 'no-actions' is empty; remove it for an unconditional rule,"
            + " or write a condition");
  }

  @Test
  void conditionMustBeAString() {
    assertThat(problems("""
        rules:
          - id: r
            effect: deny
            actions: [a]
            when: [x]
        """)).containsExactly(
        "p.yaml:5:11: 'when' of rule 'r' must be a condition written as a string, but is a list");
  }

  @Test
  void attributesMustBeUsableValues() {
    assertThat(problems("""
        subjects:
          alice:
            attributes:
              roles: [x]
              manager:
              clearance: 99999999999999999999
              since: !!int soon
        """)).containsExactly(
        "p.yaml:4:7: attribute 'roles' of subject 'alice' would be hidden by subject.roles in"
            + " conditions; rename it",
        "p.yaml:5:15: attribute 'manager' of subject 'alice' has no value; give it one or remove it"
            + " (null is not a value here)",
        "p.yaml:6:18: attribute 'clearance' of subject 'alice' is 99999999999999999999, which does"
            + " not fit in 64 bits; quote it to keep it as a string",
        "p.yaml:7:14: attribute 'since' of subject 'alice' is tagged as a number but 'soon' is not"
            + " one; remove the tag");
  }

  @Test
  void mergeKeysAreNotSupported() {
    assertThat(problems("""
        roles:
          base: &base {permissions: [a]}
          more:
            <<: *base
        """)).containsExactly(
        "p.yaml:4:5: merge keys ('<<') are not supported; write the keys out");
  }

  @Test
  void everyProblemIsReportedInFileOrder() {
    assertThat(problems("""
        flags: {bad-name: true}
        roles:
          r: {permissions: [bad pattern]}
        subjects:
          s: {roles: [missing]}
        rules:
          - {id: x, effect: maybe, actions: [a]}
        """)).extracting(p -> p.substring(0, p.indexOf(": ")))
        .containsExactly("p.yaml:1:9", "p.yaml:3:21", "p.yaml:5:15", "p.yaml:7:21");
  }
}
