package dev.vigil.policy.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * Finds policy files and reads them as text, refusing what should not be parsed: files over
 * {@link Limits#MAX_FILE_BYTES} and text that is not UTF-8 (the encoding YAML and JSON files are
 * expected in). Problems are reported, never thrown, so one bad file does not hide the others.
 */
final class SourceFiles {

  private static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");

  private SourceFiles() {}

  static boolean isPolicyFile(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return EXTENSIONS.stream().anyMatch(name::endsWith);
  }

  /**
   * Every policy file below {@code directory}, sorted by their path relative to it ('/'
   * separators, compared as strings) so the merge order does not depend on the file system.
   * Files and directories whose name starts with '.' are skipped (editor backups, {@code .git},
   * and Kubernetes' {@code ..data} folders behind a mounted ConfigMap). Symbolic links to files
   * are read; symbolic links to directories below {@code directory} are not followed, so a link
   * cannot loop ({@code directory} itself may be a link).
   */
  static List<Path> find(Path directory, Problems problems) {
    List<Path> files = new ArrayList<>();
    // An explicit stack rather than recursion: a deep directory tree cannot overflow the stack.
    Deque<Path> pending = new ArrayDeque<>();
    pending.push(directory);
    while (!pending.isEmpty()) {
      Path dir = pending.pop();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        for (Path entry : entries) {
          if (isHidden(entry)) {
            continue;
          }
          if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
            pending.push(entry);
          } else if (Files.isRegularFile(entry) && isPolicyFile(entry)) {
            files.add(entry);
          }
        }
      } catch (IOException | DirectoryIteratorException e) {
        IOException cause = e instanceof IOException ? (IOException) e : ((DirectoryIteratorException) e).getCause();
        problems.add(SourceText.wholeFile(dir.toString()), "cannot list the directory: " + describe(cause));
      }
    }
    files.sort(Comparator.comparing(file -> relative(directory, file)));
    return files;
  }

  /** The file's text, or null after reporting why it cannot be used. */
  static SourceText read(Path file, Problems problems) {
    String name = file.toString();
    byte[] bytes;
    try {
      // Checked before reading and again after, since the size can change in between; reading
      // at most one byte past the limit keeps memory bounded either way.
      if (Files.size(file) > Limits.MAX_FILE_BYTES) {
        problems.add(SourceText.wholeFile(name), tooLarge(Files.size(file)));
        return null;
      }
      try (InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes(Limits.MAX_FILE_BYTES + 1);
      }
    } catch (IOException e) {
      problems.add(SourceText.wholeFile(name), "cannot read: " + describe(e));
      return null;
    }
    if (bytes.length > Limits.MAX_FILE_BYTES) {
      problems.add(SourceText.wholeFile(name), tooLarge(bytes.length));
      return null;
    }
    return decode(name, bytes, problems);
  }

  static String tooLarge(long size) {
    return "the file is larger than " + (Limits.MAX_FILE_BYTES >> 20) + " MiB (" + size
        + " bytes); split the policy across several files in a directory";
  }

  /** Strict UTF-8, a leading byte order mark dropped; a bad byte is reported where it is. */
  private static SourceText decode(String name, byte[] bytes, Problems problems) {
    int start = 0;
    if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
        && (bytes[2] & 0xFF) == 0xBF) {
      start = 3;
    } else if (bytes.length >= 2 && ((bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF
        || (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE)) {
      problems.add(SourceText.wholeFile(name), "the file is UTF-16; save it as UTF-8");
      return null;
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    CharBuffer out = CharBuffer.allocate(bytes.length - start);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isUnderflow()) {
      result = decoder.flush(out);
    }
    String decoded = out.flip().toString();
    if (result.isError()) {
      // Everything before the bad byte decoded fine, so its end is where the bad byte stands.
      SourceText partial = new SourceText(name, decoded);
      problems.add(partial.atCharOffset(decoded.length()), String.format(
          "the byte 0x%02X is not valid UTF-8; save the file as UTF-8", bytes[in.position()] & 0xFF));
      return null;
    }
    return new SourceText(name, decoded);
  }

  private static boolean isHidden(Path path) {
    Path name = path.getFileName();
    return name != null && name.toString().startsWith(".");
  }

  private static String relative(Path directory, Path file) {
    return directory.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
  }

  private static String describe(IOException e) {
    return e.getMessage() != null ? e.getClass().getSimpleName() + ": " + e.getMessage()
        : e.getClass().getSimpleName();
  }
}
