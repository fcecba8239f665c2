package dev.vigil.policy.decide;

import dev.vigil.policy.model.Effect;
import dev.vigil.policy.model.FlagDefinition;
import dev.vigil.policy.model.GroupDefinition;
import dev.vigil.policy.model.PolicyDocument;
import dev.vigil.policy.model.RoleDefinition;
import dev.vigil.policy.model.RuleDefinition;
import dev.vigil.policy.model.SourcePosition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The store's policy blob: everything of a policy except its subjects (flags, roles, groups, rules
 * with their source positions), so every JVM compiles the same rules and can cite where they were
 * written. Subjects travel separately, one store slot each.
 */
public final class PolicyCodec {

  /** Format of the blob; bump on any change to the encoding below. */
  static final int FORMAT = 1;

  private PolicyCodec() {}

  public static byte[] encode(PolicyDocument policy) {
    BinaryWriter out = new BinaryWriter().varint(FORMAT).nullableString(policy.revision());
    out.varint(policy.flags().size());
    for (FlagDefinition f : policy.flags().values()) {
      out.string(f.name()).varint(f.enabled() ? 1 : 0);
      position(out, f.position());
    }
    out.varint(policy.roles().size());
    for (RoleDefinition r : policy.roles().values()) {
      out.string(r.name()).strings(r.permissions());
      position(out, r.position());
    }
    out.varint(policy.groups().size());
    for (GroupDefinition g : policy.groups().values()) {
      out.string(g.name()).strings(g.roles());
      position(out, g.position());
    }
    out.varint(policy.rules().size());
    for (RuleDefinition r : policy.rules()) {
      out.string(r.id()).varint(r.effect().ordinal()).strings(r.actions()).nullableString(r.condition());
      out.varint(r.conditionPosition() == null ? 0 : 1);
      if (r.conditionPosition() != null) {
        position(out, r.conditionPosition());
      }
      position(out, r.position());
    }
    return out.toByteArray();
  }

  /** The policy part of a document; its subjects map is empty. */
  public static PolicyDocument decode(byte[] blob) {
    BinaryReader in = new BinaryReader(blob, 0, blob.length);
    long format = in.varint();
    if (format != FORMAT) {
      throw new IllegalArgumentException(
          "policy blob format " + format + "; this Vigil reads format " + FORMAT);
    }
    String revision = in.nullableString();
    Map<String, FlagDefinition> flags = new LinkedHashMap<>();
    for (int i = in.length(); i > 0; i--) {
      String name = in.string();
      boolean enabled = in.varint() != 0;
      flags.put(name, new FlagDefinition(name, enabled, position(in)));
    }
    Map<String, RoleDefinition> roles = new LinkedHashMap<>();
    for (int i = in.length(); i > 0; i--) {
      String name = in.string();
      roles.put(name, new RoleDefinition(name, in.strings(), position(in)));
    }
    Map<String, GroupDefinition> groups = new LinkedHashMap<>();
    for (int i = in.length(); i > 0; i--) {
      String name = in.string();
      groups.put(name, new GroupDefinition(name, in.strings(), position(in)));
    }
    List<RuleDefinition> rules = new ArrayList<>();
    for (int i = in.length(); i > 0; i--) {
      String id = in.string();
      Effect effect = Effect.values()[(int) in.varint()];
      List<String> actions = in.strings();
      String condition = in.nullableString();
      SourcePosition conditionPosition = in.varint() == 0 ? null : position(in);
      rules.add(new RuleDefinition(id, effect, actions, condition, conditionPosition, position(in)));
    }
    if (!in.atEnd()) {
      throw new IllegalArgumentException("trailing bytes after the policy blob");
    }
    return new PolicyDocument(revision, flags, roles, groups, Map.of(), rules);
  }

  private static void position(BinaryWriter out, SourcePosition p) {
    out.string(p.file()).varint(p.line()).varint(p.column());
  }

  private static SourcePosition position(BinaryReader in) {
    return new SourcePosition(in.string(), (int) in.varint(), (int) in.varint());
  }
}
