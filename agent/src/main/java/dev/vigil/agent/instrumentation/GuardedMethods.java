package dev.vigil.agent.instrumentation;

import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.annotation.AnnotationList;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Decides which methods carry {@code @Guarded} and with which action, the way a reader of the code
 * would expect, most specific first:
 *
 * <ol>
 *   <li>the method's own annotation;
 *   <li>the declaring type's annotation, for its public methods;
 *   <li>an annotation on a method it overrides or implements, in any superclass or interface
 *       (generic supertypes are compared with their type arguments resolved, so {@code approve(Invoice)}
 *       implements an annotated {@code approve(T)});
 *   <li>a supertype's type-level annotation, for public methods that implement that supertype's methods.
 * </ol>
 *
 * <p>Constructors, class initializers, abstract and native methods are never woven. Bridge methods
 * are not woven either: a bridge only forwards to the method above, which is, so a call through the
 * bridge is checked exactly once.
 */
public final class GuardedMethods {

  /** The annotation's binary name; matched by name so the agent never loads application classes. */
  public static final String GUARDED = "dev.vigil.api.Guarded";

  private GuardedMethods() {}

  /** The {@code @Guarded} that applies to {@code method} of {@code type}, or null. */
  public static AnnotationDescription find(TypeDescription type, MethodDescription method) {
    if (!method.isMethod() || method.isAbstract() || method.isNative() || method.isBridge()) {
      return null;
    }
    AnnotationDescription own = guarded(method.getDeclaredAnnotations());
    if (own != null) {
      return own;
    }
    if (method.isPublic()) {
      AnnotationDescription onType = guarded(type.getDeclaredAnnotations());
      if (onType != null) {
        return onType;
      }
    }
    if (method.isPrivate() || method.isStatic()) {
      return null;
    }
    MethodDescription.SignatureToken signature = method.asSignatureToken();
    return inherited(type, signature, method.isPublic(), 0);
  }

  private static AnnotationDescription inherited(
      TypeDefinition type, MethodDescription.SignatureToken signature, boolean isPublic, int depth) {
    if (depth > 64) {
      return null;
    }
    TypeDescription.Generic superClass = type.getSuperClass();
    if (superClass != null) {
      AnnotationDescription found = declaredIn(superClass, signature, isPublic, depth);
      if (found != null) {
        return found;
      }
    }
    for (TypeDescription.Generic iface : type.getInterfaces()) {
      AnnotationDescription found = declaredIn(iface, signature, isPublic, depth);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static AnnotationDescription declaredIn(
      TypeDescription.Generic superType, MethodDescription.SignatureToken signature, boolean isPublic, int depth) {
    String name = superType.asErasure().getName();
    if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")) {
      return null; // The JDK carries no @Guarded; not resolving it keeps matching cheap.
    }
    for (MethodDescription candidate : superType.getDeclaredMethods()) {
      if (candidate.isPrivate() || candidate.isStatic() || !candidate.isMethod()
          || !candidate.asSignatureToken().equals(signature)) {
        continue;
      }
      AnnotationDescription onMethod = guarded(candidate.getDeclaredAnnotations());
      if (onMethod != null) {
        return onMethod;
      }
      if (isPublic) {
        AnnotationDescription onType = guarded(superType.asErasure().getDeclaredAnnotations());
        if (onType != null) {
          return onType;
        }
      }
    }
    return inherited(superType, signature, isPublic, depth + 1);
  }

  private static AnnotationDescription guarded(AnnotationList annotations) {
    for (AnnotationDescription a : annotations) {
      if (a.getAnnotationType().getName().equals(GUARDED)) {
        return a;
      }
    }
    return null;
  }

  /** Matches types that declare at least one method {@link #find} guards. */
  public static ElementMatcher<TypeDescription> declaresGuardedMethod() {
    return type -> {
      for (MethodDescription m : type.getDeclaredMethods()) {
        if (find(type, m) != null) {
          return true;
        }
      }
      return false;
    };
  }

  /** Matches the guarded methods of {@code type}. */
  public static ElementMatcher<MethodDescription> guardedIn(TypeDescription type) {
    return m -> find(type, m) != null;
  }

  /** The annotation's action. */
  public static String action(AnnotationDescription guarded) {
    return guarded.getValue("value").resolve(String.class);
  }

  /** The annotation's resource argument index, -1 for none. */
  public static int resourceArg(AnnotationDescription guarded) {
    return guarded.getValue("resourceArg").resolve(Integer.class);
  }
}
