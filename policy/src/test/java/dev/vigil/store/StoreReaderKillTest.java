package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers hold nothing the writer waits for: a reader JVM killed with kill -9 at any moment never
 * stops the writer's next publication from completing.
 */
class StoreReaderKillTest {

  private static final int SUBJECTS = 10_000;
  private static final int TRIALS = 20;
  @TempDir(factory = ShmTempDir.class) Path dir;

  @Test
  void killedReadersNeverBlockTheWriter() throws Exception {
    byte[][] keys = Values.keys(SUBJECTS);
    AtomicLong publications = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    try (StoreWriter writer = StoreWriter.open(dir)) {
      writer.publishAll("r0", new byte[0], StoreChild.round(keys, 0, SUBJECTS, 0));
      Thread publisher = new Thread(() -> {
        try {
          for (long round = 1; !stop.get(); round++) {
            int from = (int) (round * 500 % SUBJECTS);
            writer.publishSubjects("r" + round,
                StoreChild.round(keys, from, Math.min(SUBJECTS, from + 500), round), Set.of());
            if (round % 50 == 0) {
              writer.publishPolicy("r" + round, new byte[] {(byte) round});
            }
            writer.heartbeat(System.currentTimeMillis());
            publications.incrementAndGet();
          }
        } catch (Throwable t) {
          failure.set(t);
        }
      }, "publisher");
      publisher.start();
      Random random = new Random(7);
      try {
        for (int trial = 0; trial < TRIALS; trial++) {
          try (ChildJvm reader = ChildJvm.start("readForever", dir, SUBJECTS)) {
            if (trial % 4 != 0) {
              // Most trials kill a reader that is reading; the others may kill it anywhere,
              // including while it opens the store.
              reader.await("READY", 60);
              Thread.sleep(random.nextInt(150));
            } else {
              Thread.sleep(random.nextInt(400));
            }
            reader.kill();
          }
          long seen = publications.get();
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
          // Two more: at least one publication began after the kill and completed.
          while (publications.get() < seen + 2 && System.nanoTime() < deadline) {
            Thread.sleep(1);
          }
          assertThat(failure.get()).isNull();
          assertThat(publications.get()).as("publications completed within 10 s of killing"
              + " reader %d", trial).isGreaterThanOrEqualTo(seen + 2);
        }
      } finally {
        stop.set(true);
        publisher.join(30_000);
      }
      assertThat(failure.get()).isNull();
      assertThat(writer.readAll()).hasSize(SUBJECTS);
      System.out.println("reader-kill test: " + publications.get() + " publications");
    }
  }

}
