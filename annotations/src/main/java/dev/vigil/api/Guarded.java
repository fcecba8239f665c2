package dev.vigil.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method (or every public method of a type) as an action that the current subject must be
 * allowed to perform. With the Vigil agent on the JVM, the check runs before the method body; a
 * denial throws a {@link SecurityException} subclass naming the subject, action, rule and policy
 * revision. Without the agent the annotation does nothing.
 *
 * <p>Annotations on interface methods and on supertypes' methods apply to their implementations.
 * Constructors are never guarded.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Guarded {

  /** The action, such as {@code invoice:approve}; matched against role permissions and rules. */
  String value();

  /**
   * Zero-based index of the parameter whose value is the resource acted on, visible to rule
   * conditions as {@code resource}; {@code -1} (the default) means the action has no resource.
   */
  int resourceArg() default -1;
}
