package dev.vigil.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.bootstrap.AccessDeniedException;
import dev.vigil.agent.installer.AgentLog;
import dev.vigil.agent.installer.AgentOptions;
import dev.vigil.agent.instrumentation.GuardSites;
import dev.vigil.policy.parse.PolicyParser;
import dev.vigil.source.StorePublisher;
import dev.vigil.store.ShmTempDir;
import dev.vigil.store.StoreLayout;
import dev.vigil.store.StoreWriter;
import java.io.RandomAccessFile;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The enforcer against a real store written in this JVM: cached decisions follow a revocation at
 * the next check, and a subject slot that stays busy keeps the decision already cached (or denies
 * when there is none), as DESIGN.md specifies for readers that run out of spins.
 */
class StoreEnforcerTest {

  static final String POLICY = """
      roles:
        reader: {permissions: ["invoice:read", "report:read"]}
      subjects:
        alice: {roles: [reader]}
        bob: {roles: [reader]}
      """;

  @TempDir(factory = ShmTempDir.class) Path store;
  final GuardSites sites = new GuardSites();
  final int read = sites.register("invoice:read", "T.read", null);
  final int report = sites.register("report:read", "T.report", null);
  StoreWriter writer;
  StorePublisher publisher;
  StoreEnforcer enforcer;

  @BeforeEach
  void start() throws Exception {
    writer = StoreWriter.open(store);
    publisher = new StorePublisher(writer);
    publisher.publish(new PolicyParser().parse("p.yaml", POLICY));
    writer.heartbeat(System.currentTimeMillis());
    AgentLog log = AgentLog.open(AgentOptions.parse("log=" + store.resolve("agent.log"), new Properties()));
    enforcer = new StoreEnforcer(sites, log, store, 60_000, false, false);
    enforcer.poll();
  }

  @AfterEach
  void stop() throws Exception {
    writer.close();
  }

  @Test
  void revocationReachesACachedDecisionAtTheNextCheck() throws Exception {
    Object scope = enforcer.enterSubject("alice", Map.of());
    assertThat(enforcer.check(read, null)).isNull();
    assertThat(enforcer.check(read, null)).as("cache hit").isNull();
    publisher.publish(new PolicyParser().parse("p.yaml", POLICY.replace("alice: {roles: [reader]}", "alice: {roles: []}")));
    Object denial = enforcer.check(read, null);
    assertThat(denial).isInstanceOf(AccessDeniedException.class);
    assertThat(((AccessDeniedException) denial).rule()).isEqualTo("default-deny");
    enforcer.exitSubject(scope);
  }

  @Test
  void busySlotKeepsTheCachedDecisionOrDeniesWithoutOne() throws Exception {
    Object scope = enforcer.enterSubject("alice", Map.of());
    assertThat(enforcer.check(read, null)).isNull();
    holdSlotBusy("alice");
    // The stripe moved (as after a completed write) and the slot is mid-write again: the reader
    // runs out of spins.
    bumpStripe("alice");
    assertThat(enforcer.check(read, null)).as("cached decision kept").isNull();
    Object denial = enforcer.check(report, null);
    assertThat(denial).as("nothing cached for this site").isInstanceOf(AccessDeniedException.class);
    assertThat(((AccessDeniedException) denial).rule()).isEqualTo("store-busy");
    enforcer.exitSubject(scope);
  }

  @Test
  void checksOutsideAnyScopeAreDenied() {
    Object denial = enforcer.check(read, null);
    assertThat(((AccessDeniedException) denial).rule()).isEqualTo("no-subject");
    assertThat(((AccessDeniedException) enforcer.check(999, null)).rule()).isEqualTo("agent-error");
  }

  @Test
  void nestedScopesRestoreTheOuterSubject() {
    Object outer = enforcer.enterSubject("alice", Map.of());
    Object inner = enforcer.enterSubject("mallory", Map.of());
    assertThat(enforcer.check(read, null)).isInstanceOf(AccessDeniedException.class);
    enforcer.exitSubject(inner);
    assertThat(enforcer.check(read, null)).isNull();
    enforcer.exitSubject(outer);
    assertThat(enforcer.check(read, null)).isInstanceOf(AccessDeniedException.class);
  }

  /** Makes the subject's slot sequence odd, as a writer does while rewriting it. */
  private void holdSlotBusy(String subject) throws Exception {
    int hash = StoreLayout.hash(subject.getBytes(StandardCharsets.UTF_8));
    Path file;
    try (Stream<Path> files = Files.list(store)) {
      file = files.filter(p -> p.getFileName().toString().startsWith(StoreLayout.SUBJECTS_PREFIX)
          && !p.toString().endsWith(StoreLayout.TMP_SUFFIX)).findFirst().orElseThrow();
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw");
        FileChannel ch = raf.getChannel()) {
      MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, ch.size());
      map.order(ByteOrder.nativeOrder());
      long capacity = map.getLong(StoreLayout.SUBJECTS_CAPACITY_OFFSET);
      long slots = map.getLong(StoreLayout.SUBJECTS_SLOTS_OFFSET_OFFSET);
      for (long i = 0; i < capacity; i++) {
        int slot = (int) (slots + i * StoreLayout.SLOT_SIZE);
        if (map.getInt(slot + StoreLayout.SLOT_STATE) == StoreLayout.STATE_LIVE
            && map.getInt(slot + StoreLayout.SLOT_HASH) == hash) {
          map.putLong(slot + StoreLayout.SLOT_SEQ, map.getLong(slot + StoreLayout.SLOT_SEQ) | 1);
          return;
        }
      }
    }
    throw new AssertionError("no live slot for " + subject);
  }

  private void bumpStripe(String subject) throws Exception {
    int stripe = StoreLayout.stripeOf(StoreLayout.hash(subject.getBytes(StandardCharsets.UTF_8)));
    try (RandomAccessFile raf = new RandomAccessFile(store.resolve(StoreLayout.CONTROL_FILE).toFile(), "rw");
        FileChannel ch = raf.getChannel()) {
      MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, ch.size());
      map.order(ByteOrder.nativeOrder());
      int at = StoreLayout.STRIPES_OFFSET + stripe * Long.BYTES;
      map.putLong(at, map.getLong(at) + 2);
    }
  }
}
