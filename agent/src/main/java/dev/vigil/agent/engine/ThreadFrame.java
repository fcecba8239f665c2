package dev.vigil.agent.engine;

import dev.vigil.policy.decide.DecisionInput;
import dev.vigil.store.StoreReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.agrona.ExpandableArrayBuffer;

/**
 * A thread's current subject scope. Scopes nest: the enforcer hands back the outer scope as the
 * token that restores it. Each keeps a direct reference to its subject's cache entry so a cache
 * hit needs no map lookup. The scratch objects are shared by all scopes of one thread and never
 * by two threads.
 */
final class ThreadFrame {

  final String subjectId;
  /** The subject id as the store's key. */
  final byte[] key;
  /** The subject's stripe in the store's control file. */
  final int stripe;
  /** The scope's request attributes, visible to conditions as {@code request.*}. */
  final Map<String, ?> request;
  /** Reusable bindings for conditions, one per thread. */
  final DecisionInput input;
  /** Reusable buffer for store reads, one per thread. */
  final ExpandableArrayBuffer readBuffer;
  /** This subject's cache entry as last seen by this thread; validated before every use. */
  SubjectEntry entry;

  ThreadFrame(String subjectId, Map<String, ?> request, ThreadFrame outer) {
    this.subjectId = subjectId;
    this.key = subjectId.getBytes(StandardCharsets.UTF_8);
    this.stripe = StoreReader.stripeOf(key);
    this.request = request;
    this.input = outer == null ? new DecisionInput() : outer.input;
    this.readBuffer = outer == null ? new ExpandableArrayBuffer(256) : outer.readBuffer;
  }
}
