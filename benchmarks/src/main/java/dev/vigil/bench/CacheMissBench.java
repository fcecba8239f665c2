package dev.vigil.bench;

import dev.vigil.policy.decide.CompiledPolicy;
import dev.vigil.policy.decide.Decision;
import dev.vigil.policy.decide.DecisionInput;
import dev.vigil.policy.decide.PolicyCodec;
import dev.vigil.policy.decide.SubjectCodec;
import dev.vigil.policy.decide.SubjectRecord;
import dev.vigil.policy.decide.Verdict;
import dev.vigil.policy.model.PolicyException;
import dev.vigil.store.PublishedState;
import dev.vigil.store.StoreException;
import dev.vigil.store.StoreReader;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.ExpandableArrayBuffer;
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

/**
 * The slow path a subject's first guarded call takes, <b>composed from its parts</b> rather than
 * driven through the enforcer (whose per-JVM cache would turn every repeat of a 1k-subject set
 * into a hit; {@link EnforcerMissBench} drives the real enforcer where misses can be forced). Each
 * call takes the next subject in a shuffled order and does what {@code StoreEnforcer.entryFor}
 * and {@code checkSlowly} do for a subject not cached: read the stripe version, {@link
 * StoreReader#read} the value and copy it out, {@link SubjectCodec#decode} it, compute the
 * effective roles, build the {@link Verdict} for the action ({@link CompiledPolicy#verdict}) and
 * decide. Not included: creating the cache entry and putting it in the map.
 *
 * <p>{@link #miss} is the whole; {@link #read}, {@link #readDecode} and {@link #readDecodeRoles}
 * stop after a step, so differences between them say where the time goes. The target is 300 ns
 * for {@link #miss} at 1k subjects; at 1M the store read misses the CPU caches. Every page of the
 * store is touched before measuring (see {@link StoreFixture#touchAll}), and the fork's heap is
 * fixed and pre-touched: with a heap left to grow, the few collections at 1M meant that most
 * allocations wrote to pages never touched before, and their page faults dominated the result.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xms2g", "-Xmx2g",
    "-XX:+AlwaysPreTouch"})
public class CacheMissBench {

  private static final String ACTION = "invoice:read";

  @Param({"1000", "1000000"})
  public int subjects;

  private StoreFixture fixture;
  private CompiledPolicy policy;
  private String revision;
  private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
  private final DecisionInput input = new DecisionInput();
  private int next;

  @Setup(Level.Trial)
  public void build() throws StoreException, PolicyException {
    fixture = new StoreFixture("miss", subjects);
    fixture.touchAll();
    // As the enforcer does when the epoch moves: the policy compiled from the store's blob.
    PublishedState state = fixture.reader.state();
    policy = CompiledPolicy.compile(PolicyCodec.decode(state.policy()));
    revision = state.revision();
    for (int i = 0; i < Math.min(subjects, 100); i++) {
      if (!miss().allowed()) {
        throw new IllegalStateException("generated subjects should be allowed to " + ACTION);
      }
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    fixture.close();
  }

  /** The next subject's index. */
  private int advance() {
    int i = next;
    next = i + 1 == subjects ? 0 : i + 1;
    return i;
  }

  /** Stripe version, store read, copy of the value. */
  private byte[] raw(int i) {
    StoreReader reader = fixture.reader;
    long stripeVersion = reader.stripeVersion(fixture.stripes[i]);
    int length = reader.read(fixture.keys[i], buffer);
    if (length < 0 || stripeVersion < 0) {
      throw new IllegalStateException("store read failed: " + length);
    }
    byte[] raw = new byte[length];
    buffer.getBytes(0, raw);
    return raw;
  }

  @Benchmark
  public byte[] read() {
    return raw(advance());
  }

  @Benchmark
  public SubjectRecord readDecode() {
    int i = advance();
    byte[] raw = raw(i);
    return SubjectCodec.decode(raw, 0, raw.length, fixture.ids[i]);
  }

  @Benchmark
  public List<String> readDecodeRoles() {
    int i = advance();
    byte[] raw = raw(i);
    return policy.effectiveRoles(SubjectCodec.decode(raw, 0, raw.length, fixture.ids[i]));
  }

  @Benchmark
  public Decision miss() {
    int i = advance();
    byte[] raw = raw(i);
    SubjectRecord record = SubjectCodec.decode(raw, 0, raw.length, fixture.ids[i]);
    List<String> roles = policy.effectiveRoles(record);
    Verdict verdict = policy.verdict(record, roles, ACTION, revision, input);
    return verdict.decide(input);
  }
}
