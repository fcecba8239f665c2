package dev.vigil.bench.app;

import dev.vigil.api.Guarded;

/**
 * What the agent benchmarks call: each guarded method has the same body as {@link #readUnguarded},
 * so guarded minus unguarded is the cost of the woven check. The agent weaves this class like any
 * application class; the benchmark classes themselves stay unwoven.
 */
public class Invoices {

  @Guarded("invoice:read")
  public long read(long id) {
    return id * 31 + 7;
  }

  /** The twin of {@link #read} without the annotation. */
  public long readUnguarded(long id) {
    return id * 31 + 7;
  }

  /** Per-call rule {@code request.amount > 10000 && !("cfo" in subject.roles)}. */
  @Guarded("invoice:approve")
  public long approve(long id) {
    return id * 31 + 7;
  }

  /** Per-call rule {@code !cidr('10.0.0.0/8').containsIP(request.ip)}. */
  @Guarded("invoice:transfer")
  public long transfer(long id) {
    return id * 31 + 7;
  }

  /** Per-call rule {@code !request.channel.startsWith('web-')}. */
  @Guarded("invoice:export")
  public long export(long id) {
    return id * 31 + 7;
  }
}
