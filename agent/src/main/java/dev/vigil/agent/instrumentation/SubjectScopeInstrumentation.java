package dev.vigil.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.vigil.agent.bootstrap.Guard;
import java.util.Map;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * Weaves {@code dev.vigil.api.Vigil.runAs(String, Map, Runnable)} and
 * {@code callAs(String, Map, Callable)}, the API for work with no servlet request: the subject and
 * attributes become the thread's current subject for the duration of the call, and the previous
 * one is restored on every exit. The two-argument {@code runAs} delegates to the three-argument
 * one and is not woven, so a scope is entered once per call.
 */
public final class SubjectScopeInstrumentation {

  static final String API_CLASS = "dev.vigil.api.Vigil";

  public AgentBuilder extend(AgentBuilder builder) {
    return builder
        .type(named(API_CLASS))
        .transform((b, type, loader, module, domain) -> b.visit(
            Advice.to(ScopeAdvice.class)
                .on(isStatic().and(named("runAs").or(named("callAs"))).and(takesArguments(3)))));
  }

  /** Inlined into the API methods; calls the bootstrap bridge and nothing else. */
  static final class ScopeAdvice {

    private ScopeAdvice() {}

    @Advice.OnMethodEnter
    static Object enter(@Advice.Argument(0) String subject, @Advice.Argument(1) Map<String, ?> attributes) {
      return Guard.enterSubject(subject, attributes);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.Enter Object token) {
      Guard.exitSubject(token);
    }
  }
}
