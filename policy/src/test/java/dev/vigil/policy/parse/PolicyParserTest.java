package dev.vigil.policy.parse;

import static dev.vigil.policy.parse.ParseAssertions.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.policy.model.Effect;
import dev.vigil.policy.model.FlagDefinition;
import dev.vigil.policy.model.GroupDefinition;
import dev.vigil.policy.model.PolicyDocument;
import dev.vigil.policy.model.RoleDefinition;
import dev.vigil.policy.model.RuleDefinition;
import dev.vigil.policy.model.SourcePosition;
import dev.vigil.policy.model.SubjectDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyParserTest {

  static final String EXAMPLE = """
      revision: "2026-11-25.1"
      flags:
        beta_export: false
        new_ui: true
      roles:
        accountant:
          permissions: [invoice:read, invoice:approve]
        admin:
          permissions: ["*"]
      groups:
        finance:
          roles: [accountant]
      subjects:
        alice:
          roles: [accountant]
          groups: [finance]
          attributes:
            department: finance
            level: 3
            score: 0.75
            device: {managed: true, os: linux}
            tags: [a, b]
      rules:
        - id: big-approvals-need-cfo
          effect: deny
          actions: [invoice:approve]
          when: request.amount > 10000 && !("cfo" in subject.roles)
        - id: admins
          effect: allow
          actions: [invoice:*]
      """;

  static final String EXAMPLE_JSON = """
      {
        "revision": "2026-11-25.1",
        "flags": {"beta_export": false, "new_ui": true},
        "roles": {
          "accountant": {"permissions": ["invoice:read", "invoice:approve"]},
          "admin": {"permissions": ["*"]}
        },
        "groups": {"finance": {"roles": ["accountant"]}},
        "subjects": {
          "alice": {
            "roles": ["accountant"],
            "groups": ["finance"],
            "attributes": {
              "department": "finance", "level": 3, "score": 0.75,
              "device": {"managed": true, "os": "linux"}, "tags": ["a", "b"]
            }
          }
        },
        "rules": [
          {"id": "big-approvals-need-cfo", "effect": "deny", "actions": ["invoice:approve"],
           "when": "request.amount > 10000 && !(\\"cfo\\" in subject.roles)"},
          {"id": "admins", "effect": "allow", "actions": ["invoice:*"]}
        ]
      }
      """;

  private static SourcePosition at(String file, int line, int column) {
    return new SourcePosition(file, line, column);
  }

  @Test
  void exampleParsesIntoTheExactModelInSourceOrder() throws Exception {
    PolicyDocument doc = new PolicyParser().parse("p.yaml", EXAMPLE);

    assertThat(doc.revision()).isEqualTo("2026-11-25.1");
    assertThat(doc.flags()).containsExactly(
        Map.entry("beta_export", new FlagDefinition("beta_export", false, at("p.yaml", 3, 3))),
        Map.entry("new_ui", new FlagDefinition("new_ui", true, at("p.yaml", 4, 3))));
    assertThat(doc.roles()).containsExactly(
        Map.entry("accountant", new RoleDefinition("accountant",
            List.of("invoice:read", "invoice:approve"), at("p.yaml", 6, 3))),
        Map.entry("admin", new RoleDefinition("admin", List.of("*"), at("p.yaml", 8, 3))));
    assertThat(doc.groups()).containsExactly(Map.entry("finance",
        new GroupDefinition("finance", List.of("accountant"), at("p.yaml", 11, 3))));
    assertThat(doc.subjects()).containsOnlyKeys("alice");
    SubjectDefinition alice = doc.subjects().get("alice");
    assertThat(alice).isEqualTo(new SubjectDefinition("alice", List.of("accountant"),
        List.of("finance"),
        Map.of("department", "finance", "level", 3L, "score", 0.75,
            "device", Map.of("managed", true, "os", "linux"), "tags", List.of("a", "b")),
        at("p.yaml", 14, 3)));
    // Nested maps keep their source order.
    assertThat(List.copyOf(((Map<?, ?>) alice.attributes().get("device")).keySet()))
        .isEqualTo(List.of("managed", "os"));
    assertThat(doc.rules()).containsExactly(
        new RuleDefinition("big-approvals-need-cfo", Effect.DENY, List.of("invoice:approve"),
            "request.amount > 10000 && !(\"cfo\" in subject.roles)", at("p.yaml", 27, 11),
            at("p.yaml", 24, 5)),
        new RuleDefinition("admins", Effect.ALLOW, List.of("invoice:*"), null, null,
            at("p.yaml", 28, 5)));
  }

  @Test
  void jsonWithTheSameStructureGivesTheSameModel() throws Exception {
    PolicyDocument yaml = new PolicyParser().parse("p.yaml", EXAMPLE);
    PolicyDocument json = new PolicyParser().parse("p.json", EXAMPLE_JSON);

    assertThat(json.revision()).isEqualTo(yaml.revision());
    assertThat(json.flags().keySet()).containsExactlyElementsOf(yaml.flags().keySet());
    assertThat(json.roles().values()).extracting(RoleDefinition::permissions)
        .containsExactlyElementsOf(yaml.roles().values().stream().map(RoleDefinition::permissions).toList());
    assertThat(json.groups().get("finance").roles()).isEqualTo(yaml.groups().get("finance").roles());
    SubjectDefinition alice = json.subjects().get("alice");
    assertThat(alice.attributes()).isEqualTo(yaml.subjects().get("alice").attributes());
    assertThat(alice.position()).isEqualTo(at("p.json", 10, 5));
    assertThat(json.rules()).extracting(RuleDefinition::id, RuleDefinition::effect,
            RuleDefinition::actions, RuleDefinition::condition)
        .containsExactlyElementsOf(yaml.rules().stream()
            .map(r -> org.assertj.core.groups.Tuple.tuple(r.id(), r.effect(), r.actions(), r.condition()))
            .toList());
    // One column after the opening quote of the "when" string.
    assertThat(json.rules().get(0).conditionPosition()).isEqualTo(at("p.json", 21, 15));
  }

  @Test
  void samplePolicyParses() throws Exception {
    Path sample = Path.of("src/test/resources/parse/sample-policy.yaml");
    PolicyDocument doc = new PolicyParser().parse(sample);

    assertThat(doc.roles()).containsKeys("accountant", "auditor", "admin");
    assertThat(doc.flags()).hasSize(2);
    assertThat(doc.subjects()).hasSizeBetween(3, 5);
    assertThat(doc.subjects().get("bob").attributes()).containsKeys("device", "network");
    assertThat(doc.rules()).extracting(RuleDefinition::effect)
        .containsExactly(Effect.DENY, Effect.ALLOW, Effect.DENY);
    RuleDefinition block = doc.rules().get(2);
    assertThat(block.condition()).isEqualTo("flags.strict_device_posture\n  && !subject.device.managed");
    assertThat(block.conditionPosition().line()).isEqualTo(
        Files.readAllLines(sample).indexOf("      flags.strict_device_posture") + 1);
    assertThat(block.conditionPosition().column()).isEqualTo(7);
  }

  @Test
  void emptyFilesAndSectionsContributeNothing() throws Exception {
    for (String text : List.of("", "# only a comment\n", "---\n", "roles:\nsubjects:\nrules:\n")) {
      PolicyDocument doc = new PolicyParser().parse("empty.yaml", text);
      assertThat(doc.revision()).isNull();
      assertThat(doc.roles()).isEmpty();
      assertThat(doc.subjects()).isEmpty();
      assertThat(doc.rules()).isEmpty();
    }
  }

  @Test
  void definitionsWithoutBodiesAreEmpty() throws Exception {
    PolicyDocument doc = new PolicyParser().parse("p.yaml", """
        roles:
          cfo:
        subjects:
          bob:
            groups: [not-a-defined-group]
        """);
    assertThat(doc.roles().get("cfo").permissions()).isEmpty();
    // Groups need no definition: an undefined one is a plain label.
    assertThat(doc.subjects().get("bob").groups()).containsExactly("not-a-defined-group");
  }

  @Test
  void directoryMergesFilesInPathOrder(@TempDir Path dir) throws Exception {
    write(dir.resolve("b-subjects.yaml"), """
        subjects:
          alice: {roles: [accountant]}
          bob: {groups: [finance]}
        """);
    write(dir.resolve("a-roles.yml"), """
        revision: r7
        roles:
          accountant: {permissions: [invoice:read]}
        groups:
          finance: {roles: [accountant]}
        """);
    write(dir.resolve("nested/c-rules.json"), """
        {"revision": "r7", "rules": [{"id": "r1", "effect": "allow", "actions": ["invoice:read"]}]}
        """);
    write(dir.resolve(".hidden.yaml"), "nonsense: [");
    write(dir.resolve(".git/config.yaml"), "nonsense: [");
    write(dir.resolve("notes.txt"), "nonsense: [");

    PolicyDocument doc = new PolicyParser().parse(dir);

    assertThat(doc.revision()).isEqualTo("r7");
    assertThat(doc.roles()).containsOnlyKeys("accountant");
    assertThat(doc.subjects()).containsOnlyKeys("alice", "bob");
    assertThat(doc.subjects().get("alice").position())
        .isEqualTo(at(dir.resolve("b-subjects.yaml").toString(), 2, 3));
    assertThat(doc.rules()).extracting(RuleDefinition::id).containsExactly("r1");
    assertThat(doc.rules().get(0).position().file())
        .isEqualTo(dir.resolve("nested/c-rules.json").toString());
  }

  @Test
  void kubernetesConfigMapLayoutIsReadThroughItsLinks(@TempDir Path dir) throws Exception {
    // A mounted ConfigMap: the visible file links into "..data", which links to a timestamped
    // directory; the hidden directories must not be read a second time.
    write(dir.resolve("..2026_11_25_10_00_00.123/policy.yaml"), "roles: {admin: {}}\n");
    Files.createSymbolicLink(dir.resolve("..data"), Path.of("..2026_11_25_10_00_00.123"));
    Files.createSymbolicLink(dir.resolve("policy.yaml"), Path.of("..data/policy.yaml"));
    Path linkToDir = Files.createSymbolicLink(dir.resolve("../" + dir.getFileName() + "-link"), dir);
    try {
      for (Path root : List.of(dir, linkToDir)) {
        PolicyDocument doc = new PolicyParser().parse(root);
        assertThat(doc.roles().get("admin").position())
            .isEqualTo(at(root.resolve("policy.yaml").toString(), 1, 9));
      }
    } finally {
      Files.delete(linkToDir);
    }
  }

  @Test
  void linkedDirectoriesBelowTheRootAreNotFollowed(@TempDir Path dir) throws Exception {
    write(dir.resolve("a.yaml"), "roles: {admin: {}}\n");
    Files.createSymbolicLink(dir.resolve("loop"), dir);
    assertThat(new PolicyParser().parse(dir).roles()).containsOnlyKeys("admin");
  }

  @Test
  void crossFileDuplicatesNameBothPlaces(@TempDir Path dir) throws Exception {
    String first = """
        revision: one
        flags: {beta: true}
        roles: {admin: {permissions: ["*"]}}
        groups: {ops: {}}
        subjects: {alice: {}}
        rules: [{id: r1, effect: allow, actions: [a]}]
        """;
    String second = """
        revision: two
        flags: {beta: true}
        roles: {admin: {permissions: ["*"]}}
        groups: {ops: {}}
        subjects: {alice: {}}
        rules: [{id: r1, effect: allow, actions: [a]}]
        """;
    write(dir.resolve("1.yaml"), first);
    write(dir.resolve("2.yaml"), second);
    String a = dir.resolve("1.yaml").toString();
    String b = dir.resolve("2.yaml").toString();

    assertThat(problems(() -> new PolicyParser().parse(dir))).containsExactly(
        b + ":1:11: revision 'two' differs from revision 'one' set at " + a + ":1:11; set the"
            + " revision in one file only, or to the same value everywhere",
        b + ":2:9: flag 'beta' is already defined at " + a + ":2:9; define each flag once across"
            + " all policy files",
        b + ":3:9: role 'admin' is already defined at " + a + ":3:9; define each role once across"
            + " all policy files",
        b + ":4:10: group 'ops' is already defined at " + a + ":4:10; define each group once"
            + " across all policy files",
        b + ":5:12: subject 'alice' is already defined at " + a + ":5:12; define each subject"
            + " once across all policy files",
        b + ":6:9: rule id 'r1' is already used by the rule at " + a + ":6:9; give every rule a"
            + " unique id");
  }

  @Test
  void rolesMayBeDefinedInAnotherFile(@TempDir Path dir) throws Exception {
    write(dir.resolve("a.yaml"), "subjects: {alice: {roles: [auditor]}}\n");
    write(dir.resolve("b.yaml"), "roles: {auditor: {}}\n");
    assertThat(new PolicyParser().parse(dir).subjects().get("alice").roles())
        .containsExactly("auditor");
  }

  @Test
  void problemsOfSeveralFilesAreAllReported(@TempDir Path dir) throws Exception {
    write(dir.resolve("a.yaml"), "roles: {x: {permisions: []}}\n");
    write(dir.resolve("b.yaml"), "rules: [\n");
    List<String> problems = problems(() -> new PolicyParser().parse(dir));
    assertThat(problems).hasSize(2);
    assertThat(problems.get(0)).startsWith(dir.resolve("a.yaml") + ":1:13: unknown key 'permisions'");
    assertThat(problems.get(1)).startsWith(dir.resolve("b.yaml") + ":2:1: invalid YAML:");
  }

  @Test
  void directoryWithoutPolicyFilesIsAnError(@TempDir Path dir) throws Exception {
    write(dir.resolve("readme.txt"), "hello");
    assertThat(problems(() -> new PolicyParser().parse(dir))).containsExactly(
        dir + ":0:0: the directory holds no policy files (.yaml, .yml or .json); point to the"
            + " right directory or add a policy file");
  }

  @Test
  void missingPathIsAnErrorNamingIt(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");
    assertThat(problems(() -> new PolicyParser().parse(missing))).containsExactly(
        missing + ":0:0: no such file or directory; give the path of a policy file or of a"
            + " directory of them");
  }

  @Test
  void fileWithAnotherExtensionIsRefused(@TempDir Path dir) throws Exception {
    Path file = write(dir.resolve("policy.txt"), "roles: {}\n");
    assertThat(problems(() -> new PolicyParser().parse(file))).containsExactly(
        file + ":0:0: not a policy file: the name must end in .yaml, .yml or .json");
  }

  @Test
  void byteOrderMarkIsAccepted(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bom.yaml");
    byte[] body = "roles: {a: {}}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] bytes = new byte[body.length + 3];
    bytes[0] = (byte) 0xEF;
    bytes[1] = (byte) 0xBB;
    bytes[2] = (byte) 0xBF;
    System.arraycopy(body, 0, bytes, 3, body.length);
    Files.write(file, bytes);
    assertThat(new PolicyParser().parse(file).roles().get("a").position())
        .isEqualTo(at(file.toString(), 1, 9));
  }

  @Test
  void examplesInTheFormatDocumentParse() throws Exception {
    String doc = Files.readString(Path.of("../docs/policy-format.md"));
    String yaml = block(doc, "```yaml\n", 0);
    String json = block(doc, "```json\n", 0);

    PolicyDocument fromYaml = new PolicyParser().parse("doc.yaml", yaml);
    assertThat(fromYaml.roles()).containsOnlyKeys("accountant", "auditor", "admin", "cfo");
    assertThat(fromYaml.subjects().get("bob").groups()).contains("on-call");
    assertThat(fromYaml.rules()).hasSize(3);
    PolicyDocument fromJson = new PolicyParser().parse("doc.json", json);
    assertThat(fromJson.rules().get(0).condition())
        .isEqualTo(fromYaml.rules().get(0).condition());
  }

  private static String block(String markdown, String fence, int from) {
    int start = markdown.indexOf(fence, from) + fence.length();
    return markdown.substring(start, markdown.indexOf("```", start));
  }

  static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }
}
