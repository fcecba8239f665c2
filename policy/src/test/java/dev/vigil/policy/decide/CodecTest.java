package dev.vigil.policy.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.policy.model.PolicyDocument;
import dev.vigil.policy.model.SourcePosition;
import dev.vigil.policy.model.SubjectDefinition;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The store's value and blob formats round-trip exactly and refuse what they did not write. */
class CodecTest {

  @Test
  void subjectRoundTripsWithNestedAttributes() {
    SubjectDefinition def = new SubjectDefinition("zoë", List.of("a", "b"), List.of("g"),
        Map.of("n", 42L, "d", 1.5, "t", true, "s", "x", "l", List.of(1L, "two"), "m", Map.of("k", false)),
        SourcePosition.UNKNOWN);
    byte[] bytes = SubjectCodec.encode(def);
    SubjectRecord r = SubjectCodec.decode(bytes, 0, bytes.length, "zoë");
    assertThat(r.id()).isEqualTo("zoë");
    assertThat(r.roles()).containsExactly("a", "b");
    assertThat(r.groups()).containsExactly("g");
    assertThat(r.attributes()).isEqualTo(def.attributes());
  }

  @Test
  void subjectRefusesAnotherSubjectsValueAndDamage() {
    byte[] bytes = SubjectCodec.encode(new SubjectDefinition("ann", List.of("r"), List.of(), Map.of(),
        SourcePosition.UNKNOWN));
    assertThatThrownBy(() -> SubjectCodec.decode(bytes, 0, bytes.length, "bob"))
        .hasMessageContaining("belongs to subject 'ann'");
    assertThatThrownBy(() -> SubjectCodec.decode(bytes, 0, bytes.length - 1, "ann"))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] future = Arrays.copyOf(bytes, bytes.length);
    future[0] = 9;
    assertThatThrownBy(() -> SubjectCodec.decode(future, 0, future.length, "ann"))
        .hasMessageContaining("format 9");
  }

  @Test
  void policyBlobRoundTripsEverythingButSubjects() throws Exception {
    PolicyDocument doc = DecisionSemanticsTest.parse(DecisionSemanticsTest.POLICY);
    PolicyDocument back = PolicyCodec.decode(PolicyCodec.encode(doc));
    assertThat(back.flags()).isEqualTo(doc.flags());
    assertThat(back.roles()).isEqualTo(doc.roles());
    assertThat(back.groups()).isEqualTo(doc.groups());
    assertThat(back.rules()).isEqualTo(doc.rules());
    assertThat(back.subjects()).isEmpty();
    assertThat(List.copyOf(back.roles().keySet())).isEqualTo(List.copyOf(doc.roles().keySet()));
  }
}
