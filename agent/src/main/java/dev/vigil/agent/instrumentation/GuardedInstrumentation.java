package dev.vigil.agent.instrumentation;

import dev.vigil.agent.bootstrap.AgentStatus;
import dev.vigil.agent.bootstrap.Guard;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.implementation.bytecode.constant.NullConstant;

/**
 * Weaves the check into every method {@link GuardedMethods} finds guarded: instance and static
 * methods, interface default methods, implementations of annotated interface and superclass
 * methods, and the public methods of annotated types.
 *
 * <p>The check runs in the enter advice and returns the denial instead of throwing it; a non-null
 * denial skips the body ({@code skipOn}) and the exit advice throws it. So a denial can never be
 * swallowed by an advice's exception suppression, and a failure inside the check itself is turned
 * into a denial by {@link Guard#check}, never into a run of the body.
 */
public final class GuardedInstrumentation {

  private final GuardSites sites;

  public GuardedInstrumentation(GuardSites sites) {
    this.sites = sites;
  }

  public AgentBuilder extend(AgentBuilder builder) {
    Advice advice =
        Advice.withCustomMapping()
            .bind(SiteId.class, this::siteId)
            .bind(GuardedResource.class, GuardedInstrumentation::resource)
            .to(GuardAdvice.class);
    return builder
        .type(GuardedMethods.declaresGuardedMethod())
        .transform((b, type, loader, module, domain) -> b.visit(advice.on(GuardedMethods.guardedIn(type))));
  }

  /** Registers the method as a site and bakes its number into the advice as a constant. */
  private Advice.OffsetMapping.Target siteId(
      TypeDescription type, MethodDescription method, Assigner assigner,
      Advice.ArgumentHandler handler, Advice.OffsetMapping.Sort sort) {
    AnnotationDescription guarded = GuardedMethods.find(type, method);
    String action = GuardedMethods.action(guarded);
    int resourceArg = GuardedMethods.resourceArg(guarded);
    String misconfiguration = null;
    if (action == null || action.isBlank()) {
      misconfiguration = "@Guarded on " + method + " names no action";
    } else if (resourceArg < -1 || resourceArg >= method.getParameters().size()) {
      misconfiguration = "@Guarded(resourceArg=" + resourceArg + ") on " + method + " names no parameter";
    }
    int id = sites.register(action, type.getName() + "." + method.getName(), misconfiguration);
    AgentStatus.recordGuardedMethod();
    return Advice.OffsetMapping.Target.ForStackManipulation.of(id);
  }

  /** Reads the resource parameter (boxed if primitive), or pushes null when there is none. */
  private static Advice.OffsetMapping.Target resource(
      TypeDescription type, MethodDescription method, Assigner assigner,
      Advice.ArgumentHandler handler, Advice.OffsetMapping.Sort sort) {
    int index = GuardedMethods.resourceArg(GuardedMethods.find(type, method));
    if (index < 0 || index >= method.getParameters().size()) {
      return new Advice.OffsetMapping.Target.ForStackManipulation(NullConstant.INSTANCE);
    }
    ParameterDescription parameter = method.getParameters().get(index);
    return new Advice.OffsetMapping.ForArgument.Resolved(
            TypeDescription.Generic.OBJECT, true, Assigner.Typing.DYNAMIC, parameter)
        .resolve(type, method, assigner, handler, sort);
  }

  /** The site number of the woven method. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface SiteId {}

  /** The value of the {@code resourceArg} parameter, or null. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface GuardedResource {}

  /** Inlined into every guarded method; calls the bootstrap bridge and nothing else. */
  static final class GuardAdvice {

    private GuardAdvice() {}

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    static Object enter(@SiteId int site, @GuardedResource Object resource) {
      return Guard.check(site, resource);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(
        @Advice.Enter Object denial,
        @Advice.Thrown(readOnly = false, typing = Assigner.Typing.DYNAMIC) Throwable thrown) {
      if (denial != null) {
        thrown = (Throwable) denial;
      }
    }
  }
}
