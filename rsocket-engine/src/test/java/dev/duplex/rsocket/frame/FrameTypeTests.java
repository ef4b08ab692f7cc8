package dev.duplex.rsocket.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The frame type table (checklist #16) and what each type may carry (#18, #22, #24, #169). */
class FrameTypeTests {

  @ParameterizedTest
  @CsvSource({
      "SETUP, 0x01", "LEASE, 0x02", "KEEPALIVE, 0x03", "REQUEST_RESPONSE, 0x04",
      "REQUEST_FNF, 0x05", "REQUEST_STREAM, 0x06", "REQUEST_CHANNEL, 0x07", "REQUEST_N, 0x08",
      "CANCEL, 0x09", "PAYLOAD, 0x0A", "ERROR, 0x0B", "METADATA_PUSH, 0x0C", "RESUME, 0x0D",
      "RESUME_OK, 0x0E", "EXT, 0x3F"})
  void codeMatchesTheSpecTableBothWays(FrameType type, String code) {
    int value = Integer.decode(code);
    assertThat(type.code()).isEqualTo(value);
    assertThat(FrameType.fromCode(value)).isSameAs(type);
  }

  @Test
  void reservedAndUnassignedCodesHaveNoType() {
    assertThat(FrameType.fromCode(0x00)).isNull(); // RESERVED
    for (int code = 0x0F; code <= 0x3E; code++) {
      assertThat(FrameType.fromCode(code)).as("code 0x%02X", code).isNull();
    }
    assertThat(FrameType.fromCode(-1)).isNull();
    assertThat(FrameType.fromCode(0x40)).isNull();
  }

  @Test
  void typesThatCanCarryMetadataAreThoseOfChecklist24() {
    EnumSet<FrameType> withMetadata = EnumSet.noneOf(FrameType.class);
    for (FrameType type : FrameType.values()) {
      if (type.canHaveMetadata()) {
        withMetadata.add(type);
      }
    }
    assertThat(withMetadata).containsExactlyInAnyOrder(FrameType.SETUP, FrameType.LEASE,
        FrameType.REQUEST_RESPONSE, FrameType.REQUEST_FNF, FrameType.REQUEST_STREAM,
        FrameType.REQUEST_CHANNEL, FrameType.PAYLOAD, FrameType.METADATA_PUSH, FrameType.EXT);
  }

  @Test
  void metadataOnlyTypesHaveNoMetadataLength() {
    // Checklist #22: LEASE and METADATA_PUSH carry metadata only, without a length field.
    assertThat(FrameType.LEASE.hasMetadataLength()).isFalse();
    assertThat(FrameType.METADATA_PUSH.hasMetadataLength()).isFalse();
    for (FrameType type : FrameType.values()) {
      if (type.hasMetadataLength()) {
        assertThat(type.canHaveMetadata()).as("%s", type).isTrue();
      }
    }
  }

  @Test
  void onlyPayloadAndTheFourRequestsAreFragmentable() {
    // Checklist #169.
    for (FrameType type : FrameType.values()) {
      assertThat(type.isFragmentable()).as("%s", type)
          .isEqualTo(type == FrameType.PAYLOAD || type.isRequest());
    }
    assertThat(EnumSet.allOf(FrameType.class)).filteredOn(FrameType::isRequest)
        .containsExactlyInAnyOrder(FrameType.REQUEST_RESPONSE, FrameType.REQUEST_FNF,
            FrameType.REQUEST_STREAM, FrameType.REQUEST_CHANNEL);
  }
}
