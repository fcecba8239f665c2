package dev.vigil.policy.expr;

/**
 * A condition that does not compile: a syntax error, an unknown identifier, flag, function or
 * method, operands of the wrong static type, a bad literal, or an expression over the size limits.
 * The position is that of the offending token within the expression source.
 */
public final class ExpressionException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;
  private final String reason;

  public ExpressionException(int line, int column, String reason) {
    super(line + ":" + column + ": " + reason);
    this.line = line;
    this.column = column;
    this.reason = reason;
  }

  /** Builds the exception for a character offset into {@code source}. */
  static ExpressionException at(String source, int offset, String reason) {
    int line = 1;
    int lineStart = 0;
    int end = Math.min(offset, source.length());
    for (int i = 0; i < end; i++) {
      char c = source.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 >= source.length() || source.charAt(i + 1) != '\n'))) {
        line++;
        lineStart = i + 1;
      }
    }
    return new ExpressionException(line, offset - lineStart + 1, reason);
  }

  /** 1-based line within the expression source. */
  public int line() {
    return line;
  }

  /** 1-based column (in UTF-16 characters) within that line. */
  public int column() {
    return column;
  }

  /** What is wrong, without the position. */
  public String reason() {
    return reason;
  }
}
