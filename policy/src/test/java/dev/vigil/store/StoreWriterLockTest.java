package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per store: a second one, in this JVM or another, is refused with a clear message. */
class StoreWriterLockTest {

  @TempDir(factory = ShmTempDir.class) Path dir;

  @Test
  void secondWriterIsRefused() throws Exception {
    try (StoreWriter first = StoreWriter.open(dir)) {
      first.heartbeat(1);
      assertThatThrownBy(() -> StoreWriter.open(dir))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("store " + dir + " is already open for writing by this process ("
              + ProcessHandle.current().pid() + ")")
          .hasMessageContaining("only one loader may write a store");

      try (ChildJvm child = ChildJvm.start("tryWriter", dir)) {
        String line = child.await("REFUSED", 30);
        assertThat(line).contains("already open for writing by process "
            + ProcessHandle.current().pid());
        assertThat(child.waitFor(30)).isZero();
      }
      // Readers take no lock, so they open while the writer holds it.
      try (StoreReader reader = StoreReader.open(dir)) {
        assertThat(reader.epoch()).isEqualTo(1);
      }
    }
    // Once the first writer is gone, another may write.
    try (ChildJvm child = ChildJvm.start("tryWriter", dir)) {
      child.await("OPENED", 30);
      assertThat(child.waitFor(30)).isZero();
    }
  }
}
