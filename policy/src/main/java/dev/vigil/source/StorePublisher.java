package dev.vigil.source;

import dev.vigil.policy.decide.CompiledPolicy;
import dev.vigil.policy.decide.PolicyCodec;
import dev.vigil.policy.decide.SubjectCodec;
import dev.vigil.policy.model.PolicyDocument;
import dev.vigil.policy.model.PolicyException;
import dev.vigil.policy.model.SubjectDefinition;
import dev.vigil.store.StoreWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns successive versions of a policy into store publications, writing only what changed. A
 * policy is compiled (so validated) before anything is written: a rejected policy leaves the store
 * exactly as it was. Not thread-safe; one publisher owns one store writer.
 */
public final class StorePublisher {

  private final StoreWriter writer;
  private byte[] publishedPolicy;
  private Map<String, byte[]> publishedSubjects;
  private String publishedRevision;

  public StorePublisher(StoreWriter writer) {
    this.writer = writer;
  }

  /**
   * Publishes {@code document}: in full the first time and whenever the policy part (flags, roles,
   * groups, rules) changed; otherwise only the subjects that differ.
   *
   * @throws PolicyException when the document does not compile; nothing is published
   */
  public Publication publish(PolicyDocument document) throws PolicyException {
    byte[] policy = PolicyCodec.encode(document);
    if (publishedPolicy == null || !Arrays.equals(publishedPolicy, policy)) {
      // Validation: every condition must compile. When only subjects changed, the rules are the
      // ones already published and compiled, so a subject edit skips this cost.
      CompiledPolicy.compile(document);
    }
    Map<String, byte[]> subjects = new LinkedHashMap<>();
    for (SubjectDefinition s : document.subjects().values()) {
      subjects.put(s.id(), SubjectCodec.encode(s));
    }
    String revision = revision(document.revision(), policy, subjects);
    if (publishedPolicy == null || !Arrays.equals(publishedPolicy, policy)) {
      writer.publishAll(revision, policy, subjects);
      remember(policy, subjects, revision);
      return new Publication(Publication.Kind.ALL, revision, subjects.size(), 0);
    }
    Map<String, byte[]> upserts = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> e : subjects.entrySet()) {
      if (!Arrays.equals(publishedSubjects.get(e.getKey()), e.getValue())) {
        upserts.put(e.getKey(), e.getValue());
      }
    }
    Set<String> removals = new HashSet<>(publishedSubjects.keySet());
    removals.removeAll(subjects.keySet());
    if (upserts.isEmpty() && removals.isEmpty() && revision.equals(publishedRevision)) {
      return new Publication(Publication.Kind.NONE, revision, 0, 0);
    }
    writer.publishSubjects(revision, upserts, removals);
    remember(policy, subjects, revision);
    return new Publication(Publication.Kind.SUBJECTS, revision, upserts.size(), removals.size());
  }

  private void remember(byte[] policy, Map<String, byte[]> subjects, String revision) {
    publishedPolicy = policy;
    publishedSubjects = subjects;
    publishedRevision = revision;
  }

  /**
   * The author's revision (if any) joined to a digest of the content, so that two different
   * contents never share a revision even when the author forgot to change theirs.
   */
  static String revision(String authored, byte[] policy, Map<String, byte[]> subjects) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    sha.update(policy);
    for (Map.Entry<String, byte[]> e : subjects.entrySet()) {
      sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(e.getValue());
    }
    StringBuilder hex = new StringBuilder();
    byte[] digest = sha.digest();
    for (int i = 0; i < 6; i++) {
      hex.append(String.format("%02x", digest[i]));
    }
    return authored == null ? hex.toString() : authored + "/" + hex;
  }
}
