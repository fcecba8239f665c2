package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer JVM killed with kill -9 in the middle of a large publication: readers keep reading
 * the last good state, never a torn value; a new writer repairs what was half written and
 * publishes, and readers see the new state.
 */
class StoreWriterKillTest {

  private static final int SUBJECTS = 200_000;
  private static final long FRESH = 1_000_000;
  @TempDir(factory = ShmTempDir.class) Path dir;
  private byte[][] keys;

  @BeforeEach
  void createStore() throws Exception {
    keys = Values.keys(SUBJECTS);
    try (StoreWriter writer = StoreWriter.open(dir)) {
      writer.publishAll("initial", new byte[0], StoreChild.round(keys, 0, SUBJECTS, 0));
    }
  }

  @Test
  void killedDuringPublishAll() throws Exception {
    try (StoreReader reader = StoreReader.open(dir); BackgroundReader background =
        new BackgroundReader(reader, keys)) {
      long completed;
      try (ChildJvm writer = ChildJvm.start("publishAllLoop", dir, SUBJECTS)) {
        writer.await("ROUND 1", 120);
        // Kill while the next generation is being written (its file exists only until then).
        awaitCondition(this::hasTmpFile, "round 2 to start writing its generation");
        Thread.sleep(new Random().nextInt(30));
        writer.kill();
        completed = lastNumber(writer.transcript(), "ROUND ");
      }
      assertThat(hasTmpFile()).as("killed with a half-written generation").isTrue();
      Thread.sleep(200);

      // The last good state: one complete round, every subject at that round's counter.
      PublishedState state = reader.state();
      long round = Long.parseLong(state.revision().substring("all-".length()));
      assertThat(round).isBetween(completed, completed + 1);
      assertThat(state.policy()).containsExactly((byte) round);
      ReadChecker checker = new ReadChecker(reader, keys, 1);
      assertThat(checker.countAt(round)).as("subjects at round %d", round).isEqualTo(SUBJECTS);

      try (StoreWriter next = StoreWriter.open(dir)) {
        System.out.println("writer killed in publishAll after round " + completed
            + " with a half-written generation left"
            + "; next writer repaired " + next.repairedSlots() + " slots");
        assertThat(next.repairedSlots()).isZero();
        assertThat(hasTmpFile()).as("half-written generation removed").isFalse();
        assertThat(next.readAll()).hasSize(SUBJECTS);
        next.publishAll("after", new byte[] {1}, StoreChild.round(keys, 0, SUBJECTS, FRESH));
      }
      assertThat(reader.state().revision()).isEqualTo("after");
      assertThat(checker.countAt(FRESH)).isEqualTo(SUBJECTS);
      background.assertClean();
    }
  }

  @Test
  void killedDuringPublishSubjects() throws Exception {
    try (StoreReader reader = StoreReader.open(dir); BackgroundReader background =
        new BackgroundReader(reader, keys)) {
      long inFlight;
      try (ChildJvm writer = ChildJvm.start("publishSubjectsLoop", dir, SUBJECTS)) {
        writer.await("PUBLISHING 2", 120);
        // Round 2 fits in place; kill once a thousand subjects have moved their stripes.
        long before = stripeSum(reader);
        awaitCondition(() -> stripeSum(reader) >= before + 1000, "round 2 to write in place");
        Thread.sleep(new Random().nextInt(10));
        writer.kill();
        inFlight = lastNumber(writer.transcript(), "PUBLISHING ");
      }
      assertThat(inFlight).isEqualTo(2);
      Thread.sleep(200);

      // In place, each subject is either at the round in flight or at the one before.
      ReadChecker checker = new ReadChecker(reader, keys, 2);
      int atBefore = checker.countAt(inFlight - 1);
      int atInFlight = checker.countAt(inFlight);
      System.out.println("writer killed in publishSubjects of round " + inFlight + ": "
          + atInFlight + " subjects already new, " + atBefore + " still old");
      assertThat(atBefore + atInFlight).isEqualTo(SUBJECTS);
      assertThat(atInFlight).as("killed mid-publication").isBetween(1, SUBJECTS - 1);

      try (StoreWriter next = StoreWriter.open(dir)) {
        System.out.println("next writer repaired " + next.repairedSlots() + " slots");
        assertThat(next.repairedSlots()).isBetween(0, 1);
        assertThat(next.readAll()).hasSize(SUBJECTS);
        next.publishSubjects("after", StoreChild.round(keys, 0, SUBJECTS, FRESH), Set.of());
      }
      assertThat(reader.state().revision()).isEqualTo("after");
      assertThat(checker.countAt(FRESH)).isEqualTo(SUBJECTS);
      background.assertClean();
    }
  }

  private static long stripeSum(StoreReader reader) {
    long sum = 0;
    for (int stripe = 0; stripe < StoreLayout.STRIPES; stripe++) {
      sum += reader.stripeVersion(stripe);
    }
    return sum;
  }

  interface Condition {
    boolean holds() throws Exception;
  }

  private static void awaitCondition(Condition condition, String what) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.onSpinWait();
    }
  }

  private boolean hasTmpFile() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(f -> f.getFileName().toString().endsWith(StoreLayout.TMP_SUFFIX));
    }
  }

  private static long lastNumber(String transcript, String prefix) {
    Matcher m = Pattern.compile("(?m)^" + prefix + "(\\d+)$").matcher(transcript);
    long last = 0;
    while (m.find()) {
      last = Long.parseLong(m.group(1));
    }
    return last;
  }

  /** A thread checking random reads for the whole test. */
  private static final class BackgroundReader implements AutoCloseable {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicReference<String> summary = new AtomicReference<>();
    private final ReadChecker checker;
    private final Thread thread;

    BackgroundReader(StoreReader reader, byte[][] keys) {
      checker = new ReadChecker(reader, keys, 3);
      thread = new Thread(() -> {
        while (!stop.get()) {
          for (int i = 0; i < 1024; i++) {
            checker.readOnce();
          }
        }
        summary.set(checker.summary());
      }, "background-reader");
      thread.start();
    }

    void assertClean() throws InterruptedException {
      close();
      System.out.println("background reader: " + summary.get());
      assertThat(checker.reads).isPositive();
      assertThat(checker.torn).as(summary.get()).isZero();
      assertThat(checker.regressed).as(summary.get()).isZero();
      assertThat(checker.missing).as(summary.get()).isZero();
    }

    @Override
    public void close() {
      stop.set(true);
      try {
        thread.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

}
