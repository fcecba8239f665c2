package dev.vigil.agent.instrumentation;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
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
 *
 * <p>Every class the application loads is matched, so the supertypes of a type are walked once per
 * type ({@link Inherited}), not once per method.
 */
public final class GuardedMethods {

  /** The annotation's binary name; matched by name so the agent never loads application classes. */
  public static final String GUARDED = "dev.vigil.api.Guarded";

  /** Deeper hierarchies than this are not real code; the bound keeps a hostile class file finite. */
  private static final int MAX_DEPTH = 64;

  private GuardedMethods() {}

  /** The {@code @Guarded} that applies to {@code method} of {@code type}, or null. */
  public static AnnotationDescription find(TypeDescription type, MethodDescription method) {
    return find(type, method, new Inherited(type));
  }

  private static AnnotationDescription find(TypeDescription type, MethodDescription method, Inherited inherited) {
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
    return inherited.lookup(method.asSignatureToken(), method.isPublic());
  }

  /**
   * What a type's supertypes say about each method signature: the first annotated declaration met
   * (superclass chain before interfaces, nearest first), and the type-level annotation of the first
   * annotated supertype declaring it, which only public methods inherit.
   */
  private static final class Inherited {

    private final Map<MethodDescription.SignatureToken, AnnotationDescription> onMethods = new HashMap<>();
    private final Map<MethodDescription.SignatureToken, AnnotationDescription> onTypes = new HashMap<>();

    Inherited(TypeDefinition type) {
      collect(type, new HashSet<>(), 0);
    }

    private void collect(TypeDefinition type, Set<String> seen, int depth) {
      if (depth > MAX_DEPTH) {
        return;
      }
      TypeDescription.Generic superClass = type.getSuperClass();
      if (superClass != null) {
        visit(superClass, seen, depth);
      }
      for (TypeDescription.Generic iface : type.getInterfaces()) {
        visit(iface, seen, depth);
      }
    }

    private void visit(TypeDescription.Generic superType, Set<String> seen, int depth) {
      String name = superType.asErasure().getName();
      if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.") || !seen.add(name)) {
        return; // The JDK carries no @Guarded; not resolving it keeps matching cheap.
      }
      AnnotationDescription onType = guarded(superType.asErasure().getDeclaredAnnotations());
      for (MethodDescription m : superType.getDeclaredMethods()) {
        if (m.isPrivate() || m.isStatic() || !m.isMethod()) {
          continue;
        }
        MethodDescription.SignatureToken signature = m.asSignatureToken();
        AnnotationDescription onMethod = guarded(m.getDeclaredAnnotations());
        if (onMethod != null) {
          onMethods.putIfAbsent(signature, onMethod);
        }
        if (onType != null) {
          onTypes.putIfAbsent(signature, onType);
        }
      }
      collect(superType, seen, depth + 1);
    }

    AnnotationDescription lookup(MethodDescription.SignatureToken signature, boolean isPublic) {
      AnnotationDescription onMethod = onMethods.get(signature);
      if (onMethod != null || !isPublic) {
        return onMethod;
      }
      return onTypes.get(signature);
    }

    boolean isEmpty() {
      return onMethods.isEmpty() && onTypes.isEmpty();
    }
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
      Inherited inherited = new Inherited(type);
      boolean onType = guarded(type.getDeclaredAnnotations()) != null;
      for (MethodDescription m : type.getDeclaredMethods()) {
        if ((onType || !inherited.isEmpty() || guarded(m.getDeclaredAnnotations()) != null)
            && find(type, m, inherited) != null) {
          return true;
        }
      }
      return false;
    };
  }

  /** Matches the guarded methods of {@code type}. */
  public static ElementMatcher<MethodDescription> guardedIn(TypeDescription type) {
    Inherited inherited = new Inherited(type);
    return m -> find(type, m, inherited) != null;
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
