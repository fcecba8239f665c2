package dev.vigil.policy.decide;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import dev.vigil.policy.model.PolicyDocument;
import dev.vigil.policy.parse.PolicyParser;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the policy language promises: role grants, wildcards, deny overrides, default deny, fail closed. */
class DecisionSemanticsTest {

  static final String POLICY = """
      flags:
        export_beta: false
        approvals_open: true
      roles:
        accountant:
          permissions: ["invoice:read", "invoice:approve"]
        auditor:
          permissions: ["invoice:*"]
        root:
          permissions: ["*"]
      groups:
        finance:
          roles: [auditor]
      subjects:
        alice: {roles: [accountant]}
        gina: {roles: [], groups: [finance]}
        rooty: {roles: [root]}
        bob: {roles: [], attributes: {clearance: 3, device: {managed: false}}}
        carol: {roles: [accountant], attributes: {clearance: "high"}}
      rules:
        - id: no-deletes-ever
          effect: deny
          actions: ["invoice:delete"]
        - id: approvals-closed
          effect: deny
          actions: ["invoice:approve"]
          when: "!flags.approvals_open"
        - id: big-approvals
          effect: deny
          actions: ["invoice:approve"]
          when: request.amount > 10000
        - id: cleared-may-audit
          effect: allow
          actions: ["audit:read"]
          when: subject.clearance >= 3
        - id: small-payments
          effect: allow
          actions: ["payment:send"]
          when: request.amount < 100
      """;

  final PolicyDocument doc = parse(POLICY);
  final CompiledPolicy policy = compile(doc);
  final DecisionInput input = new DecisionInput();

