package dev.vigil.store;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Temporary directories for stores, for {@code @TempDir(factory = ShmTempDir.class)}: under
 * /dev/shm when it exists and is writable, since production stores live in tmpfs, else under
 * java.io.tmpdir. The one place for that rule in every module's tests (the policy test-jar);
 * JUnit creates the directory and deletes it after the test's {@code @AfterEach} methods.
 */
public final class ShmTempDir implements TempDirFactory {

  @Override
  public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context)
      throws Exception {
    Path shm = Path.of("/dev/shm");
    Path base = Files.isDirectory(shm) && Files.isWritable(shm)
        ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    return Files.createTempDirectory(base, "vigil-test-");
  }
}
