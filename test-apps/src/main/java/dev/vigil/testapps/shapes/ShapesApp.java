package dev.vigil.testapps.shapes;

import dev.vigil.api.Vigil;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Runs every case of {@link Shapes} as the subject given in {@code args[0]} and prints one line per
 * case, {@code <case>: ALLOW <result>} or {@code <case>: DENY <rule>}, then the agent's counters.
 */
public final class ShapesApp {

  private ShapesApp() {}

  public static void main(String[] args) throws Exception {
    String subject = args[0];
    Vigil.callAs(subject, Map.of(), () -> {
      run("instance", () -> new Shapes.Plain().instance());
      run("static", Shapes.Plain::statik);
      run("forbidden", () -> new Shapes.Plain().forbidden());
      run("unguarded", () -> new Shapes.Plain().unguarded());
      run("constructor", () -> new Shapes.TypeLevel() != null ? "constructed" : "");
      run("typelevel", () -> new Shapes.TypeLevel().publicMethod());
      run("interface", () -> ((Shapes.Service) new Shapes.ServiceImpl()).serve());
      run("default", () -> new Shapes.ServiceImpl().byDefault());
      run("generic-direct", () -> new Shapes.DocApprover().approve(new StringBuilder("doc")));
      run("generic-bridge", () -> {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Shapes.Approver<Object> raw = (Shapes.Approver) new Shapes.DocApprover();
        return raw.approve(new StringBuilder("doc"));
      });
      run("inherited", () -> new Shapes.Derived().work());
      run("misconfigured", () -> new Shapes.Misconfigured().broken("x"));
      run("swallowed", () -> new Shapes.Swallower().callAndSwallow());
      Vigil.runAs("nobody-at-all", () -> run("nested", () -> new Shapes.Plain().instance()));
      run("after-nested", () -> new Shapes.Plain().instance());
      return null;
    });
    run("no-subject", () -> new Shapes.Plain().instance());
    Thread other = new Thread(() -> run("other-thread", () -> new Shapes.Plain().instance()));
    other.start();
    other.join();
    printAgentStatus();
  }

  static void run(String name, Callable<Object> call) {
    try {
      System.out.println(name + ": ALLOW " + call.call());
    } catch (SecurityException e) {
      System.out.println(name + ": DENY " + ruleOf(e));
    } catch (Exception e) {
      System.out.println(name + ": ERROR " + e);
    }
  }

  /** The rule named in a Vigil denial message ("...: rule X, policy revision ..."). */
  static String ruleOf(SecurityException e) {
    String m = String.valueOf(e.getMessage());
    int i = m.indexOf(": rule ");
    int j = m.indexOf(", policy revision");
    return i >= 0 && j > i ? m.substring(i + 7, j) : m;
  }

  static void printAgentStatus() {
    try {
      Class<?> status = Class.forName("dev.vigil.agent.bootstrap.AgentStatus");
      System.out.println("STATUS " + status.getMethod("summary").invoke(null));
    } catch (ReflectiveOperationException e) {
      System.out.println("STATUS no agent");
    }
  }
}
