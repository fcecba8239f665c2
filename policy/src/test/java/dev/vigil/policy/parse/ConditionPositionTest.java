package dev.vigil.policy.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.policy.model.RuleDefinition;
import dev.vigil.policy.model.SourcePosition;
import org.junit.jupiter.api.Test;

/**
 * Condition positions: where the text starts, and {@link PolicyParser#positionWithin} for every
 * character of the text, checked by comparing the character found at the mapped file position.
 */
class ConditionPositionTest {

  private static RuleDefinition onlyRule(String yaml) throws Exception {
    return new PolicyParser().parse("c.yaml", yaml).rules().get(0);
  }

  private static String rule(String when) {
    return "rules:\n  - id: r\n    effect: deny\n    actions: [a]\n    when: " + when + "\n";
  }

  /** The code point at a 1-based line and column of a text whose lines end in '\n' (or "\r\n"). */
  private static int charAt(String text, int line, int column) {
    String[] lines = text.split("\r?\n", -1);
    String row = lines[line - 1];
    return row.codePointAt(row.offsetByCodePoints(0, column - 1));
  }

  /** Maps every character of the condition (its first {@code lines} lines) and compares. */
  private static void assertEveryCharacterMaps(String yaml, RuleDefinition rule, int lines) {
    String[] conditionLines = rule.condition().split("\n", -1);
    for (int line = 1; line <= lines; line++) {
      int length = conditionLines[line - 1].codePointCount(0, conditionLines[line - 1].length());
      for (int column = 1; column <= length; column++) {
        SourcePosition at = PolicyParser.positionWithin(rule, line, column);
        assertThat(Character.toString(charAt(yaml, at.line(), at.column())))
            .as("condition %d:%d -> %s", line, column, at)
            .isEqualTo(Character.toString(charAt(rule.condition(), line, column)));
      }
    }
  }

  @Test
  void plainScalarStartsAtTheNode() throws Exception {
    String yaml = rule("request.amount > 10000 && !(\"cfo\" in subject.roles)");
    RuleDefinition rule = onlyRule(yaml);
    assertThat(rule.conditionPosition()).isEqualTo(new SourcePosition("c.yaml", 5, 11));
    assertThat(PolicyParser.positionWithin(rule, 1, 18)).isEqualTo(new SourcePosition("c.yaml", 5, 28));
    assertEveryCharacterMaps(yaml, rule, 1);
  }

  @Test
  void quotedScalarsStartOneColumnAfterTheQuote() throws Exception {
    String doubleQuoted = rule("\"subject.department == 'finance'\"");
    RuleDefinition rule = onlyRule(doubleQuoted);
    assertThat(rule.condition()).isEqualTo("subject.department == 'finance'");
    assertThat(rule.conditionPosition()).isEqualTo(new SourcePosition("c.yaml", 5, 12));
    assertEveryCharacterMaps(doubleQuoted, rule, 1);

    String singleQuoted = rule("'subject.department == \"finance\"'");
    rule = onlyRule(singleQuoted);
    assertThat(rule.conditionPosition()).isEqualTo(new SourcePosition("c.yaml", 5, 12));
    assertEveryCharacterMaps(singleQuoted, rule, 1);
  }

  @Test
  void conditionInAFlowMappingAfterWideCharacters() throws Exception {
    // Columns count code points: the emoji before the condition is one column, as for SnakeYAML.
    String yaml = "rules: [{id: \"\uD83D\uDE00\", effect: deny, actions: [a], when: \"x > 1\"}]\n";
    RuleDefinition rule = onlyRule(yaml);
    assertThat(rule.conditionPosition()).isEqualTo(new SourcePosition("c.yaml", 1, 54));
    assertEveryCharacterMaps(yaml, rule, 1);
  }

  @Test
  void literalBlockStartsAtItsFirstContentLine() throws Exception {
    String yaml = """
        rules:
          - id: r
            effect: deny
            actions: [a]
            when: |  # a comment on the header line

              flags.strict
                && !subject.device.managed

              || request.amount > 10
          - id: next
            effect: allow
            actions: [b]
        """;
    RuleDefinition rule = onlyRule(yaml);
    // The leading empty line and the trailing line break are dropped from the text.
    assertThat(rule.condition())
        .isEqualTo("flags.strict\n  && !subject.device.managed\n\n|| request.amount > 10");
    assertThat(rule.conditionPosition()).isEqualTo(new SourcePosition("c.yaml", 7, 7));
    assertThat(PolicyParser.positionWithin(rule, 2, 6)).isEqualTo(new SourcePosition("c.yaml", 8, 12));
    assertEveryCharacterMaps(yaml, rule, 4);
  }

  @Test
  void literalBlockWithExplicitIndentationKeepsLeadingSpaces() throws Exception {
    String yaml = """
        rules:
          - id: r
            effect: deny
            actions: [a]
            when: |2-
                  a
                && b
        """;
    RuleDefinition rule = onlyRule(yaml);
    assertThat(rule.condition()).isEqualTo("    a\n  && b");
    // The text's first character is a space, at the block's indentation (column 7).
    assertThat(rule.conditionPosition()).isEqualTo(new SourcePosition("c.yaml", 6, 7));
    assertEveryCharacterMaps(yaml, rule, 2);
  }

  @Test
  void literalBlockWithWindowsLineEndings() throws Exception {
    String yaml = rule("|\r\n      first\r\n        && second\r\n").replace("\n    effect", "\r\n    effect");
    RuleDefinition rule = onlyRule(yaml);
    assertThat(rule.condition()).isEqualTo("first\n  && second");
    assertThat(rule.conditionPosition()).isEqualTo(new SourcePosition("c.yaml", 6, 7));
    assertEveryCharacterMaps(yaml, rule, 2);
  }

  @Test
  void foldedBlockIsExactOnItsFirstLine() throws Exception {
    String yaml = """
        rules:
          - id: r
            effect: deny
            actions: [a]
            when: >
              request.amount > 10
              && flags.x
        """;
    RuleDefinition rule = onlyRule(yaml);
    assertThat(rule.condition()).isEqualTo("request.amount > 10 && flags.x");
    assertThat(rule.conditionPosition()).isEqualTo(new SourcePosition("c.yaml", 6, 7));
    // Only the part from the first source line maps exactly (documented limit).
    SourcePosition lastOfFirstLine = PolicyParser.positionWithin(rule, 1, 19);
    assertThat(Character.toString(charAt(yaml, lastOfFirstLine.line(), lastOfFirstLine.column())))
        .isEqualTo("0");
  }

  @Test
  void multiLinePlainScalarStartsAtTheNode() throws Exception {
    String yaml = rule("request.amount > 10\n      && flags.x");
    RuleDefinition rule = onlyRule(yaml);
    assertThat(rule.condition()).isEqualTo("request.amount > 10 && flags.x");
    assertThat(rule.conditionPosition()).isEqualTo(new SourcePosition("c.yaml", 5, 11));
  }

  @Test
  void positionWithinRejectsRulesWithoutConditionsAndBadPositions() throws Exception {
    RuleDefinition unconditional = new PolicyParser()
        .parse("c.yaml", "rules: [{id: r, effect: deny, actions: [a]}]").rules().get(0);
    assertThatThrownBy(() -> PolicyParser.positionWithin(unconditional, 1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no condition");
    RuleDefinition conditional = onlyRule(rule("x"));
    assertThatThrownBy(() -> PolicyParser.positionWithin(conditional, 0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1-based");
  }
}
