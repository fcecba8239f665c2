package dev.vigil.policy.expr;

import dev.vigil.policy.expr.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for the CEL grammar subset, with CEL's precedence: {@code ?:} (right
 * associative), {@code ||}, {@code &&}, relations ({@code < <= > >= == != in}), {@code + -},
 * {@code * / %}, unary {@code ! -}, then member access, calls and indexing.
 *
 * <p>Hostile input must not overflow the stack: the source length is capped, recursion is counted
 * on the way down, and every node's depth is checked on the way up (binary chains are built in
 * loops, so only the second check catches {@code 1+1+1+...}).
 */
final class Parser {

  static final int MAX_LENGTH = 4096;
  static final int MAX_DEPTH = 64;

  private final String src;
  private final List<Token> tokens;
  private int index;
  private int nesting;

  private Parser(String src, List<Token> tokens) {
    this.src = src;
    this.tokens = tokens;
  }

  static Node parse(String source) throws ExpressionException {
    if (source.length() > MAX_LENGTH) {
      throw ExpressionException.at(source, MAX_LENGTH,
          "expression is longer than " + MAX_LENGTH + " characters");
    }
    Parser p = new Parser(source, Lexer.tokenize(source));
    Node root = p.expr();
    Token t = p.peek();
    if (t.kind() != Kind.EOF) {
      throw p.error(t, "unexpected " + describe(t) + " after the end of the expression");
    }
    return root;
  }

  private Token peek() {
    return tokens.get(index);
  }

  private Token peekAt(int ahead) {
    return tokens.get(Math.min(index + ahead, tokens.size() - 1));
  }

  private Token take() {
    Token t = tokens.get(index);
    if (t.kind() != Kind.EOF) {
      index++;
    }
    return t;
  }

  private boolean at(Kind kind) {
    return peek().kind() == kind;
  }

  private Token expect(Kind kind) throws ExpressionException {
    Token t = peek();
    if (t.kind() != kind) {
      throw error(t, "expected " + kind.display + " but found " + describe(t));
    }
    return take();
  }

  private ExpressionException error(Token t, String reason) {
    return ExpressionException.at(src, t.offset(), reason);
  }

  private static String describe(Token t) {
    return t.kind() == Kind.IDENT ? "'" + t.value() + "'" : t.kind().display;
  }

  private int depth(int pos, Node... children) throws ExpressionException {
    int max = 0;
    for (Node c : children) {
      max = Math.max(max, c.depth());
    }
    return checked(pos, max + 1);
  }

  private int depth(int pos, List<Node> children) throws ExpressionException {
    return depth(pos, children.toArray(new Node[0]));
  }

  private int checked(int pos, int depth) throws ExpressionException {
    if (depth > MAX_DEPTH) {
      throw ExpressionException.at(src, pos,
          "expression is nested too deeply (more than " + MAX_DEPTH + " levels)");
    }
    return depth;
  }

  private Node expr() throws ExpressionException {
    if (++nesting > MAX_DEPTH) {
      throw error(peek(), "expression is nested too deeply (more than " + MAX_DEPTH + " levels)");
    }
    try {
      Node cond = or();
      if (!at(Kind.QUESTION)) {
        return cond;
      }
      Token q = take();
      Node then = or();
      expect(Kind.COLON);
      Node otherwise = expr();
      int depth = depth(q.offset(), cond, then, otherwise);
      return new Node.Cond(q.offset(), depth, cond, then, otherwise);
    } finally {
      nesting--;
    }
  }

  private Node or() throws ExpressionException {
    Node first = and();
    if (!at(Kind.OR)) {
      return first;
    }
    int pos = peek().offset();
    List<Node> operands = new ArrayList<>();
    operands.add(first);
    while (at(Kind.OR)) {
      take();
      operands.add(and());
    }
    return new Node.Logic(pos, depth(pos, operands), false, List.copyOf(operands));
  }

  private Node and() throws ExpressionException {
    Node first = relation();
    if (!at(Kind.AND)) {
      return first;
    }
    int pos = peek().offset();
    List<Node> operands = new ArrayList<>();
    operands.add(first);
    while (at(Kind.AND)) {
      take();
      operands.add(relation());
    }
    return new Node.Logic(pos, depth(pos, operands), true, List.copyOf(operands));
  }

  private Node relation() throws ExpressionException {
    Node left = addition();
    while (true) {
      Kind k = peek().kind();
      if (k != Kind.LT && k != Kind.LE && k != Kind.GT && k != Kind.GE && k != Kind.EQ
          && k != Kind.NE && k != Kind.IN) {
        return left;
      }
      Token op = take();
      Node right = addition();
      left = new Node.Binary(op.offset(), depth(op.offset(), left, right), k, left, right);
    }
  }

  private Node addition() throws ExpressionException {
    Node left = multiplication();
    while (at(Kind.PLUS) || at(Kind.MINUS)) {
      Token op = take();
      Node right = multiplication();
      left = new Node.Binary(op.offset(), depth(op.offset(), left, right), op.kind(), left, right);
    }
    return left;
  }

