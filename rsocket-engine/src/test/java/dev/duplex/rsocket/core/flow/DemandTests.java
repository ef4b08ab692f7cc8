package dev.duplex.rsocket.core.flow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemandTests {

  @Test
  void smallGrantsReachThePublisherExactly() {
    Demand demand = new Demand(5);

    assertThat(demand.toRequest(true)).isEqualTo(5);
    assertThat(demand.toRequest(true)).isZero();
    demand.grant(5);
    assertThat(demand.toRequest(true)).isEqualTo(5);
  }

  @Test
  void unboundedDemandIsAskedForInBatches() {
    Demand demand = new Demand(Long.MAX_VALUE);

    assertThat(demand.toRequest(true)).isEqualTo(Demand.BATCH);
    for (int i = 0; i < Demand.BATCH / 2 - 1; i++) {
      assertThat(demand.trySend()).isTrue();
    }
    assertThat(demand.toRequest(true)).as("more than half a batch still asked for").isZero();
    assertThat(demand.trySend()).isTrue();
    assertThat(demand.toRequest(true)).isEqualTo(Demand.BATCH / 2);
  }

  @Test
  void nothingIsAskedForWhileUnwritable() {
    Demand demand = new Demand(10);

    assertThat(demand.toRequest(false)).isZero();
    assertThat(demand.hasUnrequestedCredit()).isTrue();
    assertThat(demand.toRequest(true)).isEqualTo(10);
    assertThat(demand.hasUnrequestedCredit()).isFalse();
  }

  @Test
  void sendingWithoutCreditIsRefused() {
    Demand demand = new Demand(1);

    assertThat(demand.trySend()).isTrue();
    assertThat(demand.trySend()).isFalse();
  }

  @Test
  void grantsSaturateInsteadOfOverflowing() {
    Demand demand = new Demand(Long.MAX_VALUE - 1);
    demand.grant(10); // checklist #134

    assertThat(demand.toRequest(true)).isEqualTo(Demand.BATCH);
  }
}
