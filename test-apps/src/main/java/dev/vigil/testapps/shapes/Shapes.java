package dev.vigil.testapps.shapes;

import dev.vigil.api.Guarded;

/** Every shape of code @Guarded must cover (and a few it must leave alone), for the weaving tests. */
public final class Shapes {

  private Shapes() {}

  /** Method annotation on an instance method, and one on a static method. */
  public static class Plain {
    @Guarded("shape:instance")
    public String instance() {
      return "instance";
    }

    @Guarded("shape:static")
    public static String statik() {
      return "static";
    }

    @Guarded("shape:forbidden")
    public String forbidden() {
      return "forbidden";
    }

    /** Not annotated: never checked. */
    public String unguarded() {
      return "unguarded";
    }
  }

  /** Type-level annotation: public methods guarded, constructor and non-public methods not. */
  @Guarded("shape:typelevel")
  public static class TypeLevel {
    private final String name;

    public TypeLevel() {
      this.name = "constructed";
    }

    public String publicMethod() {
      return name + " " + helper();
    }

    String helper() {
      return "helper";
    }
  }

  /** Annotation on an interface method, applied to its implementation. */
  public interface Service {
    @Guarded("shape:interface")
    String serve();

    @Guarded("shape:default")
    default String byDefault() {
      return "default";
    }
  }

  public static class ServiceImpl implements Service {
    @Override
    public String serve() {
      return "served";
    }
  }

  /** A generic interface: the implementation gets a bridge method, which must not be checked twice. */
  public interface Approver<T> {
    @Guarded("shape:generic")
    String approve(T item);
  }

  public static class DocApprover implements Approver<StringBuilder> {
    @Override
    public String approve(StringBuilder item) {
      return "approved " + item;
    }
  }

  /** Annotation on a superclass method, applied to the override. */
  public static class Base {
    @Guarded("shape:inherited")
    public String work() {
      return "base";
    }
  }

  public static class Derived extends Base {
    @Override
    public String work() {
      return "derived";
    }
  }

  /** A resource argument that does not exist: every call must be denied, never allowed. */
  public static class Misconfigured {
    @Guarded(value = "shape:instance", resourceArg = 3)
    public String broken(String only) {
      return "broken " + only;
    }
  }

  /** A caller that swallows everything must still not get the body run. */
  public static class Swallower {
    public static int bodyRuns;

    @Guarded("shape:forbidden")
    public void guardedBody() {
      bodyRuns++;
    }

    public String callAndSwallow() {
      try {
        guardedBody();
      } catch (Throwable ignored) {
        // Deliberately swallowed.
      }
      return "bodyRuns=" + bodyRuns;
    }
  }
}