  private Node multiplication() throws ExpressionException {
    Node left = unary();
    while (at(Kind.STAR) || at(Kind.SLASH) || at(Kind.PERCENT)) {
      Token op = take();
      Node right = unary();
      left = new Node.Binary(op.offset(), depth(op.offset(), left, right), op.kind(), left, right);
    }
    return left;
  }

  private Node unary() throws ExpressionException {
    if (!at(Kind.NOT) && !at(Kind.MINUS)) {
      return member();
    }
    Kind kind = peek().kind();
    List<Token> ops = new ArrayList<>();
    while (at(kind)) {
      ops.add(take());
    }
    Node operand;
    Kind next = peek().kind();
    Kind after = peekAt(1).kind();
    boolean plainNumber = (next == Kind.INT || next == Kind.DOUBLE)
        && after != Kind.DOT && after != Kind.LBRACKET;
    if (kind == Kind.MINUS && plainNumber) {
      // CEL folds a minus written right before a number into the literal, which is also the
      // only way to write Long.MIN_VALUE.
      Token minus = ops.remove(ops.size() - 1);
      Token lit = take();
      Object v = lit.value();
      Object negated = v == Token.INT_MIN_MAGNITUDE ? (Object) Long.MIN_VALUE
          : v instanceof Long l ? (Object) (-l) : (Object) (-(Double) v);
      operand = new Node.Lit(minus.offset(), 1, negated);
    } else {
      operand = member();
    }
    for (int i = ops.size() - 1; i >= 0; i--) {
      int pos = ops.get(i).offset();
      operand = new Node.Unary(pos, depth(pos, operand), kind, operand);
    }
    return operand;
  }

  private Node member() throws ExpressionException {
    Node node = primary();
    while (true) {
      if (at(Kind.DOT)) {
        take();
        Token name = peek();
        if (name.kind() != Kind.IDENT) {
          throw error(name,
              "expected a field or method name after '.' but found " + describe(name));
        }
        take();
        if (at(Kind.LPAREN)) {
          List<Node> args = arguments();
          List<Node> all = new ArrayList<>(args);
          all.add(node);
          node = new Node.Call(name.offset(), depth(name.offset(), all), node,
              (String) name.value(), args);
        } else {
          node = new Node.Select(name.offset(), depth(name.offset(), node), node,
              (String) name.value());
        }
      } else if (at(Kind.LBRACKET)) {
        Token open = take();
        Node key = expr();
        expect(Kind.RBRACKET);
        node = new Node.Index(open.offset(), depth(open.offset(), node, key), node, key);
      } else {
        return node;
      }
    }
  }

  private List<Node> arguments() throws ExpressionException {
    expect(Kind.LPAREN);
    List<Node> args = new ArrayList<>();
    if (!at(Kind.RPAREN)) {
      args.add(expr());
      while (at(Kind.COMMA)) {
        take();
        args.add(expr());
      }
    }
    expect(Kind.RPAREN);
    return List.copyOf(args);
  }

  private Node primary() throws ExpressionException {
    Token t = peek();
    switch (t.kind()) {
      case IDENT:
        take();
        if (at(Kind.LPAREN)) {
          List<Node> args = arguments();
          return new Node.Call(t.offset(), depth(t.offset(), args), null, (String) t.value(), args);
        }
        return new Node.Ident(t.offset(), 1, (String) t.value());
      case LPAREN: {
        take();
        Node inner = expr();
        expect(Kind.RPAREN);
        return inner;
      }
      case LBRACKET: {
        take();
        List<Node> elements = new ArrayList<>();
        while (!at(Kind.RBRACKET)) {
          elements.add(expr());
          if (!at(Kind.COMMA)) {
            break;
          }
          take();
        }
        expect(Kind.RBRACKET);
        return new Node.ListLit(t.offset(), depth(t.offset(), elements), List.copyOf(elements));
      }
      case LBRACE:
        throw error(t, "map literals are not supported");
      case DOT:
        throw error(t, "names starting with '.' are not supported");
      case INT:
        take();
        if (t.value() == Token.INT_MIN_MAGNITUDE) {
          throw error(t, "integer literal out of range");
        }
        return new Node.Lit(t.offset(), 1, t.value());
      case DOUBLE:
      case STRING:
        take();
        return new Node.Lit(t.offset(), 1, t.value());
      case TRUE:
        take();
        return new Node.Lit(t.offset(), 1, Boolean.TRUE);
      case FALSE:
        take();
        return new Node.Lit(t.offset(), 1, Boolean.FALSE);
      case NULL:
        take();
        return new Node.Lit(t.offset(), 1, null);
      case EOF:
        throw error(t, "unexpected end of expression");
      default:
        throw error(t, "unexpected " + describe(t));
    }
  }
}
