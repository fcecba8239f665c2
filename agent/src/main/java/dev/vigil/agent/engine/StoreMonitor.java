package dev.vigil.agent.engine;

/**
 * A daemon thread that calls {@link StoreEnforcer#poll} every {@link #PERIOD_MILLIS}: notices a
 * store that appeared, went stale or came back, and compiles a new policy as soon as the loader
 * publishes one, so the request path rarely has to.
 */
public final class StoreMonitor {

  /** Bounds how late a stale store is noticed, beyond the staleness limit itself. */
  static final long PERIOD_MILLIS = 100;

  private StoreMonitor() {}

  public static void start(StoreEnforcer enforcer) {
    Thread t = new Thread(() -> {
      while (true) {
        try {
          Thread.sleep(PERIOD_MILLIS);
          enforcer.poll();
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          // Keep watching: a monitor that died would freeze the state as it is.
        }
      }
    }, "vigil-store-monitor");
    t.setDaemon(true);
    t.start();
  }

  /** Establishes the first state before the application runs. */
  public static void pollOnce(StoreEnforcer enforcer) {
    enforcer.poll();
  }
}
