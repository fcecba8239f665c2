package dev.vigil.store;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileChannel.MapMode;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Maps store files. Readers only ever get read-only mappings of files opened read-only. */
final class Mappings {

  private Mappings() {}

  /** Maps the whole of an existing file read-only; the channel is closed, the mapping stays. */
  static MappedByteBuffer mapReadOnly(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = checkSize(file, channel.size());
      return channel.map(MapMode.READ_ONLY, 0, size);
    }
  }

  /** Maps the whole of an existing file read-write (writer only). */
  static MappedByteBuffer mapReadWrite(Path file) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = checkSize(file, channel.size());
      return channel.map(MapMode.READ_WRITE, 0, size);
    }
  }

  /**
   * Creates (or truncates) a file of {@code size} bytes and maps it read-write. The file is sparse:
   * on tmpfs only the pages later written take memory.
   */
  static MappedByteBuffer createReadWrite(Path file, long size) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      checkSize(file, size);
      // Writing the last byte sets the length without touching the pages in between.
      channel.write(java.nio.ByteBuffer.wrap(new byte[1]), size - 1);
      return channel.map(MapMode.READ_WRITE, 0, size);
    }
  }

  private static long checkSize(Path file, long size) throws IOException {
    if (size <= 0) {
      throw new IOException(file + " is empty");
    }
    if (size > StoreLayout.MAX_FILE_BYTES) {
      throw new IOException(file + " has " + size + " bytes; a store file maps at most "
          + StoreLayout.MAX_FILE_BYTES);
    }
    return size;
  }
}
