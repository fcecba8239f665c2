package dev.vigil.bench;

import dev.vigil.policy.decide.CompiledPolicy;
import dev.vigil.policy.decide.PolicyCodec;
import dev.vigil.policy.decide.SubjectCodec;
import dev.vigil.policy.model.PolicyDocument;
import dev.vigil.policy.model.PolicyException;
import dev.vigil.policy.model.SourcePosition;
import dev.vigil.policy.model.SubjectDefinition;
import dev.vigil.policy.parse.PolicyParser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark policy ({@code policies/bench-policy.yaml}) and generated subjects to fill a store
 * with. A generated subject looks like a real user: one role, one group and a few attributes,
 * about 100 bytes once encoded, which is the value size the store's sizing targets.
 */
public final class BenchPolicy {

  private static final List<String> ROLES = List.of("reader");
  private static final List<String> GROUPS = List.of("finance");
  private static final Map<String, Object> WINDOWS = Map.of("managed", Boolean.TRUE, "os", "windows");
  private static final Map<String, Object> LINUX = Map.of("managed", Boolean.TRUE, "os", "linux");

  private BenchPolicy() {}

  /** The policy file's text. */
  public static String text() {
    return BenchEnv.resource(BenchEnv.POLICY_RESOURCE);
  }

  public static PolicyDocument document() {
    try {
      return new PolicyParser().parse("bench-policy.yaml", text());
    } catch (PolicyException e) {
      throw new IllegalStateException("the benchmark policy does not parse:\n" + e.getMessage(), e);
    }
  }

  public static CompiledPolicy compiled(PolicyDocument document) {
    try {
      return CompiledPolicy.compile(document);
    } catch (PolicyException e) {
      throw new IllegalStateException("the benchmark policy does not compile:\n" + e.getMessage(), e);
    }
  }

  /** The store's policy blob for {@code document}. */
  public static byte[] blob(PolicyDocument document) {
    return PolicyCodec.encode(document);
  }

  /** Id of generated subject {@code i}: {@code user-0000042}; all ids have the same length. */
  public static String id(int i) {
    char[] id = {'u', 's', 'e', 'r', '-', '0', '0', '0', '0', '0', '0', '0'};
    for (int at = id.length - 1, rest = i; rest > 0 && at > 4; at--, rest /= 10) {
      id[at] = (char) ('0' + rest % 10);
    }
    return new String(id);
  }

  /** Generated subject {@code i}: role reader (so invoice:read is allowed), group finance. */
  public static SubjectDefinition subject(int i) {
    Map<String, Object> device = i % 3 == 0 ? WINDOWS : LINUX;
    Map<String, Object> attributes = Map.of("department", "finance", "cc", (long) (i % 10_000),
        "approval_limit", (long) (i % 50) * 1000L, "device", device);
    return new SubjectDefinition(id(i), ROLES, GROUPS, attributes, SourcePosition.UNKNOWN);
  }

  /**
   * Store values for the policy's own subjects followed by {@code generated} generated ones, in
   * id order.
   */
  public static Map<String, byte[]> values(PolicyDocument document, int generated) {
    Map<String, byte[]> values = new LinkedHashMap<>(2 * (generated + document.subjects().size()));
    for (SubjectDefinition s : document.subjects().values()) {
      values.put(s.id(), SubjectCodec.encode(s));
    }
    for (int i = 0; i < generated; i++) {
      values.put(id(i), SubjectCodec.encode(subject(i)));
    }
    return values;
  }
}