  static PolicyDocument parse(String text) {
    try {
      return new PolicyParser().parse("test.yaml", text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static CompiledPolicy compile(PolicyDocument doc) {
    try {
      return CompiledPolicy.compile(doc);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  Decision decide(String subject, String action, Map<String, ?> request) {
    var def = doc.subjects().get(subject);
    SubjectRecord record = new SubjectRecord(def.id(), def.roles(), def.groups(), def.attributes());
    List<String> roles = policy.effectiveRoles(record);
    Verdict v = policy.verdict(record, roles, action, "rev", input);
    return v.decide(input.subject(policy, record, roles).call(action, request, null, 0));
  }

  @Test
  void roleGrantsExactWildcardAndStarPermissions() {
    assertThat(decide("alice", "invoice:read", Map.of()).ruleId()).isEqualTo("role:accountant");
    assertThat(decide("gina", "invoice:anything", Map.of()).ruleId()).isEqualTo("role:auditor");
    assertThat(decide("rooty", "whatever:at:all", Map.of()).allowed()).isTrue();
  }

  @Test
  void nothingAllowsMeansDefaultDeny() {
    Decision d = decide("alice", "report:export", Map.of());
    assertThat(d.allowed()).isFalse();
    assertThat(d.ruleId()).isEqualTo(Decision.DEFAULT_DENY);
    assertThat(decide("alice", "invoice", Map.of()).allowed()).as("a prefix is not a match").isFalse();
  }

  @Test
  void denyOverridesEvenTheStarRole() {
    Decision d = decide("rooty", "invoice:delete", Map.of());
    assertThat(d.allowed()).isFalse();
    assertThat(d.ruleId()).isEqualTo("no-deletes-ever");
  }

  @Test
  void perCallDenyDependsOnTheRequest() {
    assertThat(decide("alice", "invoice:approve", Map.of("amount", 500)).allowed()).isTrue();
    Decision big = decide("alice", "invoice:approve", Map.of("amount", 50_000L));
    assertThat(big.allowed()).isFalse();
    assertThat(big.ruleId()).isEqualTo("big-approvals");
  }

  @Test
  void denyRuleThatCannotBeEvaluatedDenies() {
    Decision d = decide("alice", "invoice:approve", Map.of());
    assertThat(d.allowed()).as("request.amount missing: fail closed").isFalse();
    assertThat(d.ruleId()).isEqualTo("big-approvals");
    assertThat(d.reason()).contains("could not be evaluated");
    assertThat(decide("alice", "invoice:approve", Map.of("amount", "lots")).allowed()).isFalse();
  }

  @Test
  void allowRuleThatCannotBeEvaluatedDoesNotAllow() {
    assertThat(decide("bob", "audit:read", Map.of()).ruleId()).isEqualTo("cleared-may-audit");
    Decision carol = decide("carol", "audit:read", Map.of());
    assertThat(carol.allowed()).as("clearance is a string: no allow").isFalse();
    assertThat(carol.ruleId()).isEqualTo(Decision.DEFAULT_DENY);
    assertThat(decide("alice", "audit:read", Map.of()).allowed()).as("attribute missing").isFalse();
  }

  @Test
  void flagsAreReadAtDecisionTime() {
    PolicyDocument closed = parse(POLICY.replace("approvals_open: true", "approvals_open: false"));
    CompiledPolicy p = compile(closed);
    SubjectRecord alice = new SubjectRecord("alice", List.of("accountant"), List.of(), Map.of());
    Decision d = p.verdict(alice, p.effectiveRoles(alice), "invoice:approve", "r", input).fixed();
    assertThat(d).as("static deny: known before the call").isNotNull();
    assertThat(d.ruleId()).isEqualTo("approvals-closed");
  }

  @Test
  void verdictIsFixedUnlessARuleReadsTheRequest() {
    SubjectRecord alice = new SubjectRecord("alice", List.of("accountant"), List.of(), Map.of());
    assertThat(policy.verdict(alice, List.of("accountant"), "invoice:read", "r", input).perCall()).isFalse();
    assertThat(policy.verdict(alice, List.of("accountant"), "invoice:approve", "r", input).perCall()).isTrue();
  }

  @Test
  void perCallDecisionAllocatesNothing() {
    SubjectRecord alice = new SubjectRecord("alice", List.of("accountant"), List.of(), Map.of());
    List<String> roles = policy.effectiveRoles(alice);
    Verdict v = policy.verdict(alice, roles, "invoice:approve", "r", input);
    Map<String, Object> request = Map.of("amount", 500L);
    input.subject(policy, alice, roles).call("invoice:approve", request, null, 0);
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 20_000; i++) {
      v.decide(input);
    }
    // Allocation per call would show in every window (100k calls x at least 16 bytes); the JIT
    // compiling on this thread can add a few bytes to one window, so the quietest window counts.
    long quietest = Long.MAX_VALUE;
    boolean all = true;
    for (int window = 0; window < 10; window++) {
      long before = threads.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < 100_000; i++) {
        all &= v.decide(input).allowed();
      }
      quietest = Math.min(quietest, threads.getCurrentThreadAllocatedBytes() - before);
    }
    assertThat(all).isTrue();
    assertThat(quietest).as("bytes allocated by 100k decisions, quietest of 10 windows").isZero();
  }

  @Test
  void theClockIsReadOnDemandWhenAConditionUsesNow() throws Exception {
    PolicyDocument timed = parse("""
        subjects:
          alice: {roles: []}
        rules:
          - id: after-2020
            effect: allow
            actions: ["clock:read"]
            when: now > timestamp('2020-01-01T00:00:00Z') && request.x == 1
        """);
    CompiledPolicy p = compile(timed);
    SubjectRecord alice = new SubjectRecord("alice", List.of(), List.of(), Map.of());
    Verdict v = p.verdict(alice, List.of(), "clock:read", "r", input);
    input.subject(p, alice, List.of()).call("clock:read", Map.of("x", 1L), null, DecisionInput.NOW_ON_DEMAND);
    assertThat(v.decide(input).allowed()).isTrue();
    input.call("clock:read", Map.of("x", 1L), null, 0L);
    assertThat(v.decide(input).allowed()).as("an explicit time is used as given").isFalse();
  }

  @Test
  void explainNamesTheRulesAndWhatTheyFound() {
    var def = doc.subjects().get("alice");
    SubjectRecord record = new SubjectRecord(def.id(), def.roles(), def.groups(), def.attributes());
    input.call("invoice:approve", Map.of("amount", 50_000L), null, 0);
    List<String> lines = policy.explain(record, "invoice:approve", input);
    assertThat(lines).anyMatch(l -> l.startsWith("role accountant") && l.contains("grants invoice:approve"));
    assertThat(lines).anyMatch(l -> l.startsWith("deny rule big-approvals") && l.endsWith("-> true"));
  }
}
