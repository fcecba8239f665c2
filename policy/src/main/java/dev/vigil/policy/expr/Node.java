package dev.vigil.policy.expr;

import java.util.List;

/**
 * The syntax tree of a condition as written, before type checking. Every node keeps the source
 * offset of its representative token (an operator, a name, a literal) for error positions, and
 * its depth so the parser can bound how deep later recursive passes go.
 */
sealed interface Node {

  int pos();

  int depth();

  /** A literal: {@code Long}, {@code Double}, {@code String}, {@code Boolean}, or null. */
  record Lit(int pos, int depth, Object value) implements Node {}

  record Ident(int pos, int depth, String name) implements Node {}

  /** {@code operand.field}; {@code pos} is the field name's. */
  record Select(int pos, int depth, Node operand, String field) implements Node {}

  /** {@code operand[index]}; {@code pos} is the bracket's. */
  record Index(int pos, int depth, Node operand, Node index) implements Node {}

  /** {@code name(args)} or {@code target.name(args)}; {@code pos} is the name's. */
  record Call(int pos, int depth, Node target, String name, List<Node> args) implements Node {}

  /** {@code !operand} or {@code -operand}. */
  record Unary(int pos, int depth, Token.Kind op, Node operand) implements Node {}

  /** Arithmetic, comparison and {@code in}. */
  record Binary(int pos, int depth, Token.Kind op, Node left, Node right) implements Node {}

  /** A chain of {@code &&} or of {@code ||}, kept flat so long chains do not nest. */
  record Logic(int pos, int depth, boolean and, List<Node> operands) implements Node {}

  /** {@code cond ? then : otherwise}; {@code pos} is the question mark's. */
  record Cond(int pos, int depth, Node cond, Node then, Node otherwise) implements Node {}

  record ListLit(int pos, int depth, List<Node> elements) implements Node {}
}
