package dev.vigil.testapps.loop;

import dev.vigil.api.Guarded;
import dev.vigil.api.Vigil;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Calls guarded actions as one subject in a tight loop and prints every change of answer with
 * {@code System.nanoTime()} (one clock for all processes of a Linux host), so a test can measure the
 * time from a policy change to the first changed decision in this JVM.
 *
 * <p>Usage: {@code GuardLoop <subject> <seconds> <action>...} with actions {@code read} and
 * {@code export}. Prints {@code <action> ALLOW <nanos>} or {@code <action> DENY <nanos> <message>}
 * on every change, and {@code READY} once every action has been decided once.
 */
public final class GuardLoop {

  private GuardLoop() {}

  /** The guarded methods the loop calls. */
  public static final class Actions {
    @Guarded("invoice:read")
    public void read() {}

    @Guarded("report:export")
    public void export() {}
  }

  public static void main(String[] args) throws Exception {
    String subject = args[0];
    long end = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000_000L;
    List<String> names = List.of(args).subList(2, args.length);
    Actions actions = new Actions();
    Map<String, Boolean> last = new HashMap<>();
    boolean ready = false;
    while (System.nanoTime() < end) {
      for (String name : names) {
        String denial = null;
        try {
          Vigil.runAs(subject, Map.of(), name.equals("export") ? actions::export : actions::read);
        } catch (SecurityException e) {
          denial = e.getMessage();
        }
        boolean allowed = denial == null;
        Boolean before = last.put(name, allowed);
        if (before == null || before != allowed) {
          long now = System.nanoTime();
          System.out.println(name + (allowed ? " ALLOW " + now : " DENY " + now + " " + denial));
          System.out.flush();
        }
      }
      if (!ready) {
        ready = true;
        System.out.println("READY");
        System.out.flush();
      }
      Thread.onSpinWait();
    }
  }
}
