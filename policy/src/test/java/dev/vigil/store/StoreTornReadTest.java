package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer JVM rewrites 100k self-checking values continuously (in-place batches, policy
 * changes, and the generation rebuilds its data region forces) while a reader JVM and a reader
 * thread here read at random: no read may be torn, missing, or older than one already seen.
 */
class StoreTornReadTest {

  private static final int SUBJECTS = 100_000;
  private static final Pattern COUNTS = Pattern.compile(
      "reads=(\\d+) busy=(\\d+) torn=(\\d+) regressed=(\\d+) missing=(\\d+)");
  @TempDir(factory = ShmTempDir.class) Path dir;

  @Test
  void readersNeverSeeATornValue() throws Exception {
    try (ChildJvm writer = ChildJvm.start("churn", dir, SUBJECTS, 4000)) {
      writer.await("READY", 60);
      try (ChildJvm otherReader = ChildJvm.start("check", dir, SUBJECTS, 3000);
          StoreReader reader = StoreReader.open(dir)) {
        otherReader.await("READY", 60);
        ReadChecker here = new ReadChecker(reader, Values.keys(SUBJECTS), 42);
        here.runFor(3000);
        String there = otherReader.await("RESULT", 60);
        String done = writer.await("DONE", 60);
        System.out.println("torn-read test: writer " + done + "; reader thread " + here.summary()
            + "; reader JVM " + there);

        assertThat(here.reads).isPositive();
        assertThat(here.torn).as("torn reads in this JVM").isZero();
        assertThat(here.regressed).as("values older than one already seen").isZero();
        assertThat(here.missing).as("subjects reported missing").isZero();

        Matcher m = COUNTS.matcher(there);
        assertThat(m.find()).as(there).isTrue();
        assertThat(Long.parseLong(m.group(1))).as("reads in the reader JVM").isPositive();
        assertThat(Long.parseLong(m.group(3))).as("torn reads in the reader JVM: " + there)
            .isZero();
        assertThat(Long.parseLong(m.group(4))).as("regressions in the reader JVM: " + there)
            .isZero();
        assertThat(Long.parseLong(m.group(5))).as("missing in the reader JVM: " + there).isZero();
        assertThat(done).doesNotContain("rounds=0 ");
      }
      assertThat(writer.waitFor(30)).as(writer.transcript()).isZero();
    }
  }
}
