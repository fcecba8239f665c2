package dev.vigil.policy.expr;

/**
 * One lexical token of a condition: its kind, where it starts in the source, and its decoded value
 * for literals and identifiers.
 *
 * @param value for {@code INT} a {@code Long} (or {@link #INT_MIN_MAGNITUDE}), for {@code DOUBLE} a
 *     {@code Double}, for {@code STRING} the decoded {@code String}, for {@code IDENT} the name;
 *     otherwise null
 */
record Token(Kind kind, int offset, Object value) {

  /**
   * The value of the literal {@code 9223372036854775808}, which is only valid right after a unary
   * minus (it is the magnitude of {@code Long.MIN_VALUE}).
   */
  static final Object INT_MIN_MAGNITUDE = new Object();

  enum Kind {
    INT("integer"), DOUBLE("number"), STRING("string"), IDENT("identifier"),
    TRUE("'true'"), FALSE("'false'"), NULL("'null'"), IN("'in'"),
    LPAREN("'('"), RPAREN("')'"), LBRACKET("'['"), RBRACKET("']'"), LBRACE("'{'"), RBRACE("'}'"),
    DOT("'.'"), COMMA("','"), COLON("':'"), QUESTION("'?'"),
    NOT("'!'"), MINUS("'-'"), PLUS("'+'"), STAR("'*'"), SLASH("'/'"), PERCENT("'%'"),
    LT("'<'"), LE("'<='"), GT("'>'"), GE("'>='"), EQ("'=='"), NE("'!='"), AND("'&&'"), OR("'||'"),
    EOF("end of expression");

    final String display;

    Kind(String display) {
      this.display = display;
    }
  }

  String text() {
    return kind == Kind.IDENT ? (String) value : kind.display;
  }
}
