package dev.vigil.bench;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a benchmark class whose forks must run under the real agent, {@code -javaagent:vigil-agent.jar}.
 * JMH cannot compute a path in {@code @Fork(jvmArgsAppend)}, so {@link BenchMain} reads this
 * annotation and prepends the agent arguments to the fork's command line. Exactly one of the two
 * modes is chosen.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface UnderAgent {

  /**
   * Embedded mode: a policy file among this jar's resources (such as
   * {@code policies/bench-policy.yaml}); BenchMain copies it to a file and starts the fork with
   * {@code =policy=<that file>}.
   */
  String policy() default "";

  /**
   * Sidecar mode: the fork itself writes the store its agent reads. BenchMain starts the fork
   * with {@code =store=<dir>} and {@code -Dvigilbench.store=<dir>} (a fresh directory under
   * /dev/shm), so the benchmark knows where to write it.
   */
  boolean sidecar() default false;
}
