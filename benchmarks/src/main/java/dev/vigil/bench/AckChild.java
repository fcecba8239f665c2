package dev.vigil.bench;

import dev.vigil.testapps.bench.DecisionAck;
import dev.vigil.testapps.harness.ForkedJvm;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A child JVM running {@link DecisionAck} under the agent in sidecar mode, and this side of its
 * acknowledgement file: the child spins calling a guarded method as one subject and publishes
 * every change of decision in a shared mapping, which {@link #await} polls. Nothing in between
 * sleeps or blocks, so an await returns within a microsecond or so of the child's first changed
 * decision.
 */
final class AckChild implements AutoCloseable {

  private static final VarHandle LONGS =
      MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
  /** Upper bound of the child's life, in case this JVM dies without stopping it. */
  private static final long CHILD_MAX_SECONDS = 600;

  private final Path ackFile;
  private final MappedByteBuffer ack;
  private final ForkedJvm jvm;
  /** The last state read: changes * 2 + allowed. */
  private long state;

  private AckChild(Path ackFile, MappedByteBuffer ack, ForkedJvm jvm) {
    this.ackFile = ackFile;
    this.ack = ack;
    this.jvm = jvm;
  }

  /** Starts the child against {@code store} and waits (up to 60 s) for its first decision. */
  static AckChild start(Path store, String subject) throws IOException, InterruptedException {
    Path ackFile = BenchEnv.shmPath("ack-" + subject);
    Files.deleteIfExists(ackFile);
    MappedByteBuffer ack;
    try (FileChannel ch = FileChannel.open(ackFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      ack = ch.map(FileChannel.MapMode.READ_WRITE, 0, DecisionAck.SIZE);
    }
    ForkedJvm jvm = ForkedJvm.start(Path.of(System.getProperty("java.home")),
        List.of("-javaagent:" + BenchEnv.agentJar() + "=store=" + store),
        BenchEnv.testAppsClasspath(), DecisionAck.class.getName(),
        List.of(subject, ackFile.toString(), Long.toString(CHILD_MAX_SECONDS)), null);
    AckChild child = new AckChild(ackFile, ack, jvm);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while ((child.state = (long) LONGS.getAcquire(ack, DecisionAck.STATE)) == 0) {
      if (!jvm.process().isAlive() || System.nanoTime() > deadline) {
        child.close();
        throw new IllegalStateException("the child made no decision; alive=" + jvm.process().isAlive() + "\n"
            + jvm.transcript());
      }
      Thread.sleep(10);
    }
    return child;
  }

  /** Whether the child's current decision is allow. */
  boolean allowed() {
    return (state & 1) == 1;
  }

  /**
   * Waits until the child reports a decision different from the last one seen, which must be
   * {@code allowed}; returns the child's {@code System.nanoTime()} of seeing it. With {@code
   * pauseNanos} 0 it spins (for microsecond latencies); otherwise it parks that long between
   * looks, leaving the CPU to the processes being measured when the latency is milliseconds.
   */
  long await(boolean allowed, long timeoutNanos, long pauseNanos) {
    long start = System.nanoTime();
    long s;
    for (int spins = 0; (s = (long) LONGS.getAcquire(ack, DecisionAck.STATE)) == state; spins++) {
      if (pauseNanos > 0) {
        LockSupport.parkNanos(pauseNanos);
      } else if ((spins & 0xFFF) == 0xFFF) {
        // Two cores shared with the child and others: let them run now and then.
        Thread.yield();
      } else {
        Thread.onSpinWait();
      }
      if ((pauseNanos > 0 || (spins & 0xFFF) == 0xFFF) && System.nanoTime() - start > timeoutNanos) {
        throw new IllegalStateException("the child did not change its decision within "
            + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms; alive=" + jvm.process().isAlive()
            + "\n" + jvm.transcript());
      }
    }
    if (s != state + 1 && s != state + 3) {
      // One change expected; a flip and back (+2) would mean a decision we never published.
      throw new IllegalStateException("unexpected decision sequence: " + state + " -> " + s);
    }
    state = s;
    if (allowed() != allowed) {
      throw new IllegalStateException("the child reports " + (allowed() ? "allow" : "deny") + ", expected the"
          + " opposite");
    }
    return (long) LONGS.get(ack, DecisionAck.SEEN_NANOS);
  }

  @Override
  public void close() {
    LONGS.setRelease(ack, DecisionAck.STOP, 1L);
    try {
      if (!jvm.process().waitFor(10, TimeUnit.SECONDS)) {
        jvm.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      jvm.close();
      try {
        Files.deleteIfExists(ackFile);
      } catch (IOException ignored) {
        // /dev/shm leftovers of dead JVMs are removed by the next run.
      }
    }
  }
}
