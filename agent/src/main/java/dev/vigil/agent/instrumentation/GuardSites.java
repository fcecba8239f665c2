package dev.vigil.agent.instrumentation;

import java.util.Arrays;

/**
 * Numbers every woven guarded method. Woven code passes its site number (a constant baked into the
 * bytecode) so the enforcer finds the action without hashing a string on each call. Sites are
 * registered while classes load and only read afterwards: copy-on-write keeps reads lock-free.
 */
public final class GuardSites {

  /** One woven method: its action, and a reason to deny every call if its annotation is unusable. */
  public record Site(int id, String action, String method, String misconfiguration) {}

  /** Published array of sites, indexed by id; replaced whole on each registration. */
  private volatile Site[] sites = new Site[0];

  public synchronized int register(String action, String method, String misconfiguration) {
    Site[] current = sites;
    int id = current.length;
    Site[] next = Arrays.copyOf(current, id + 1);
    next[id] = new Site(id, action, method, misconfiguration);
    sites = next;
    return id;
  }

  /** The site, or null for a number this agent never issued. */
  public Site get(int id) {
    Site[] current = sites;
    return id >= 0 && id < current.length ? current[id] : null;
  }

  public int count() {
    return sites.length;
  }
}
