package dev.vigil.bench;

import dev.vigil.policy.decide.CompiledPolicy;
import dev.vigil.policy.model.PolicyDocument;
import dev.vigil.policy.model.PolicyException;
import dev.vigil.policy.parse.PolicyParser;
import dev.vigil.source.PolicySync;
import dev.vigil.source.Publication;
import dev.vigil.source.StorePublisher;
import dev.vigil.store.StoreException;
import dev.vigil.store.StoreWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * From saving the policy file to enforcement in another process. This JVM runs a {@link
 * PolicySync} (what {@code vigil-loader run} runs) watching a policy file on tmpfs (/dev/shm, as
 * a Kubernetes ConfigMap volume is) and publishing it to a store; a child JVM runs {@code DecisionAck} under the agent in
 * sidecar mode on that store, as subject {@code toggled}. One operation saves the file with that
 * subject's role granted or revoked (written to a temporary file and renamed over the policy, as
 * editors and config tools save) and ends when the child acknowledges the changed decision. The
 * file holds the benchmark policy plus {@code subjects} generated subjects. Target: p99 within
 * 20 ms.
 *
 * <p>Where the time goes: PolicySync waits for 3 ms without file events (at most 50 ms) before it
 * reads, then parses, compiles, encodes and publishes. The printed breakdown gives, per operation,
 * the save, the delivery of the file event (to a watch of the benchmark's own), the time until
 * PolicySync's listener heard of the publication and until the child decided; at the end of the
 * trial the parse, compile and publish steps are timed on their own. The first three saves after
 * start are reported apart: they run code the JIT has not compiled yet, as the first save to a
 * loader idle since its start would.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class FileSaveToEnforceBench {

  private static final String SUBJECT = "toggled";
  private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
  /**
   * How long this thread parks between looks at the ack (the kernel makes it 50-100 us): a spinning
   * waiter would take a core from PolicySync's thread on a two-core machine.
   */
  private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(20);

  /** Generated subjects in the policy file, on top of the policy's own. */
  @Param({"10", "1000"})
  public int subjects;

  private Path dir;
  private Path policyFile;
  private Path saving;
  private Path store;
  private byte[] granted;
  private byte[] revoked;
  private PolicySync sync;
  /** Publications PolicySync reported, and when it reported the last one. */
  private volatile long publications;
  private volatile long publishedAt;
  private volatile String syncProblem;
  private AckChild child;
  /** A watch of our own on the policy directory, to time the file event's delivery. */
  private WatchService ownWatch;
  private volatile long renameSeenAt;
  /** The stages of the last operation, as {@link #breakdown} names them. */
  private final long[] last = new long[5];
  private final Breakdown breakdown = new Breakdown("save (write + rename)",
      "save began -> rename event seen (own watch)", "save began -> PolicySync published (listener)",
      "save began -> child decided", "child decided -> ack seen here");

  @Setup(Level.Trial)
  public void start() throws IOException, StoreException, InterruptedException {
    // On tmpfs, as a Kubernetes ConfigMap volume is: a save to a disk file system adds its own
    // latency (ext4 flushes a file renamed over another), which is not Vigil's.
    dir = Files.createDirectories(BenchEnv.shmPath("policy-dir"));
    policyFile = dir.resolve("policy.yaml");
    saving = dir.resolve(".policy.yaml.saving");
    granted = policyText(true).getBytes(StandardCharsets.UTF_8);
    revoked = policyText(false).getBytes(StandardCharsets.UTF_8);
    Files.write(policyFile, granted);
    store = BenchEnv.shmPath("store-file");
    sync = PolicySync.start(policyFile, store, new PolicySync.Listener() {
      @Override
      public void published(Publication publication) {
        publishedAt = System.nanoTime();
        publications++; // only PolicySync's thread writes it
      }

      @Override
      public void rejected(PolicyException problems) {
        syncProblem = "rejected: " + problems.getMessage();
      }

      @Override
      public void failed(Exception error) {
        syncProblem = "failed: " + error;
      }
    }, 200);
    child = AckChild.start(store, SUBJECT);
    if (!child.allowed()) {
      throw new IllegalStateException("subject " + SUBJECT + " should start allowed; " + syncProblem);
    }
    ownWatch = FileSystems.getDefault().newWatchService();
    dir.register(ownWatch, StandardWatchEventKinds.ENTRY_CREATE);
    Thread watching = new Thread(this::watchRenames, "bench-own-watch");
    watching.setDaemon(true);
    watching.start();
    // The first saves after start run PolicySync's code before the JIT has compiled it, as a save
    // to a loader that has been idle since it started would: report them apart.
    StringBuilder cold = new StringBuilder("# first saves after start (cold), ms: total (event seen, published,"
        + " child decided):");
    for (int i = 0; i < 3; i++) {
      long total = saveToEnforce();
      cold.append(String.format(Locale.ROOT, " %.1f (%.1f, %.1f, %.1f)", total / 1e6, last[1] / 1e6, last[2] / 1e6,
          last[3] / 1e6));
    }
    System.out.println(cold);
  }

  private void watchRenames() {
    try {
      while (true) {
        WatchKey key = ownWatch.take();
        long now = System.nanoTime();
        for (WatchEvent<?> event : key.pollEvents()) {
          if (policyFile.getFileName().equals(event.context())) {
            renameSeenAt = now;
          }
        }
        key.reset();
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // Trial over.
    }
  }

  /** The benchmark policy with generated subjects, and {@code toggled} with or without its role. */
  private String policyText(boolean grant) {
    String base = BenchPolicy.text();
    String toggled = "  toggled:\n    roles: [reader]\n";
    if (!base.contains(toggled) || !base.contains("\nsubjects:\n")) {
      throw new IllegalStateException("the benchmark policy changed shape: update " + getClass().getSimpleName());
    }
    StringBuilder generated = new StringBuilder();
    for (int i = 0; i < subjects; i++) {
      generated.append("  ").append(BenchPolicy.id(i)).append(":\n")
          .append("    roles: [reader]\n")
          .append("    groups: [finance]\n")
          .append("    attributes: {department: finance, cc: ").append(i % 10_000)
          .append(", approval_limit: ").append((i % 50) * 1000)
          .append(", device: {managed: true, os: ").append(i % 3 == 0 ? "windows" : "linux").append("}}\n");
    }
    return base.replace(toggled, grant ? toggled : "  toggled:\n    roles: []\n")
        .replace("\nsubjects:\n", "\nsubjects:\n" + generated);
  }

  @Setup(Level.Iteration)
  public void iteration(IterationParams params) {
    breakdown.recording(params.getType() == IterationType.MEASUREMENT);
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    breakdown.print("FileSaveToEnforceBench.saveToEnforce, subjects=" + subjects);
    child.close();
    sync.close();
    ownWatch.close();
    timeSteps();
    BenchEnv.deleteTree(store);
    BenchEnv.deleteTree(dir);
  }

  /** One save and its enforcement; returns its duration in nanoseconds. */
  @Benchmark
  public long saveToEnforce() throws IOException {
    boolean allow = !child.allowed();
    long before = publications;
    long start = System.nanoTime();
    Files.write(saving, allow ? granted : revoked);
    Files.move(saving, policyFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    long saved = System.nanoTime();
    long decided;
    try {
      decided = child.await(allow, TIMEOUT_NANOS, POLL_NANOS);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(e.getMessage() + "\nPolicySync: " + syncProblem, e);
    }
    long acked = System.nanoTime();
    // The child may decide before PolicySync's thread reaches its listener: wait for the listener
    // (microseconds) so that the breakdown pairs this save with its own publication.
    while (publications == before) {
      if (System.nanoTime() - acked > TIMEOUT_NANOS) {
        throw new IllegalStateException("the child decided but PolicySync reported no publication; " + syncProblem);
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
    for (long waitFrom = System.nanoTime(); renameSeenAt < start && System.nanoTime() - waitFrom < TIMEOUT_NANOS; ) {
      LockSupport.parkNanos(POLL_NANOS);
    }
    last[0] = saved - start;
    last[1] = renameSeenAt - start;
    last[2] = publishedAt - start;
    last[3] = decided - start;
    last[4] = acked - decided;
    breakdown.add(last);
    return acked - start;
  }

  /**
   * Times PolicySync's steps alone, alternating the two versions as the benchmark did: parse the
   * file, compile the policy, and a whole StorePublisher.publish (which compiles again, encodes,
   * digests and writes the changed subject) into a scratch store.
   */
  private void timeSteps() throws Exception {
    PolicyParser parser = new PolicyParser();
    Path other = dir.resolve("other.yaml");
    Files.write(other, revoked);
    Path[] files = {policyFile, other};
    int rounds = 200;
    long parse = 0;
    long compile = 0;
    long publish = 0;
    Path scratch = BenchEnv.shmPath("store-file-steps");
    try (StoreWriter writer = StoreWriter.open(scratch)) {
      StorePublisher publisher = new StorePublisher(writer);
      publisher.publish(parser.parse(policyFile));
      for (int round = 0; round < 2 * rounds; round++) {
        long t0 = System.nanoTime();
        PolicyDocument document = parser.parse(files[round & 1]);
        long t1 = System.nanoTime();
        CompiledPolicy.compile(document);
        long t2 = System.nanoTime();
        publisher.publish(document);
        long t3 = System.nanoTime();
        if (round >= rounds) { // the first half warms up
          parse += t1 - t0;
          compile += t2 - t1;
          publish += t3 - t2;
        }
      }
    } finally {
      BenchEnv.deleteTree(scratch);
    }
    System.out.printf(Locale.ROOT, "# steps alone, mean of %d (ms): parse %.3f, compile %.3f, StorePublisher.publish"
        + " (compile + encode + digest + write) %.3f; file %d bytes%n", rounds, parse / 1e6 / rounds,
        compile / 1e6 / rounds, publish / 1e6 / rounds, granted.length);
    System.out.flush();
  }
}
