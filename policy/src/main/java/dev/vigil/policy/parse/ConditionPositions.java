package dev.vigil.policy.parse;

import dev.vigil.policy.model.RuleDefinition;
import dev.vigil.policy.model.SourcePosition;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Places a rule condition in its file. The expression compiler reports errors by line and column
 * inside the expression text; these positions let such an error point into the policy file.
 */
final class ConditionPositions {

  private ConditionPositions() {}

  /** A condition's text as carried in the model, and where its first character stands. */
  record Located(String text, SourcePosition position) {}

  /**
   * The condition text of a {@code when} scalar and the file position of its first character: the
   * node start for a plain scalar, one column after the quote for a quoted one, and the start of
   * the first content line for a block scalar ({@code |} or {@code >}). A block scalar's leading
   * empty lines and trailing white space are dropped from the text (they mean nothing to an
   * expression), so that line 1 of the text is the first content line.
   */
  static Located locate(ScalarNode node, SourceText source) {
    SourcePosition start = source.at(node.getStartMark());
    ScalarStyle style = node.getScalarStyle();
    String value = node.getValue();
    if (style == ScalarStyle.SINGLE_QUOTED || style == ScalarStyle.DOUBLE_QUOTED) {
      return new Located(value, shift(start, 0, 1));
    }
    if (style != ScalarStyle.LITERAL && style != ScalarStyle.FOLDED) {
      return new Located(value, start);
    }
    int leadingBreaks = 0;
    while (leadingBreaks < value.length() && value.charAt(leadingBreaks) == '\n') {
      leadingBreaks++;
    }
    String text = value.substring(leadingBreaks).stripTrailing();
    // Content starts on the line after the header ("|", "|2-", "> # comment"...), after the
    // empty lines that became the leading breaks.
    int contentLine = node.getStartMark().getLine() + 1 + leadingBreaks;
    String line = source.line(contentLine);
    int indent = line == null ? 0 : indentOf(line, text);
    return new Located(text, new SourcePosition(source.file(), contentLine + 1, indent + 1));
  }

  /**
   * The block's indentation, from the source line and the text it produced: the smallest run of
   * leading spaces after which the rest of the line begins the text. For a literal block the rest
   * is the whole first text line; for a folded one the first line may have been joined with the
   * next, so the rest is only a prefix. Comparing with the value (rather than re-implementing
   * indentation rules) also covers explicit indentation indicators such as {@code |2}.
   */
  private static int indentOf(String line, String text) {
    int spaces = 0;
    while (spaces < line.length() && line.charAt(spaces) == ' ') {
      spaces++;
    }
    for (int i = 0; i <= spaces; i++) {
      String rest = line.substring(i);
      if (!rest.isEmpty() && text.startsWith(rest)) {
        return i;
      }
    }
    return spaces;
  }

  /** See {@link PolicyParser#positionWithin}. */
  static SourcePosition within(RuleDefinition rule, int exprLine, int exprColumn) {
    if (rule.condition() == null || rule.conditionPosition() == null) {
      throw new IllegalArgumentException("rule '" + rule.id() + "' has no condition");
    }
    if (exprLine < 1 || exprColumn < 1) {
      throw new IllegalArgumentException(
          "line and column are 1-based, got " + exprLine + ":" + exprColumn);
    }
    // Line n of the text is line n of the block (literal blocks keep line breaks), and every line
    // of a block starts at the block's indentation, which is where line 1 starts. For single-line
    // scalars only line 1 exists, and the same sum holds.
    return shift(rule.conditionPosition(), exprLine - 1, exprColumn - 1);
  }

  private static SourcePosition shift(SourcePosition start, int lines, int columns) {
    return new SourcePosition(start.file(), start.line() + lines, start.column() + columns);
  }
}
