package dev.vigil.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.policy.parse.PolicyParser;
import dev.vigil.source.StorePublisher;
import dev.vigil.store.ShmTempDir;
import dev.vigil.store.StoreWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate, explain and status as an operator runs them, with their output and exit codes. */
class LoaderCommandsTest {

  static final String POLICY = """
      revision: r1
      roles:
        accountant:
          permissions: ["invoice:read", "invoice:approve"]
      subjects:
        alice:
          roles: [accountant]
          attributes: {department: finance}
      rules:
        - id: big-approvals
          effect: deny
          actions: ["invoice:approve"]
          when: request.amount > 10000
      """;

  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  @TempDir(factory = ShmTempDir.class) Path shm;

  int run(String... args) {
    return LoaderMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void validateAcceptsAGoodPolicy(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("p.yaml"), POLICY);
    assertThat(run("validate", "--source", "file:" + file)).isZero();
    assertThat(out()).contains("OK", "1 subjects", "1 roles", "1 rules");
  }

  @Test
  void validateReportsProblemsWithTheirPositions(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("p.yaml"), POLICY.replace("roles: [accountant]", "roles: [acountant]"));
    assertThat(run("validate", "--source", "file:" + file)).isEqualTo(LoaderMain.PROBLEMS);
    assertThat(err()).contains("p.yaml:7:13: ").contains("'acountant'").contains("did you mean 'accountant'");
    assertThat(out()).isEmpty();

    err.reset();
    Files.writeString(file, POLICY.replace("request.amount > 10000", "request.amount >> 10000"));
    assertThat(run("validate", "--source", "file:" + file)).isEqualTo(LoaderMain.PROBLEMS);
    assertThat(err()).contains("p.yaml:13:27: condition of rule 'big-approvals': unexpected '>'");
  }

  @Test
  void explainFromASourceNamesTheRuleAndTheValues(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("p.yaml"), POLICY);
    assertThat(run("explain", "--source", "file:" + file, "--subject", "alice", "--action", "invoice:approve",
        "--request", "amount=50000")).isZero();
    assertThat(out())
        .contains("DENY 'invoice:approve' for 'alice' by big-approvals")
        .contains("role accountant")
        .contains("deny rule big-approvals (" + file + ":10:5): condition request.amount > 10000 -> true");
    out.reset();
    assertThat(run("explain", "--source", "file:" + file, "--subject", "alice", "--action", "invoice:approve",
        "--request", "amount=5")).isZero();
    assertThat(out()).contains("ALLOW 'invoice:approve' for 'alice' by role:accountant");
  }

  @Test
  void explainAndStatusReadALiveStore() throws Exception {
    Path store = shm.resolve("store");
    try (StoreWriter writer = StoreWriter.open(store)) {
      new StorePublisher(writer).publish(new PolicyParser().parse("p.yaml", POLICY));
      writer.heartbeat(System.currentTimeMillis());
    }
    assertThat(run("explain", "--store", store.toString(), "--subject", "mallory", "--action", "invoice:read"))
        .isZero();
    assertThat(out()).contains("'mallory' is not in the policy").contains("DENY 'invoice:read' for 'mallory' by default-deny");
    out.reset();
    assertThat(run("status", "--store", store.toString())).isZero();
    assertThat(out()).contains("revision:   r1/").contains("epoch:").contains("heartbeat:");
    out.reset();
    Thread.sleep(20);
    assertThat(run("status", "--store", store.toString(), "--stale-after", "1")).isEqualTo(LoaderMain.PROBLEMS);
    assertThat(out()).contains("STALE");
  }

  @Test
  void statusOfAMissingStoreSaysSo() {
    Path store = shm.resolve("store");
    assertThat(run("status", "--store", store.toString())).isEqualTo(LoaderMain.PROBLEMS);
    assertThat(err()).contains("no Vigil store at " + store);
  }

  @Test
  void usageMistakesAreNamed() {
    assertThat(run("validate", "--sorce", "file:x")).isEqualTo(LoaderMain.USAGE);
    assertThat(err()).contains("unknown option --sorce");
    assertThat(run("explain", "--subject", "a")).isEqualTo(LoaderMain.USAGE);
    assertThat(err()).contains("--action is required");
    assertThat(run("run", "--source", "http://x", "--store", "/dev/shm/x")).isEqualTo(LoaderMain.USAGE);
    assertThat(err()).contains("only file:");
    assertThat(run("frobnicate")).isEqualTo(LoaderMain.USAGE);
    assertThat(run()).isEqualTo(LoaderMain.USAGE);
  }

  @Test
  void runRefusesAMissingSource(@TempDir Path dir) {
    Path store = shm.resolve("store");
    assertThat(run("run", "--source", "file:" + dir.resolve("absent.yaml"), "--store", store.toString()))
        .isEqualTo(LoaderMain.PROBLEMS);
    assertThat(err()).contains("absent.yaml does not exist");
  }
}
