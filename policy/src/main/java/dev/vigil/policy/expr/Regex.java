package dev.vigil.policy.expr;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A precompiled {@code matches()} pattern. CEL specifies RE2 syntax and partial-match semantics;
 * Vigil runs patterns on {@link java.util.regex}, so it first checks that the pattern stays in the
 * part of the syntax both engines read the same way (rejecting backreferences, lookaround, atomic
 * groups, possessive quantifiers and Java-only flags) and translates the few spellings that differ
 * ({@code $} means end of text, {@code (?P<name>)} groups, POSIX classes, {@code \v}).
 *
 * <p>A backtracking engine can take exponential time on a hostile input, so each match has a
 * budget of character reads proportional to the input length; a match over budget (or one that
 * overflows the stack) throws {@link EvaluationException}, which callers treat as fail-closed.
 * Matching reuses a per-thread {@link Matcher}, so it allocates nothing once a thread has used the
 * pattern.
 */
final class Regex {

  private static final Map<String, String> POSIX = Map.ofEntries(
      Map.entry("alnum", "Alnum"), Map.entry("alpha", "Alpha"), Map.entry("ascii", "ASCII"),
      Map.entry("blank", "Blank"), Map.entry("cntrl", "Cntrl"), Map.entry("digit", "Digit"),
      Map.entry("graph", "Graph"), Map.entry("lower", "Lower"), Map.entry("print", "Print"),
      Map.entry("punct", "Punct"), Map.entry("space", "Space"), Map.entry("upper", "Upper"),
      Map.entry("word", "word"), Map.entry("xdigit", "XDigit"));

  private static final String SAFE_LETTER_ESCAPES = "afnrtdDsSwWbBAzpPx";

  private final String source;
  private final Pattern pattern;
  private final ThreadLocal<State> state;

  private Regex(String source, Pattern pattern) {
    this.source = source;
    this.pattern = pattern;
    this.state = ThreadLocal.withInitial(this::newState);
  }

  /** What one thread needs to match without allocating: a matcher over a reusable budgeted view. */
  private static final class State {
    final BudgetedText text = new BudgetedText();
    Matcher matcher;
  }

  private State newState() {
    State s = new State();
    s.matcher = pattern.matcher(s.text);
    return s;
  }

  static Regex compile(String re) {
    String translated = translate(re);
    try {
      // RE2 knows only \n as a line end and folds case by Unicode rules under (?i).
      return new Regex(re, Pattern.compile(translated, Pattern.UNIX_LINES | Pattern.UNICODE_CASE));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(e.getDescription());
    }
  }

  /** CEL {@code matches}: true if the pattern matches any part of {@code input}. */
  boolean find(String input) {
    State s = state.get();
    BudgetedText text = s.text;
    text.reset(input, 100_000L + 1_000L * input.length());
    Matcher m = s.matcher;
    m.reset(text);
    try {
      return m.find();
    } catch (BudgetedText.OverBudget e) {
      throw new EvaluationException("regular expression /" + source
          + "/ took too many steps on this input");
    } catch (StackOverflowError e) {
      throw new EvaluationException("regular expression /" + source
          + "/ recursed too deeply on this input");
    } finally {
      // Do not keep the input reachable from a thread-local after the call.
      text.reset("", 0);
    }
  }

  @Override
  public String toString() {
    return source;
  }

  /** The input seen through {@code charAt}, which counts reads and stops the match over budget. */
  private static final class BudgetedText implements CharSequence {

    /** Thrown when a match is over budget; preallocated since it can happen on every call. */
    static final class OverBudget extends RuntimeException {
      private static final long serialVersionUID = 1L;
      static final OverBudget INSTANCE = new OverBudget();

      private OverBudget() {
        super(null, null, false, false);
      }
    }

    private String text = "";
    private long remaining;

