package dev.vigil.agent.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Options parse strictly: a typo or an invalid value is an error, never a silent default. */
class AgentOptionsTest {

  static Properties props(String... pairs) {
    Properties p = new Properties();
    for (int i = 0; i < pairs.length; i += 2) {
      p.setProperty(pairs[i], pairs[i + 1]);
    }
    return p;
  }

  @Test
  void defaultsAreEnforceAndClosed() {
    AgentOptions o = AgentOptions.parse(null, props());
    assertThat(o.reportOnly()).isFalse();
    assertThat(o.failOpen()).isFalse();
    assertThat(o.staleAfterMillis()).isEqualTo(10_000);
    assertThat(o.policy()).isNull();
    assertThat(o.store()).isNull();
  }

  @Test
  void agentArgumentsWinOverSystemProperties() {
    AgentOptions o = AgentOptions.parse("mode=report,staleAfter=500ms",
        props("vigil.mode", "enforce", "vigil.store", "/dev/shm/v", "other.property", "x"));
    assertThat(o.reportOnly()).isTrue();
    assertThat(o.staleAfterMillis()).isEqualTo(500);
    assertThat(o.store()).isEqualTo(Path.of("/dev/shm/v"));
  }

  @Test
  void durationsNeedAUnit() {
    assertThat(AgentOptions.parse("staleAfter=2m", props()).staleAfterMillis()).isEqualTo(120_000);
    assertThatThrownBy(() -> AgentOptions.parse("staleAfter=10", props())).hasMessageContaining("needs a unit");
    assertThatThrownBy(() -> AgentOptions.parse("staleAfter=-1s", props())).hasMessageContaining("positive");
  }

  @Test
  void mistakesAreErrors() {
    assertThatThrownBy(() -> AgentOptions.parse("polcy=x", props())).hasMessageContaining("unknown Vigil agent option 'polcy'");
    assertThatThrownBy(() -> AgentOptions.parse(null, props("vigil.failmode", "open")))
        .hasMessageContaining("-Dvigil.failmode");
    assertThatThrownBy(() -> AgentOptions.parse("mode=audit", props())).hasMessageContaining("not one of enforce, report");
    assertThatThrownBy(() -> AgentOptions.parse("policy", props())).hasMessageContaining("is not key=value");
    assertThatThrownBy(() -> AgentOptions.parse("policy=a.yaml,store=/dev/shm/x", props()))
        .hasMessageContaining("not both");
  }

  @Test
  void helpListsEveryOption() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    AgentOption.printHelp(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String help = bytes.toString(StandardCharsets.UTF_8);
    for (AgentOption o : AgentOption.values()) {
      assertThat(help).contains(o.key());
    }
  }
}
