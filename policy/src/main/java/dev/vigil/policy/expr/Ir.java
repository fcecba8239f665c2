package dev.vigil.policy.expr;

import java.util.List;

/**
 * The type-checked form of a condition that {@link CodeGenerator} turns into bytecode. Every
 * operation has been resolved to either a primitive JVM instruction sequence or a named static
 * helper in {@link ConditionRuntime}, so code generation makes no typing decisions.
 */
sealed interface Ir {

  Type type();

  /** False only if evaluating this can never throw {@link EvaluationException}. */
  boolean mayFail();

  /** Where a {@link Read} gets its value from the bindings. */
  enum Source {
    SUBJECT_ID, SUBJECT_HAS_ID, SUBJECT_ROLES, SUBJECT_GROUPS, SUBJECT_ATTR, SUBJECT_HAS,
    REQUEST_ATTR, REQUEST_HAS, RESOURCE, ACTION, FLAG, NOW
  }

  /**
   * A constant. Primitive types hold a boxed {@code Long}/{@code Double}/{@code Boolean}/
   * {@code Integer}; strings are in the constant pool; anything else (lists, boxed values for
   * {@code dyn}, regexes, CIDRs, zones) is passed as class data.
   */
  record Const(Type type, Object value) implements Ir {
    @Override
    public boolean mayFail() {
      return false;
    }
  }

  /** A value read from the bindings; {@code name} is the attribute or flag name, if any. */
  record Read(Type type, Source source, String name) implements Ir {
    @Override
    public boolean mayFail() {
      return source == Source.SUBJECT_ID || source == Source.SUBJECT_ATTR
          || source == Source.REQUEST_ATTR || source == Source.ACTION;
    }
  }

  /** {@code subject[key]} or {@code request[key]} with a key computed at run time. */
  record ReadKey(Type type, Source source, Ir key) implements Ir {
    @Override
    public boolean mayFail() {
      return true;
    }
  }

  /** A call of the static helper {@code ConditionRuntime.<helper>} with these arguments. */
  record Call(Type type, String helper, List<Ir> args) implements Ir {
    @Override
    public boolean mayFail() {
      return true;
    }
  }

  /**
   * A comparison of two operands of the same primitive JVM kind (both long, both double or both
   * boolean), emitted inline. {@code op} is one of the {@code ConditionRuntime} operator codes.
   */
  record Compare(int op, Ir left, Ir right) implements Ir {
    @Override
    public Type type() {
      return Type.BOOL;
    }

    @Override
    public boolean mayFail() {
      return left.mayFail() || right.mayFail();
    }
  }

  record Not(Ir operand) implements Ir {
    @Override
    public Type type() {
      return Type.BOOL;
    }

    @Override
    public boolean mayFail() {
      return operand.mayFail();
    }
  }

  /** {@code &&} or {@code ||} over bool operands, with CEL's error absorption. */
  record Logic(boolean and, List<Ir> operands) implements Ir {
    @Override
    public Type type() {
      return Type.BOOL;
    }

    @Override
    public boolean mayFail() {
      return operands.stream().anyMatch(Ir::mayFail);
    }
  }

  record Cond(Type type, Ir cond, Ir then, Ir otherwise) implements Ir {
    @Override
    public boolean mayFail() {
      return cond.mayFail() || then.mayFail() || otherwise.mayFail();
    }
  }

  /** A list literal with non-constant elements, each already boxed to {@code Object}. */
  record ListOf(Type type, List<Ir> elements) implements Ir {
    @Override
    public boolean mayFail() {
      return elements.stream().anyMatch(Ir::mayFail);
    }
  }

  /** The same reference seen as a wider type (for example a string passed as {@code dyn}). */
  record Retype(Type type, Ir operand) implements Ir {
    @Override
    public boolean mayFail() {
      return operand.mayFail();
    }
  }
}
