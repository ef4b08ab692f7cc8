package dev.duplex.rsocket.frame.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WellKnownAuthTypeTests {

  // checklist #201
  @Test
  void mapsTheSpecTableBothWays() {
    assertThat(WellKnownAuthType.SIMPLE.identifier()).isZero();
    assertThat(WellKnownAuthType.SIMPLE.string()).isEqualTo("simple");
    assertThat(WellKnownAuthType.BEARER.identifier()).isEqualTo(1);
    assertThat(WellKnownAuthType.BEARER.string()).isEqualTo("bearer");
    assertThat(WellKnownAuthType.fromIdentifier(0)).isSameAs(WellKnownAuthType.SIMPLE);
    assertThat(WellKnownAuthType.fromIdentifier(1)).isSameAs(WellKnownAuthType.BEARER);
    assertThat(WellKnownAuthType.fromString("simple")).isSameAs(WellKnownAuthType.SIMPLE);
    assertThat(WellKnownAuthType.fromString("bearer")).isSameAs(WellKnownAuthType.BEARER);
  }

  @Test
  void unassignedIdsAndOtherStringsAreUnknown() {
    assertThat(WellKnownAuthType.fromIdentifier(2)).isNull();
    assertThat(WellKnownAuthType.fromIdentifier(0x7F)).isNull();
    assertThat(WellKnownAuthType.fromIdentifier(-1)).isNull();
    assertThat(WellKnownAuthType.fromString("Bearer")).isNull();
    assertThat(WellKnownAuthType.fromString("basic")).isNull();
  }
}
