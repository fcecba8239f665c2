package dev.vigil.agent.engine;

import dev.vigil.agent.bootstrap.AccessDeniedException;
import dev.vigil.agent.bootstrap.Enforcer;
import dev.vigil.agent.installer.AgentLog;
import dev.vigil.agent.instrumentation.GuardSites;
import dev.vigil.policy.decide.CompiledPolicy;
import dev.vigil.policy.decide.Decision;
import dev.vigil.policy.decide.DecisionInput;
import dev.vigil.policy.decide.PolicyCodec;
import dev.vigil.policy.decide.SubjectCodec;
import dev.vigil.policy.decide.SubjectRecord;
import dev.vigil.policy.decide.Verdict;
import dev.vigil.policy.model.PolicyException;
import dev.vigil.store.PublishedState;
import dev.vigil.store.StoreException;
import dev.vigil.store.StoreReader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides guarded calls against the shared-memory store. This is where every {@code @Guarded}
 * call's check happens ({@link #check}).
 *
 * <p>Hot path (a cache hit): one thread-local read, the enforcement state (volatile), the store's
 * epoch and the subject's stripe version (acquire reads of the mapping), compares, an array read.
 * It allocates nothing and takes no lock; a verdict whose rules read the request evaluates
 * compiled conditions, which allocate nothing either. Everything else (first call of a subject or
 * site, a changed stripe or epoch) is the slow path, which may allocate and, to recompile a new
 * policy, lock.
 */
public final class StoreEnforcer implements Enforcer {

  /** Above this many cached subjects the cache is emptied: memory stays bounded, correctness unaffected. */
  private static final int MAX_CACHED_SUBJECTS = 100_000;
  /** Returned by {@link #enterSubject} when the thread had no scope, so that exit clears it. */
  private static final Object NO_OUTER_SCOPE = new Object();

  private final GuardSites sites;
  private final AgentLog log;
  private final boolean reportOnly;
  private final boolean failOpen;
  private final Path storeDir;
  private final long staleAfterMillis;
  private final ThreadLocal<ThreadFrame> frames = new ThreadLocal<>();
  private final ReportLimiter reportLimiter = new ReportLimiter();
  private final ConcurrentHashMap<String, SubjectEntry> entries = new ConcurrentHashMap<>();
  /** Serializes state transitions (new policy, stale, back); never taken on the hot path. */
  private final Object transitions = new Object();
  private volatile EnforcementState state;
  /** The last reason logged for being unavailable, so a lasting outage is logged once. */
  private String loggedUnavailable;

  public StoreEnforcer(GuardSites sites, AgentLog log, Path storeDir, long staleAfterMillis,
      boolean reportOnly, boolean failOpen) {
    this.sites = sites;
    this.log = log;
    this.storeDir = storeDir;
    this.staleAfterMillis = staleAfterMillis;
    this.reportOnly = reportOnly;
    this.failOpen = failOpen;
    this.state = storeDir == null
        ? EnforcementState.unavailable(null,
            "no policy source configured (give the agent policy=<file> or store=<dir>)")
        : EnforcementState.unavailable(null, "store " + storeDir + " not opened yet");
  }

  @Override
  public Object check(int siteId, Object resource) {
    ThreadFrame frame = frames.get();
    if (frame != null) {
      SubjectEntry entry = frame.entry;
      EnforcementState current = state;
      if (entry != null && entry.state == current) {
        StoreReader reader = current.reader;
        if (entry.epoch == reader.epoch() && entry.stripeVersion == reader.stripeVersion(frame.stripe)) {
          Verdict[] verdicts = entry.verdicts;
          if (siteId < verdicts.length) {
            Verdict verdict = verdicts[siteId];
            if (verdict != null) {
              return outcome(verdict, entry, frame, siteId, resource);
            }
          }
        }
      }
    }
    return checkSlowly(frame, siteId, resource);
  }

  private Object outcome(Verdict verdict, SubjectEntry entry, ThreadFrame frame, int siteId, Object resource) {
    Decision d = verdict.fixed();
    if (d == null) {
      GuardSites.Site site = sites.get(siteId);
      frame.input
          .subject(entry.state.policy, entry.record, entry.effectiveRoles)
          .call(site.action(), frame.request, resource, DecisionInput.NOW_ON_DEMAND);
      d = verdict.decide(frame.input);
    }
    return d.allowed() ? null : deny(frame.subjectId, siteId, d.ruleId(), d.revision(), d.reason());
  }

