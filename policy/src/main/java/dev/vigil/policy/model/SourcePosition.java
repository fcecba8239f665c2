package dev.vigil.policy.model;

/** Where something was written: a file, a 1-based line and a 1-based column. */
public record SourcePosition(String file, int line, int column) {

  /** For values that were not read from a file (built in code, or the store). */
  public static final SourcePosition UNKNOWN = new SourcePosition("<unknown>", 0, 0);

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
