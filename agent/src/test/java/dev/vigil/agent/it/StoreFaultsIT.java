package dev.vigil.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.policy.model.PolicyDocument;
import dev.vigil.policy.parse.PolicyParser;
import dev.vigil.source.StorePublisher;
import dev.vigil.store.ShmTempDir;
import dev.vigil.store.StoreLayout;
import dev.vigil.store.StoreWriter;
import java.io.RandomAccessFile;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sidecar mode against a store this test writes itself: a fresh store is enforced; a store whose
 * loader stopped beating is stale (denied, or allowed with failMode=open); a store of an unknown
 * layout version is refused with a message saying so.
 */
class StoreFaultsIT {

  @TempDir(factory = ShmTempDir.class) Path store;

  private void publish(long heartbeatMillis) throws Exception {
    PolicyDocument doc = new PolicyParser().parse("it.yaml", GuardedWeavingIT.POLICY);
    try (StoreWriter writer = StoreWriter.open(store)) {
      new StorePublisher(writer).publish(doc);
      writer.heartbeat(heartbeatMillis);
    }
  }

  @Test
  void freshStoreIsEnforced(@TempDir Path dir) throws Exception {
    publish(System.currentTimeMillis());
    FailModeIT.Result r = FailModeIT.shapes(dir, "store=" + store + ",staleAfter=2m", 0);
    assertThat(r.out()).contains("instance: ALLOW instance", "forbidden: DENY default-deny");
  }

  @Test
  void staleStoreIsDeniedWithTheReason(@TempDir Path dir) throws Exception {
    publish(System.currentTimeMillis() - 60_000);
    FailModeIT.Result r = FailModeIT.shapes(dir, "store=" + store + ",staleAfter=5s", 0);
    assertThat(r.out()).contains("instance: DENY store-unavailable");
    assertThat(r.err()).anyMatch(l -> l.contains("is stale") && l.contains("is vigil-loader running?"));
  }

  @Test
  void staleStoreWithFailOpenIsAllowedAndLogged(@TempDir Path dir) throws Exception {
    publish(System.currentTimeMillis() - 60_000);
    FailModeIT.Result r = FailModeIT.shapes(dir, "store=" + store + ",staleAfter=5s,failMode=open", 0);
    assertThat(r.out()).contains("instance: ALLOW instance", "forbidden: ALLOW forbidden");
    assertThat(r.err().stream().filter(l -> l.contains("is stale")))
        .as("logged once, with what it means, however many calls and polls follow")
        .singleElement().asString().contains("failMode=open, allowing guarded calls");
  }

  @Test
  void unknownLayoutVersionIsRefusedSayingSo(@TempDir Path dir) throws Exception {
    publish(System.currentTimeMillis());
    try (RandomAccessFile control = new RandomAccessFile(store.resolve(StoreLayout.CONTROL_FILE).toFile(), "rw")) {
      control.seek(StoreLayout.VERSION_OFFSET);
      int future = 9;
      control.writeInt(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? Integer.reverseBytes(future) : future);
    }
    FailModeIT.Result r = FailModeIT.shapes(dir, "store=" + store, 0);
    assertThat(r.out()).contains("instance: DENY store-unavailable", "unguarded: ALLOW unguarded");
    assertThat(r.err()).anyMatch(l -> l.contains("written by layout version 9") && l.contains("reads version 1"));
  }
}