  private Object checkSlowly(ThreadFrame frame, int siteId, Object resource) {
    GuardSites.Site site = sites.get(siteId);
    if (site == null) {
      return deny(frame == null ? "?" : frame.subjectId, siteId, "agent-error", "none", "unknown guarded site");
    }
    if (site.misconfiguration() != null) {
      return deny(frame == null ? "?" : frame.subjectId, siteId, "misconfigured-annotation", "none",
          site.misconfiguration());
    }
    if (frame == null) {
      return deny("(none)", siteId, "no-subject", "none",
          "no current subject: call it from a request Vigil knows, or inside Vigil.runAs/callAs");
    }
    EnforcementState current = currentState();
    if (!current.isLive()) {
      logUnavailable(current.unavailableReason);
      if (failOpen) {
        return null;
      }
      return deny(frame.subjectId, siteId, "store-unavailable", "none", current.unavailableReason
          + " (failMode=closed)");
    }
    SubjectEntry entry = entryFor(frame, current, siteId);
    if (entry == null) {
      SubjectEntry previous = frame.entry;
      if (previous != null && siteId < previous.verdicts.length && previous.verdicts[siteId] != null) {
        // The subject's slot stayed busy past the reader's spin limit: keep the decision we had.
        return outcome(previous.verdicts[siteId], previous, frame, siteId, resource);
      }
      return deny(frame.subjectId, siteId, "store-busy", current.revision,
          "the store was being rewritten and no earlier decision is cached");
    }
    Verdict verdict = entry.verdicts[siteId];
    if (verdict == null) {
      verdict = current.policy.verdict(entry.record, entry.effectiveRoles, site.action(), entry.revision,
          frame.input);
      entry.verdicts[siteId] = verdict;
    }
    return outcome(verdict, entry, frame, siteId, resource);
  }

  /** A current entry for the frame's subject covering {@code siteId}, or null when the store stayed busy. */
  private SubjectEntry entryFor(ThreadFrame frame, EnforcementState current, int siteId) {
    StoreReader reader = current.reader;
    // The stripe version is read before the value: if the subject changes after this read, the
    // stored version is already behind and the next check will not trust this entry.
    long stripeVersion = reader.stripeVersion(frame.stripe);
    SubjectEntry cached = frame.entry != null ? frame.entry : entries.get(frame.subjectId);
    if (cached != null && cached.state == current && cached.stripeVersion == stripeVersion
        && cached.epoch == reader.epoch() && siteId < cached.verdicts.length) {
      frame.entry = cached;
      return cached;
    }
    int length = reader.read(frame.key, frame.readBuffer);
    if (length == StoreReader.BUSY) {
      return null;
    }
    int capacity = Math.max(sites.count(), siteId + 1);
    SubjectEntry entry;
    if (length == StoreReader.NOT_FOUND) {
      SubjectRecord unknown = new SubjectRecord(frame.subjectId, List.of(), List.of(), Map.of());
      entry = new SubjectEntry(current, stripeVersion, unknown, null, revisionNow(current), List.of(),
          new Verdict[capacity]);
    } else {
      byte[] raw = new byte[length];
      frame.readBuffer.getBytes(0, raw);
      if (cached != null && cached.state == current && Arrays.equals(cached.raw, raw)) {
        // Another subject of the same stripe changed, or a new site appeared: same inputs, same
        // verdicts, which keep citing the revision the subject was read at.
        entry = new SubjectEntry(current, stripeVersion, cached.record, raw, cached.revision,
            cached.effectiveRoles, Arrays.copyOf(cached.verdicts, Math.max(capacity, cached.verdicts.length)));
      } else {
        SubjectRecord record = SubjectCodec.decode(raw, 0, length, frame.subjectId);
        entry = new SubjectEntry(current, stripeVersion, record, raw, revisionNow(current),
            current.policy.effectiveRoles(record), new Verdict[capacity]);
      }
    }
    if (entries.size() >= MAX_CACHED_SUBJECTS) {
      entries.clear();
    }
    entries.put(frame.subjectId, entry);
    frame.entry = entry;
    return entry;
  }

  /**
   * The store's revision now. Subject-only publications change it without moving the epoch, so a
   * subject read after one must cite the newer revision, not the one its policy was loaded at.
   */
  private static String revisionNow(EnforcementState current) {
    String revision = current.reader.revision();
    return revision != null ? revision : current.revision;
  }

  private Object deny(String subject, int siteId, String rule, String revision, String reason) {
    GuardSites.Site site = sites.get(siteId);
    String action = site == null ? "guarded site #" + siteId : site.action();
    AccessDeniedException denial = new AccessDeniedException(subject, action, rule, revision, reason);
    if (reportOnly) {
      int[] suppressed = new int[1];
      if (reportLimiter.admit(System.currentTimeMillis(), suppressed)) {
        log.warn("mode=report, allowing what enforce mode would deny: " + denial.getMessage()
            + (suppressed[0] > 0 ? " (" + suppressed[0] + " more such lines left out in the last "
                + ReportLimiter.WINDOW_MILLIS / 1000 + " s)" : ""));
      }
      return null;
    }
    return denial;
  }

