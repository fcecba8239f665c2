package dev.vigil.testapps.bench;

import dev.vigil.api.Guarded;
import dev.vigil.api.Vigil;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * The application side of the propagation benchmarks: as one subject, it calls a guarded method in
 * a tight loop and, each time the decision changes, says so through a small memory-mapped file that
 * the benchmark polls. A write to a shared mapping is seen by the other process within the cache
 * coherence delay (well under a microsecond), so the acknowledgement adds next to nothing to the
 * time measured.
 *
 * <p>Usage: {@code DecisionAck <subject> <ack file> <max seconds>}. The ack file must exist and be at
 * least {@link #SIZE} bytes. Layout, native byte order longs:
 *
 * <ul>
 *   <li>{@link #STATE}: {@code changes * 2 + (allowed ? 1 : 0)}, written with release once
 *       {@link #SEEN_NANOS} holds the time of that change; 0 until the first decision.
 *   <li>{@link #SEEN_NANOS}: {@code System.nanoTime()} when the change was seen (one clock for all
 *       processes of a Linux host).
 *   <li>{@link #STOP}: set non-zero by the benchmark to end the loop.
 * </ul>
 *
 * The loop also ends when the process that started it is gone, or after the given number of
 * seconds, so a benchmark that died cannot leave it spinning.
 */
public final class DecisionAck {

  public static final int STATE = 0;
  public static final int SEEN_NANOS = 8;
  public static final int STOP = 16;
  public static final int SIZE = 64;

  private static final VarHandle LONGS =
      MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

  private DecisionAck() {}

  /** The guarded method the loop calls. */
  public static final class Target {
    private long calls;

    @Guarded("invoice:read")
    public long read() {
      return ++calls;
    }
  }

  public static void main(String[] args) throws IOException {
    String subject = args[0];
    Path ackFile = Path.of(args[1]);
    long deadline = System.nanoTime() + Long.parseLong(args[2]) * 1_000_000_000L;
    try (FileChannel channel = FileChannel.open(ackFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      MappedByteBuffer ack = channel.map(FileChannel.MapMode.READ_WRITE, 0, SIZE);
      Vigil.runAs(subject, Map.of(), () -> loop(new Target(), ack, deadline));
    }
  }

  private static void loop(Target target, MappedByteBuffer ack, long deadline) {
    ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
    long nextParentCheck = 0;
    long changes = 0;
    int last = -1;
    for (long i = 0; ; i++) {
      int allowed;
      try {
        target.read();
        allowed = 1;
      } catch (SecurityException denied) {
        allowed = 0;
      }
      if (allowed != last) {
        last = allowed;
        changes++;
        LONGS.set(ack, SEEN_NANOS, System.nanoTime());
        LONGS.setRelease(ack, STATE, changes * 2 + allowed);
      }
      if ((i & 255) == 0) {
        long now = System.nanoTime();
        if ((long) LONGS.getAcquire(ack, STOP) != 0 || now > deadline) {
          return;
        }
        if (now > nextParentCheck) {
          nextParentCheck = now + 200_000_000L;
          if (parent != null && !parent.isAlive()) {
            return;
          }
        }
      }
    }
  }
}
