package dev.vigil.bench;

import dev.vigil.store.StoreReader;
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
 * {@link StoreReader#read}: one subject's value copied out of the shared-memory table (hash, probe,
 * seqlock-protected slot copy, key compare, value copy), for a different subject each call, with
 * 1k and with 1M subjects in the store. At 1k the table sits in the CPU caches; at 1M (about
 * 200 MB of slots and records) nearly every read misses them, so this is the memory-bound part of a
 * cache miss. No agent; the store is written by this JVM. Run with {@code -prof gc} (0 B/op).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xms2g", "-Xmx2g",
    "-XX:+AlwaysPreTouch"})
public class StoreLookupBench {

  @Param({"1000", "1000000"})
  public int subjects;

  private StoreFixture fixture;
  private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
  private int next;

  @Setup(Level.Trial)
  public void build() {
    fixture = new StoreFixture("lookup", subjects);
    fixture.touchAll();
  }

  @TearDown(Level.Trial)
  public void close() {
    fixture.close();
  }

  @Benchmark
  public int read() {
    int i = next;
    next = i + 1 == subjects ? 0 : i + 1;
    return fixture.reader.read(fixture.keys[i], buffer);
  }
}
