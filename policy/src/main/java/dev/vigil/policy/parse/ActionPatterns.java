package dev.vigil.policy.parse;

/**
 * The syntax of action patterns, shared by role permissions and rule actions: one or more segments
 * of {@code [A-Za-z0-9_.-]} separated by {@code :}, where the last segment may be {@code *} alone
 * ({@code invoice:*}); or {@code *} alone for every action.
 */
public final class ActionPatterns {

  private ActionPatterns() {}

  /**
   * Whether a well-formed {@code pattern} covers {@code action}: an exact match, or for a pattern
   * ending in {@code *} any action that starts with what comes before the star ({@code invoice:*}
   * covers {@code invoice:approve} and {@code invoice:line:edit}; {@code *} covers everything).
   */
  public static boolean matches(String pattern, String action) {
    if (pattern.endsWith("*")) {
      return action.startsWith(pattern.substring(0, pattern.length() - 1));
    }
    return pattern.equals(action);
  }

  /** Whether {@code pattern} is a well-formed action pattern. */
  public static boolean isValid(String pattern) {
    return whyInvalid(pattern) == null;
  }

  /**
   * Why {@code pattern} is not a well-formed action pattern, as a phrase that completes "the
   * pattern ...", or null when it is well formed. The reason names the first thing wrong so the
   * author knows what to change.
   */
  public static String whyInvalid(String pattern) {
    if (pattern.isEmpty()) {
      return "is empty";
    }
    if (pattern.equals("*")) {
      return null;
    }
    String[] segments = pattern.split(":", -1);
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      boolean last = i == segments.length - 1;
      if (segment.isEmpty()) {
        return "has an empty segment (check for a stray ':' at the start, the end or doubled)";
      }
      if (segment.equals("*")) {
        if (!last) {
          return "has '*' before the last segment; '*' may only end a pattern, as in invoice:*";
        }
        continue;
      }
      for (int j = 0; j < segment.length(); j++) {
        char c = segment.charAt(j);
        if (c == '*') {
          return "uses '*' inside a segment; '*' must be a whole last segment, as in invoice:*";
        }
        if (!isSegmentChar(c)) {
          return "contains " + describe(segment.codePointAt(j))
              + "; segments may use only letters, digits, '_', '.' and '-'";
        }
      }
    }
    return null;
  }

  private static boolean isSegmentChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '.'
        || c == '-';
  }

  private static String describe(int codePoint) {
    if (Character.isWhitespace(codePoint)) {
      return "whitespace";
    }
    if (Character.isISOControl(codePoint) || !Character.isDefined(codePoint)) {
      return String.format("the character U+%04X", codePoint);
    }
    return "'" + new String(Character.toChars(codePoint)) + "'";
  }
}
