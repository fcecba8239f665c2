package dev.vigil.testapps.plain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A program with nothing guarded. Run with and without the agent, its output must be identical;
 * with {@code --fds} it also lists its open sockets and files opened for writing, from
 * {@code /proc/self/fd}, so a test can see what the agent opened.
 */
public final class PlainApp {

  private PlainApp() {}

  public static void main(String[] args) throws IOException {
    long sum = 0;
    for (int i = 1; i <= 1000; i++) {
      sum += i;
    }
    System.out.println("sum=" + sum);
    System.out.println("args=" + String.join(" ", args));
    if (args.length > 0 && args[0].equals("--fds")) {
      List<String> targets = new ArrayList<>();
      try (var fds = Files.list(Path.of("/proc/self/fd"))) {
        for (Path fd : (Iterable<Path>) fds::iterator) {
          try {
            targets.add(Files.readSymbolicLink(fd).toString());
          } catch (IOException gone) {
            // The directory stream's own descriptor disappears while listing.
          }
        }
      }
      targets.stream().filter(t -> t.startsWith("socket:")).forEach(t -> System.out.println("SOCKET " + t));
    }
  }
}
