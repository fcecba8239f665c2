package dev.vigil.agent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bridge fails closed: no enforcer, or an enforcer that throws, means a denial, never a run. */
class GuardTest {

  @AfterEach
  void uninstall() {
    Guard.install(null);
  }

  @Test
  void beforeTheAgentStartedEveryCheckIsDenied() {
    Guard.install(null);
    Object denial = Guard.check(3, null);
    assertThat(denial).isInstanceOf(AccessDeniedException.class);
    assertThat(((AccessDeniedException) denial).rule()).isEqualTo("agent-error");
    assertThat(((AccessDeniedException) denial).getMessage()).contains("did not finish starting");
  }

  @Test
  void anEnforcerFailureBecomesADenialAndIsCounted() {
    long before = AgentStatus.internalErrors();
    Guard.install(new Enforcer() {
      @Override
      public Object check(int site, Object resource) {
        throw new IllegalStateException("boom");
      }

      @Override
      public Object enterSubject(String subjectId, Map<String, ?> attributes) {
        return null;
      }

      @Override
      public void exitSubject(Object token) {}
    });
    Object denial = Guard.check(1, null);
    assertThat(denial).isInstanceOf(AccessDeniedException.class).isInstanceOf(SecurityException.class);
    assertThat(((AccessDeniedException) denial).getMessage()).contains("internal error").contains("boom");
    assertThat(AgentStatus.internalErrors()).isEqualTo(before + 1);
    assertThat(AgentStatus.summary()).contains("lastInternalError=java.lang.IllegalStateException: boom");
  }
}
