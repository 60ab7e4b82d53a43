package org.citysense.cloud.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.citysense.cloud.testdb.DatabaseContract;
import org.junit.jupiter.api.Test;

/** A lease has one holder at a time; another node takes it once it expired or was given up. */
public abstract class LeaseContract extends DatabaseContract {
  private static final Duration LONG = Duration.ofMinutes(5);

  @Test
  void oneNodeHoldsALeaseUntilItGivesItUp() {
    Leases leases = new Leases(db);
    assertThat(leases.acquire("notifier", "node-a", LONG)).as("free: a takes it").isTrue();
    assertThat(leases.acquire("notifier", "node-b", LONG)).as("held by a").isFalse();
    assertThat(leases.acquire("notifier", "node-a", LONG)).as("a renews").isTrue();
    assertThat(leases.holder("notifier")).contains("node-a");
    assertThat(leases.acquire("other", "node-b", LONG)).as("another lease").isTrue();

    leases.release("notifier", "node-b"); // not b's to give
    assertThat(leases.holder("notifier")).contains("node-a");
    leases.release("notifier", "node-a");
    assertThat(leases.acquire("notifier", "node-b", LONG)).as("given up: b takes it").isTrue();
  }

  @Test
  void aLeaseItsHolderStoppedRenewingPassesToAnotherNode() throws InterruptedException {
    Leases leases = new Leases(db);
    assertThat(leases.acquire("notifier", "node-a", Duration.ofMillis(200))).isTrue();
    Thread.sleep(400); // node a stalls, or died
    assertThat(leases.holder("notifier")).isEmpty();
    assertThat(leases.acquire("notifier", "node-b", LONG)).isTrue();
    assertThat(leases.acquire("notifier", "node-a", LONG)).as("a wakes up: too late").isFalse();
  }
}
