package dev.vigil.policy.expr;

/**
 * The result of compiling one condition: the generated {@link Condition}, the source it came from,
 * and whether its value can change between calls for the same subject and action.
 */
public final class CompiledCondition {

  private final Condition condition;
  private final String source;
  private final boolean readsRequest;

  CompiledCondition(Condition condition, String source, boolean readsRequest) {
    this.condition = condition;
    this.source = source;
    this.readsRequest = readsRequest;
  }

  /** The generated condition; stateless and safe to call from any number of threads. */
  public Condition condition() {
    return condition;
  }

  /** The expression exactly as it was compiled. */
  public String source() {
    return source;
  }

  /**
   * True if the expression reads {@code request}, {@code resource} or {@code now} (so its value can
   * change per call); false if it reads only {@code subject}, {@code flags}, {@code action} and
   * constants (so its value can be cached per subject and action while flags do not change).
   */
  public boolean readsRequest() {
    return readsRequest;
  }

  @Override
  public String toString() {
    return source;
  }
}