  @Override
  public Object enterSubject(String subjectId, Map<String, ?> attributes) {
    ThreadFrame outer = frames.get();
    if (subjectId == null) {
      frames.remove();
    } else {
      Map<String, ?> request = attributes == null || attributes.isEmpty()
          ? Map.of()
          : Collections.unmodifiableMap(new HashMap<>(attributes));
      ThreadFrame frame = new ThreadFrame(subjectId, request, outer);
      frame.entry = entries.get(subjectId);
      frames.set(frame);
    }
    return outer == null ? NO_OUTER_SCOPE : outer;
  }

  @Override
  public void exitSubject(Object token) {
    if (token instanceof ThreadFrame outer) {
      frames.set(outer);
    } else {
      frames.remove();
    }
  }

  /** The state to decide in, moving to the store's new policy first if its epoch changed. */
  private EnforcementState currentState() {
    EnforcementState current = state;
    if (current.isLive() && current.reader.epoch() != current.epoch) {
      synchronized (transitions) {
        current = state;
        if (current.isLive() && current.reader.epoch() != current.epoch) {
          current = load(current.reader);
          state = current;
        }
      }
    }
    return current;
  }

  /**
   * Brings the state in line with the store: opens it if it was absent, marks it stale when the
   * loader's heartbeat stopped, loads a new policy when the epoch moved. Called at start-up and
   * then periodically by {@link StoreMonitor}, off the request path.
   */
  void poll() {
    synchronized (transitions) {
      EnforcementState current = state;
      if (storeDir == null) {
        return; // Nothing to watch; the first guarded call logs why it was denied.
      }
      StoreReader reader = current.reader;
      if (reader == null) {
        try {
          reader = StoreReader.open(storeDir);
        } catch (StoreException e) {
          state = EnforcementState.unavailable(null, e.getMessage());
          logUnavailable(e.getMessage());
          return;
        }
      }
      long lastBeat = reader.heartbeatMillis();
      if (System.currentTimeMillis() - lastBeat > staleAfterMillis) {
        // Worded without the growing age, so a lasting outage is one reason, logged once.
        String reason = "store " + storeDir + " is stale: no heartbeat from its loader since "
            + java.time.Instant.ofEpochMilli(lastBeat) + " (staleAfter=" + staleAfterMillis
            + " ms); is vigil-loader running?";
        if (!reason.equals(current.unavailableReason)) {
          state = EnforcementState.unavailable(reader, reason);
        }
        logUnavailable(reason);
        return;
      }
      if (!current.isLive() || reader.epoch() != current.epoch) {
        state = load(reader);
        if (state.isLive()) {
          if (loggedUnavailable != null) {
            log.warn("store " + storeDir + " is usable again, enforcing revision " + state.revision);
          } else {
            log.info("enforcing revision " + state.revision + " from " + storeDir);
          }
          loggedUnavailable = null;
        } else {
          logUnavailable(state.unavailableReason);
        }
      }
    }
  }

  private EnforcementState load(StoreReader reader) {
    try {
      PublishedState published = reader.state();
      if (published.policy().length == 0) {
        return EnforcementState.unavailable(reader, "store " + storeDir + " holds no policy yet: its loader"
            + " has not published a valid one (its log says why)");
      }
      CompiledPolicy policy = CompiledPolicy.compile(PolicyCodec.decode(published.policy()));
      return EnforcementState.live(reader, policy, published.epoch(), published.revision());
    } catch (StoreException | PolicyException | RuntimeException e) {
      return EnforcementState.unavailable(reader, "the policy in store " + storeDir + " cannot be used: " + e.getMessage());
    }
  }

  /**
   * Logs why guarded calls cannot be decided, once per distinct reason, with what that means. A
   * request thread may still hold a state the monitor has since replaced: a reason that is no
   * longer the current one is not logged, so "usable again" is never followed by a stale outage.
   */
  private void logUnavailable(String reason) {
    synchronized (transitions) {
      if (!reason.equals(loggedUnavailable) && reason.equals(state.unavailableReason)) {
        loggedUnavailable = reason;
        log.warn(reason + (failOpen
            ? "; failMode=open, allowing guarded calls"
            : "; guarded calls are denied (failMode=closed)"));
      }
    }
  }

  /** For status lines and tests. */
  public String describe() {
    EnforcementState s = state;
    return s.isLive() ? "enforcing revision " + s.revision + " (epoch " + s.epoch + ")" : s.unavailableReason;
  }
}
