package dev.vigil.policy.expr;

import java.lang.invoke.MethodHandles;
import java.util.Objects;
import java.util.Set;
import org.objectweb.asm.ClassTooLargeException;
import org.objectweb.asm.MethodTooLargeException;

/**
 * Compiles rule conditions, written in Vigil's CEL subset (see {@code docs/expressions.md}), into
 * bytecode: lexer, parser, static type checker, then one hidden class per condition. Compiling
 * happens once when a policy is published; the resulting {@link Condition} is never interpreted.
 *
 * <p>Hidden classes are not strongly tied to their loader, so a condition's class is unloaded once
 * the policy that held it is dropped. Instances are immutable and {@link #compile} is thread-safe.
 */
public final class ExpressionCompiler {

  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

  private final Set<String> flagNames;

  /**
   * @param flagNames the feature flags a policy declares; {@code flags.<name>} must name one of
   *     them, anything else is a compile error
   */
  public ExpressionCompiler(Set<String> flagNames) {
    this.flagNames = Set.copyOf(flagNames);
  }

  /**
   * Compiles one condition.
   *
   * @throws ExpressionException with the line and column of the offending token if the source is
   *     not a valid, well-typed bool expression, or exceeds the size limits (4096 characters, 64
   *     levels of nesting)
   */
  public CompiledCondition compile(String source) throws ExpressionException {
    Objects.requireNonNull(source, "source");
    Node ast = Parser.parse(source);
    TypeChecker.Result checked = TypeChecker.check(source, ast, flagNames);
    Condition condition;
    try {
      condition = CodeGenerator.generate(source, checked.root(), LOOKUP);
    } catch (MethodTooLargeException | ClassTooLargeException e) {
      throw new ExpressionException(1, 1, "expression is too large to compile");
    }
    return new CompiledCondition(condition, source, checked.readsRequest());
  }
}
