package dev.vigil.testapps.invoices;

import dev.vigil.api.Vigil;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The README's demo: every {@code periodMillis} it tries each action as each subject and prints one
 * line per change of answer (allowed, or denied by which rule), so a policy edit shows up as the
 * lines that flip.
 *
 * <p>Usage: {@code InvoiceDemo <seconds> <periodMillis> <subject>...}
 */
public final class InvoiceDemo {

  private InvoiceDemo() {}

  public static void main(String[] args) throws Exception {
    long seconds = Long.parseLong(args[0]);
    long period = Long.parseLong(args[1]);
    List<String> subjects = List.of(args).subList(2, args.length);
    InvoiceService service = new InvoiceService();
    Map<String, String> last = new java.util.HashMap<>();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      for (String subject : subjects) {
        report(last, subject, "invoice:read", () -> service.read("INV-1"));
        report(last, subject, "invoice:approve 500", () -> service.approve("INV-1", 500));
        report(last, subject, "invoice:approve 50000", () -> service.approve("INV-2", 50_000));
        report(last, subject, "report:export", service::exportReport);
      }
      Thread.sleep(period);
    }
  }

  private static void report(Map<String, String> last, String subject, String what, Work work) {
    String answer;
    try {
      Vigil.callAs(subject, Map.of("ip", "10.1.2.3"), () -> {
        work.run();
        return null;
      });
      answer = "ALLOW";
    } catch (SecurityException e) {
      answer = "DENY  " + e.getMessage();
    } catch (Exception e) {
      answer = "ERROR " + e;
    }
    String key = subject + " " + what;
    // A new revision alone is not a new answer: compare without it, print with it.
    String decision = answer.replaceAll(", policy revision \\S+", "");
    if (!decision.equals(last.put(key, decision))) {
      System.out.printf("%s  %-6s %-22s %s%n", LocalTime.now().truncatedTo(ChronoUnit.MILLIS), subject, what, answer);
    }
  }

  @FunctionalInterface
  private interface Work {
    Object run() throws Exception;
  }
}