    void reset(String text, long budget) {
      this.text = text;
      this.remaining = budget;
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public char charAt(int index) {
      if (--remaining < 0) {
        throw OverBudget.INSTANCE;
      }
      return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.subSequence(start, end);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  // --- RE2 to java.util.regex ----------------------------------------------------------------

  static String translate(String re) {
    boolean multiline = usesMultilineFlag(re);
    StringBuilder out = new StringBuilder(re.length() + 8);
    int n = re.length();
    int i = 0;
    while (i < n) {
      char c = re.charAt(i);
      if (c == '\\') {
        i = escape(re, i, out);
      } else if (c == '[') {
        i = characterClass(re, i, out);
      } else if (c == '(') {
        i = group(re, i, out);
      } else if (c == '$') {
        // RE2's $ is end of text unless (?m); Java's would also match before a final newline.
        out.append(multiline ? "$" : "\\z");
        i++;
      } else if (c == '{') {
        i = repetition(re, i, out);
      } else if (c == '*' || c == '+' || c == '?') {
        out.append(c);
        i++;
        if (i < n && re.charAt(i) == '+') {
          throw new IllegalArgumentException("possessive quantifiers are not supported");
        }
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** Whether a flag group such as {@code (?m)} or {@code (?im:...)} turns on multi-line mode. */
  private static boolean usesMultilineFlag(String re) {
    boolean inClass = false;
    for (int i = 0; i < re.length(); i++) {
      char c = re.charAt(i);
      if (c == '\\') {
        i++;
      } else if (inClass) {
        inClass = c != ']';
      } else if (c == '[') {
        inClass = true;
        if (i + 1 < re.length() && re.charAt(i + 1) == '^') {
          i++;
        }
        if (i + 1 < re.length() && re.charAt(i + 1) == ']') {
          i++;
        }
      } else if (c == '(' && i + 1 < re.length() && re.charAt(i + 1) == '?') {
        for (int j = i + 2; j < re.length() && re.charAt(j) != ')' && re.charAt(j) != ':'; j++) {
          if (re.charAt(j) == 'm') {
            return true;
          }
          if (re.charAt(j) == '-') {
            break;
          }
        }
      }
    }
    return false;
  }

  private static int escape(String re, int i, StringBuilder out) {
    if (i + 1 >= re.length()) {
      throw new IllegalArgumentException("trailing backslash");
    }
    char d = re.charAt(i + 1);
    if (d >= '0' && d <= '9') {
      throw new IllegalArgumentException("backreferences and octal escapes are not supported");
    }
    if (d == 'Q') {
      int end = re.indexOf("\\E", i + 2);
      int stop = end < 0 ? re.length() : end + 2;
      out.append(re, i, stop);
      return stop;
    }
    if (d == 'v') {
      out.append("\\x0B");
      return i + 2;
    }
    if (Character.isLetter(d) && SAFE_LETTER_ESCAPES.indexOf(d) < 0) {
      throw new IllegalArgumentException("escape \\" + d + " is not supported");
    }
    out.append('\\').append(d);
    return i + 2;
  }

  private static int characterClass(String re, int i, StringBuilder out) {
    int n = re.length();
    out.append('[');
    i++;
    if (i < n && re.charAt(i) == '^') {
      out.append('^');
      i++;
    }
    if (i < n && re.charAt(i) == ']') {
      out.append("\\]");
      i++;
    }
    while (i < n) {
      char c = re.charAt(i);
      if (c == ']') {
        out.append(']');
        return i + 1;
      }
      if (c == '\\') {
        i = escape(re, i, out);
      } else if (c == '[' && i + 1 < n && re.charAt(i + 1) == ':') {
        int end = re.indexOf(":]", i + 2);
        if (end < 0) {
          throw new IllegalArgumentException("unterminated POSIX class");
        }
        String name = re.substring(i + 2, end);
        boolean negated = name.startsWith("^");
        String java = POSIX.get(negated ? name.substring(1) : name);
        if (java == null) {
          throw new IllegalArgumentException("unknown POSIX class [:" + name + ":]");
        }
        out.append(java.equals("word") ? (negated ? "\\W" : "\\w")
            : (negated ? "\\P{" : "\\p{") + java + "}");
        i = end + 2;
      } else if (c == '[' || c == '&') {
        // Literal in RE2; Java would read nested classes and && intersections.
        out.append('\\').append(c);
        i++;
      } else {
        out.append(c);
        i++;
      }
    }
    throw new IllegalArgumentException("missing closing ]");
  }

  private static int group(String re, int i, StringBuilder out) {
    int n = re.length();
    if (i + 1 >= n || re.charAt(i + 1) != '?') {
      out.append('(');
      return i + 1;
    }
    int j = i + 2;
    if (j >= n) {
      throw new IllegalArgumentException("missing closing )");
    }
    char c = re.charAt(j);
    if (c == ':') {
      out.append("(?:");
      return j + 1;
    }
    if (c == 'P' && j + 1 < n && re.charAt(j + 1) == '<') {
      out.append("(?<");
      return j + 2;
    }
    if (c == '<' && j + 1 < n && Character.isLetter(re.charAt(j + 1))) {
      out.append("(?<");
      return j + 1;
    }
    if (c == '=' || c == '!' || c == '<' || c == '>') {
      throw new IllegalArgumentException("lookaround and atomic groups are not supported");
    }
    out.append("(?");
    while (j < n && re.charAt(j) != ')' && re.charAt(j) != ':') {
      char f = re.charAt(j);
      if (f != 'i' && f != 'm' && f != 's' && f != '-') {
        throw new IllegalArgumentException("flag '" + f + "' is not supported (use i, m or s)");
      }
      out.append(f);
      j++;
    }
    return j;
  }

  private static int repetition(String re, int i, StringBuilder out) {
    int n = re.length();
    int j = i + 1;
    int min = -1;
    int max = -1;
    int start = j;
    while (j < n && Character.isDigit(re.charAt(j))) {
      j++;
    }
    boolean valid = j > start;
    if (valid) {
      min = parseCount(re.substring(start, j));
      max = min;
      if (j < n && re.charAt(j) == ',') {
        j++;
        int maxStart = j;
        while (j < n && Character.isDigit(re.charAt(j))) {
          j++;
        }
        max = j > maxStart ? parseCount(re.substring(maxStart, j)) : -1;
      }
      valid = j < n && re.charAt(j) == '}';
    }
    if (!valid) {
      // RE2 reads a brace that does not start a repetition literally; Java would reject it.
      out.append("\\{");
      return i + 1;
    }
    if (min > 1000 || max > 1000) {
      throw new IllegalArgumentException("repetition count above 1000");
    }
    out.append(re, i, j + 1);
    j++;
    if (j < n && re.charAt(j) == '+') {
      throw new IllegalArgumentException("possessive quantifiers are not supported");
    }
    return j;
  }

  private static int parseCount(String digits) {
    return digits.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(digits);
  }
}
