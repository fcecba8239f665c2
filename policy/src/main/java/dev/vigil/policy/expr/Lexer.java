package dev.vigil.policy.expr;

import dev.vigil.policy.expr.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a condition into {@link Token}s, decoding literals (CEL syntax: decimal and hex ints,
 * doubles, single, double and triple quoted strings with escapes, raw strings, {@code //}
 * comments). Rejects the CEL literals Vigil does not support (unsigned ints, bytes) by name.
 */
final class Lexer {

  private static final Set<String> RESERVED = Set.of(
      "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop",
      "package", "namespace", "return", "var", "void", "while");

  private final String src;
  private int pos;

  private Lexer(String src) {
    this.src = src;
  }

  static List<Token> tokenize(String source) throws ExpressionException {
    Lexer lexer = new Lexer(source);
    List<Token> tokens = new ArrayList<>();
    Token t;
    do {
      t = lexer.next();
      tokens.add(t);
    } while (t.kind() != Kind.EOF);
    return tokens;
  }

  private ExpressionException error(int offset, String reason) {
    return ExpressionException.at(src, offset, reason);
  }

  private char peek(int ahead) {
    int i = pos + ahead;
    return i < src.length() ? src.charAt(i) : '\0';
  }

  private Token next() throws ExpressionException {
    skipSpaceAndComments();
    int start = pos;
    if (pos >= src.length()) {
      return new Token(Kind.EOF, start, null);
    }
    char c = src.charAt(pos);
    if (isDigit(c) || (c == '.' && isDigit(peek(1)))) {
      return number();
    }
    if (c == '"' || c == '\'') {
      return string(start, false);
    }
    if (isIdentStart(c)) {
      if ((c == 'r' || c == 'R') && isQuote(peek(1))) {
        pos++;
        return string(start, true);
      }
      if ((c == 'b' || c == 'B') && (isQuote(peek(1))
          || ((peek(1) == 'r' || peek(1) == 'R') && isQuote(peek(2))))) {
        throw error(start, "bytes literals are not supported");
      }
      if ((c == 'r' || c == 'R') && (peek(1) == 'b' || peek(1) == 'B') && isQuote(peek(2))) {
        throw error(start, "bytes literals are not supported");
      }
      while (pos < src.length() && isIdentPart(src.charAt(pos))) {
        pos++;
      }
      String word = src.substring(start, pos);
      switch (word) {
        case "true": return new Token(Kind.TRUE, start, null);
        case "false": return new Token(Kind.FALSE, start, null);
        case "null": return new Token(Kind.NULL, start, null);
        case "in": return new Token(Kind.IN, start, null);
        default:
          if (RESERVED.contains(word)) {
            throw error(start, "'" + word + "' is a reserved word");
          }
          return new Token(Kind.IDENT, start, word);
      }
    }
    pos++;
    switch (c) {
      case '(': return new Token(Kind.LPAREN, start, null);
      case ')': return new Token(Kind.RPAREN, start, null);
      case '[': return new Token(Kind.LBRACKET, start, null);
      case ']': return new Token(Kind.RBRACKET, start, null);
      case '{': return new Token(Kind.LBRACE, start, null);
      case '}': return new Token(Kind.RBRACE, start, null);
      case '.': return new Token(Kind.DOT, start, null);
      case ',': return new Token(Kind.COMMA, start, null);
      case ':': return new Token(Kind.COLON, start, null);
      case '?': return new Token(Kind.QUESTION, start, null);
      case '+': return new Token(Kind.PLUS, start, null);
      case '-': return new Token(Kind.MINUS, start, null);
      case '*': return new Token(Kind.STAR, start, null);
      case '/': return new Token(Kind.SLASH, start, null);
      case '%': return new Token(Kind.PERCENT, start, null);
      case '!': return two('=', Kind.NE, Kind.NOT, start);
      case '<': return two('=', Kind.LE, Kind.LT, start);
      case '>': return two('=', Kind.GE, Kind.GT, start);
      case '=':
        if (peek(0) == '=') {
          pos++;
          return new Token(Kind.EQ, start, null);
        }
        throw error(start, "unexpected '=' (use '==' to compare)");
      case '&':
        if (peek(0) == '&') {
          pos++;
          return new Token(Kind.AND, start, null);
        }
        throw error(start, "unexpected '&' (use '&&')");
      case '|':
        if (peek(0) == '|') {
          pos++;
          return new Token(Kind.OR, start, null);
        }
        throw error(start, "unexpected '|' (use '||')");
      default:
        String character = new String(Character.toChars(src.codePointAt(start)));
        throw error(start, "unexpected character '" + character + "'");
    }
  }

  private Token two(char second, Kind ifTwo, Kind ifOne, int start) {
    if (peek(0) == second) {
      pos++;
      return new Token(ifTwo, start, null);
    }
    return new Token(ifOne, start, null);
  }

  private void skipSpaceAndComments() {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        pos++;
      } else if (c == '/' && peek(1) == '/') {
        while (pos < src.length() && src.charAt(pos) != '\n' && src.charAt(pos) != '\r') {
          pos++;
        }
      } else {
        return;
      }
    }
  }

  private Token number() throws ExpressionException {
    int start = pos;
    if (src.charAt(pos) == '0' && (peek(1) == 'x' || peek(1) == 'X')) {
      pos += 2;
      int digits = pos;
      while (pos < src.length() && Character.digit(src.charAt(pos), 16) >= 0) {
        pos++;
      }
      if (pos == digits) {
        throw error(start, "hex literal needs digits after 0x");
      }
      rejectUnsigned(start);
      String hex = src.substring(digits, pos);
      try {
        return new Token(Kind.INT, start, Long.parseLong(hex, 16));
      } catch (NumberFormatException e) {
        if (hex.replaceFirst("^0+", "").equalsIgnoreCase("8000000000000000")) {
          return new Token(Kind.INT, start, Token.INT_MIN_MAGNITUDE);
        }
        throw error(start, "integer literal out of range");
      }
    }
    boolean isDouble = false;
    while (pos < src.length() && isDigit(src.charAt(pos))) {
      pos++;
    }
    if (peek(0) == '.' && isDigit(peek(1))) {
      isDouble = true;
      pos++;
      while (pos < src.length() && isDigit(src.charAt(pos))) {
        pos++;
      }
    }
    if (peek(0) == 'e' || peek(0) == 'E') {
      int save = pos;
      pos++;
      if (peek(0) == '+' || peek(0) == '-') {
        pos++;
      }
      if (isDigit(peek(0))) {
        isDouble = true;
        while (pos < src.length() && isDigit(src.charAt(pos))) {
          pos++;
        }
      } else {
        pos = save;
      }
    }
    String text = src.substring(start, pos);
    if (isDouble) {
      return new Token(Kind.DOUBLE, start, Double.parseDouble(text));
    }
    rejectUnsigned(start);
    try {
      return new Token(Kind.INT, start, Long.parseLong(text));
    } catch (NumberFormatException e) {
      if (text.equals("9223372036854775808")) {
        return new Token(Kind.INT, start, Token.INT_MIN_MAGNITUDE);
      }
      throw error(start, "integer literal out of range");
    }
  }

  private void rejectUnsigned(int start) throws ExpressionException {
    if (peek(0) == 'u' || peek(0) == 'U') {
      throw error(start, "unsigned integers are not supported");
    }
  }

  private Token string(int start, boolean raw) throws ExpressionException {
    char quote = src.charAt(pos);
    boolean triple = peek(1) == quote && peek(2) == quote;
    pos += triple ? 3 : 1;
    StringBuilder out = new StringBuilder();
    while (true) {
      if (pos >= src.length()) {
        throw error(start, "unterminated string");
      }
      char c = src.charAt(pos);
      if (c == quote && (!triple || (peek(1) == quote && peek(2) == quote))) {
        pos += triple ? 3 : 1;
        return new Token(Kind.STRING, start, out.toString());
      }
      if (!triple && (c == '\n' || c == '\r')) {
        throw error(start, "unterminated string");
      }
      if (c == '\\' && !raw) {
        escape(out);
      } else {
        out.append(c);
        pos++;
      }
    }
  }

  private void escape(StringBuilder out) throws ExpressionException {
    int start = pos;
    pos++;
    if (pos >= src.length()) {
      throw error(start, "unterminated string");
    }
    char c = src.charAt(pos++);
    switch (c) {
      case 'a': out.append('\u0007'); return;
      case 'b': out.append('\b'); return;
      case 'f': out.append('\f'); return;
      case 'n': out.append('\n'); return;
      case 'r': out.append('\r'); return;
      case 't': out.append('\t'); return;
      case 'v': out.append('\u000b'); return;
      case '\\': case '?': case '"': case '\'': case '`': out.append(c); return;
      case 'x': case 'X': appendCodePoint(out, hex(start, 2), start); return;
      case 'u': appendCodePoint(out, hex(start, 4), start); return;
      case 'U': appendCodePoint(out, hex(start, 8), start); return;
      default:
        if (c >= '0' && c <= '3' && isOctal(peek(0)) && isOctal(peek(1))) {
          int v = (c - '0') * 64 + (peek(0) - '0') * 8 + (peek(1) - '0');
          pos += 2;
          out.append((char) v);
          return;
        }
        throw error(start, "invalid escape sequence '\\" + c + "'");
    }
  }

  private int hex(int start, int digits) throws ExpressionException {
    int v = 0;
    for (int i = 0; i < digits; i++) {
      int d = pos < src.length() ? Character.digit(src.charAt(pos), 16) : -1;
      if (d < 0) {
        throw error(start, "invalid escape sequence: expected " + digits + " hex digits");
      }
      v = v * 16 + d;
      pos++;
    }
    return v;
  }

  private void appendCodePoint(StringBuilder out, int cp, int start) throws ExpressionException {
    if (cp < 0 || cp > Character.MAX_CODE_POINT
        || (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)) {
      throw error(start, "invalid code point in escape sequence");
    }
    out.appendCodePoint(cp);
  }

  private static boolean isQuote(char c) {
    return c == '"' || c == '\'';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isOctal(char c) {
    return c >= '0' && c <= '7';
  }

  private static boolean isIdentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isIdentPart(char c) {
    return isIdentStart(c) || isDigit(c);
  }
}
