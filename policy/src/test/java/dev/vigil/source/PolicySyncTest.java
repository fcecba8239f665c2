package dev.vigil.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.policy.model.PolicyException;
import dev.vigil.store.ShmTempDir;
import dev.vigil.store.StoreReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A watched source publishes each good edit and rejects bad ones, keeping the last good revision. */
class PolicySyncTest {

  @TempDir(factory = ShmTempDir.class) Path shm;
  final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
  final PolicySync.Listener listener = new PolicySync.Listener() {
    @Override
    public void published(Publication publication) {
      events.add(publication);
    }

    @Override
    public void rejected(PolicyException problems) {
      events.add(problems);
    }

    @Override
    public void failed(Exception error) {
      events.add(error);
    }
  };

  @Test
  void editsArePublishedAndBadEditsRejected(@TempDir Path dir) throws Exception {
    Path store = shm.resolve("store");
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, StorePublisherTest.POLICY);
    try (PolicySync sync = PolicySync.start(file, store, listener, 100)) {
      assertThat(next()).isInstanceOf(Publication.class);
      StoreReader reader = StoreReader.open(store);
      String first = reader.state().revision();

      Files.writeString(file, StorePublisherTest.POLICY.replace("alice: {roles: [reader]}", "alice: {roles: []}"));
      Publication p = (Publication) next();
      assertThat(p.kind()).isEqualTo(Publication.Kind.SUBJECTS);
      assertThat(reader.state().revision()).isEqualTo(p.revision()).isNotEqualTo(first);

      Files.writeString(file, "roles: [not, a, map");
      PolicyException rejected = (PolicyException) next();
      assertThat(rejected.getMessage()).contains(file.getFileName().toString());
      assertThat(reader.state().revision()).isEqualTo(p.revision());
      long beat = reader.heartbeatMillis();
      Thread.sleep(400);
      assertThat(reader.heartbeatMillis()).as("a rejected edit does not stop the heartbeat").isGreaterThan(beat);
    }
  }

  @Test
  void aFileRewrittenInPlaceIsNotPublishedHalfWritten(@TempDir Path dir) throws Exception {
    Path store = shm.resolve("store");
    String head = StorePublisherTest.POLICY;
    String tail = """
        rules:
          - id: bob-may-not-read
            effect: deny
            actions: ["invoice:read"]
            when: subject.id == "bob"
        """;
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, head);
    try (PolicySync sync = PolicySync.start(file, store, listener, 100)) {
      assertThat(next()).isInstanceOf(Publication.class);
      // An in-place writer that pauses mid-file: the first part alone is valid YAML without the
      // deny rule, and must never be what the store enforces.
      try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
          java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
        ch.write(java.nio.ByteBuffer.wrap(head.replace("bob: {roles: []}", "bob: {roles: [reader]}")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        Thread.sleep(20);
        ch.write(java.nio.ByteBuffer.wrap(tail.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      }
      Publication p = (Publication) next();
      assertThat(dev.vigil.policy.decide.PolicyCodec.decode(StoreReader.open(store).state().policy()).rules())
          .extracting(r -> r.id()).containsExactly("bob-may-not-read");
      assertThat(events.poll(300, TimeUnit.MILLISECONDS)).as("one publication, of the whole file").isNull();
      assertThat(p.kind()).isEqualTo(Publication.Kind.ALL);
    }
  }

  @Test
  void directorySourcesMergeTheirFiles(@TempDir Path dir) throws Exception {
    Path store = shm.resolve("store");
    Files.writeString(dir.resolve("roles.yaml"), "roles:\n  reader: {permissions: [\"invoice:read\"]}\n");
    Files.writeString(dir.resolve("subjects.yaml"), "subjects:\n  alice: {roles: [reader]}\n");
    try (PolicySync sync = PolicySync.start(dir, store, listener, 100)) {
      Publication p = (Publication) next();
      assertThat(p.subjectsWritten()).isEqualTo(1);
      Files.writeString(dir.resolve("more.yaml"), "subjects:\n  bob: {roles: [reader]}\n");
      Publication more = (Publication) next();
      assertThat(more.kind()).isEqualTo(Publication.Kind.SUBJECTS);
      assertThat(more.subjectsWritten()).isEqualTo(1);
    }
  }

  private Object next() throws InterruptedException {
    Object e = events.poll(10, TimeUnit.SECONDS);
    assertThat(e).as("an event within 10 s; had " + List.copyOf(events)).isNotNull();
    return e;
  }
}
