package dev.vigil.testapps.plain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A program with nothing guarded. Run with and without the agent, its output must be identical;
 * with {@code --fds} it also lists its open sockets from {@code /proc/self/fd}, each marked
 * {@code inet} (in the kernel's tcp/udp/raw tables) or {@code local}, so a test can see what the
 * agent opened.
 */
public final class PlainApp {

  private PlainApp() {}

  private static String inetSocketTables() throws IOException {
    StringBuilder all = new StringBuilder();
    for (String table : List.of("tcp", "tcp6", "udp", "udp6", "raw", "raw6")) {
      Path p = Path.of("/proc/self/net", table);
      if (Files.exists(p)) {
        for (String line : Files.readAllLines(p)) {
          all.append(' ').append(line.trim().replaceAll("\\s+", "  ")).append(' ');
        }
      }
    }
    return all.toString();
  }

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
      String inet = inetSocketTables();
      for (String t : targets) {
        if (t.startsWith("socket:[")) {
          String inode = t.substring("socket:[".length(), t.length() - 1);
          // A network socket is listed by inode in the tcp/udp/raw tables; a local socket pair
          // (the JDK's file watcher uses one to wake itself) is not.
          System.out.println("SOCKET " + (inet.contains(" " + inode + " ") ? "inet " : "local ") + inode);
        }
      }
    }
  }
}
