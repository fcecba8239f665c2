package dev.vigil.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.policy.decide.PolicyCodec;
import dev.vigil.policy.model.PolicyDocument;
import dev.vigil.policy.model.PolicyException;
import dev.vigil.policy.parse.PolicyParser;
import dev.vigil.store.ShmTempDir;
import dev.vigil.store.StoreReader;
import dev.vigil.store.StoreWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publications write only what changed, and a rejected policy writes nothing. */
class StorePublisherTest {

  static final String POLICY = """
      roles:
        reader: {permissions: ["invoice:read"]}
      subjects:
        alice: {roles: [reader]}
        bob: {roles: []}
      """;

  @TempDir(factory = ShmTempDir.class) Path dir;

  static PolicyDocument doc(String text) throws PolicyException {
    return new PolicyParser().parse("p.yaml", text);
  }

  @Test
  void firstPublicationIsFullThenOnlyChangedSubjectsAreRewritten() throws Exception {
    try (StoreWriter writer = StoreWriter.open(dir)) {
      StorePublisher publisher = new StorePublisher(writer);
      Publication first = publisher.publish(doc(POLICY));
      assertThat(first.kind()).isEqualTo(Publication.Kind.ALL);
      assertThat(first.subjectsWritten()).isEqualTo(2);

      StoreReader r = StoreReader.open(dir);
      long epoch = r.epoch();
      int aliceStripe = StoreReader.stripeOf(bytes("alice"));
      int bobStripe = StoreReader.stripeOf(bytes("bob"));
      long aliceVersion = r.stripeVersion(aliceStripe);
      long bobVersion = r.stripeVersion(bobStripe);

      Publication revoke = publisher.publish(doc(POLICY.replace("alice: {roles: [reader]}", "alice: {roles: []}")));
      assertThat(revoke.kind()).isEqualTo(Publication.Kind.SUBJECTS);
      assertThat(revoke.subjectsWritten()).isEqualTo(1);
      assertThat(r.epoch()).as("a subject change keeps every other cache valid").isEqualTo(epoch);
      assertThat(r.stripeVersion(aliceStripe)).isNotEqualTo(aliceVersion);
      if (aliceStripe != bobStripe) {
        assertThat(r.stripeVersion(bobStripe)).isEqualTo(bobVersion);
      }
      assertThat(r.state().revision()).isEqualTo(revoke.revision()).isNotEqualTo(first.revision());

      Publication same = publisher.publish(doc(POLICY.replace("alice: {roles: [reader]}", "alice: {roles: []}")));
      assertThat(same.kind()).isEqualTo(Publication.Kind.NONE);

      Publication removal = publisher.publish(doc(POLICY.replace("  bob: {roles: []}\n", "")));
      assertThat(removal.subjectsRemoved()).isEqualTo(1);
      assertThat(r.read(bytes("bob"), new ExpandableArrayBuffer())).isEqualTo(StoreReader.NOT_FOUND);

      Publication policyChange = publisher.publish(doc(POLICY.replace("invoice:read", "invoice:*")));
      assertThat(policyChange.kind()).isEqualTo(Publication.Kind.ALL);
      assertThat(r.epoch()).isGreaterThan(epoch);
      assertThat(PolicyCodec.decode(r.state().policy()).roles().get("reader").permissions())
          .containsExactly("invoice:*");
    }
  }

  @Test
  void rejectedPolicyPublishesNothing() throws Exception {
    try (StoreWriter writer = StoreWriter.open(dir)) {
      StorePublisher publisher = new StorePublisher(writer);
      String good = publisher.publish(doc(POLICY)).revision();
      PolicyDocument badCondition = doc(POLICY + """
          rules:
            - id: broken
              effect: deny
              actions: ["invoice:read"]
              when: subject.roles > 3
          """);
      assertThatThrownBy(() -> publisher.publish(badCondition))
          .isInstanceOf(PolicyException.class)
          .hasMessageContaining("p.yaml:10:25: condition of rule 'broken'")
          .hasMessageContaining("broken");
      StoreReader r = StoreReader.open(dir);
      assertThat(r.state().revision()).isEqualTo(good);
      assertThat(PolicyCodec.decode(r.state().policy()).rules()).isEmpty();
    }
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
