package dev.vigil.agent.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link AgentOption} is the one source of the option names, defaults and meanings; the README's
 * table is a copy for readers, and this test keeps the copy exact.
 */
class ReadmeOptionsTest {

  @Test
  void readmeTableMatchesTheOptionsInCode() throws Exception {
    Path readme = Path.of(System.getProperty("basedir", ".")).resolve("../README.md").normalize();
    List<String> lines = Files.readAllLines(readme);
    int start = lines.indexOf("### Agent options");
    assertThat(start).as("README has an Agent options section").isPositive();
    Map<String, String> rows = new LinkedHashMap<>();
    for (String line : lines.subList(start, lines.size())) {
      if (line.startsWith("| `")) {
        String[] cells = line.split("\\|");
        String key = cells[1].trim().replace("`", "");
        rows.put(key, cells[2].trim().replace("`", "") + " | " + cells[3].trim());
      } else if (!rows.isEmpty() && !line.startsWith("|")) {
        break;
      }
    }
    Map<String, String> expected = new LinkedHashMap<>();
    for (AgentOption o : AgentOption.values()) {
      expected.put(o.key(), (o.defaultValue() == null ? "(none)" : o.defaultValue()) + " | " + o.help());
    }
    assertThat(rows).containsExactlyEntriesOf(expected);
  }
}
