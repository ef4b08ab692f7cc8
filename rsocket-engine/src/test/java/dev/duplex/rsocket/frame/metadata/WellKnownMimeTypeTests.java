package dev.duplex.rsocket.frame.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WellKnownMimeTypeTests {

  // checklist #191: ids 0x00-0x2A and 0x7A-0x7F
  @ParameterizedTest
  @CsvSource({
      "0x00, application/avro",
      "0x05, application/json",
      "0x08, application/vnd.apache.thrift.binary",
      "0x09, application/vnd.google.protobuf",
      "0x0F, audio/mpeg3",
      "0x10, audio/mpeg",
      "0x16, image/heic-sequence",
      "0x1D, multipart/mixed",
      "0x23, video/H264",
      "0x28, application/cloudevents+json",
      "0x29, application/x-capnp",
      "0x2A, application/x-flatbuffers",
      "0x7A, message/x.rsocket.mime-type.v0",
      "0x7B, message/x.rsocket.accept-mime-types.v0",
      "0x7C, message/x.rsocket.authentication.v0",
      "0x7D, message/x.rsocket.tracing-zipkin.v0",
      "0x7E, message/x.rsocket.routing.v0",
      "0x7F, message/x.rsocket.composite-metadata.v0"})
  void mapsTheSpecTableBothWays(String id, String mimeType) {
    int identifier = Integer.decode(id);

    WellKnownMimeType type = WellKnownMimeType.fromIdentifier(identifier);

    assertThat(type).isNotNull();
    assertThat(type.identifier()).isEqualTo(identifier);
    assertThat(type.string()).isEqualTo(mimeType);
    assertThat(WellKnownMimeType.fromString(mimeType)).isSameAs(type);
  }

  @Test
  void assignsEveryIdOfTheTableAndNoOther() {
    int[] assigned = IntStream.concat(IntStream.rangeClosed(0x00, 0x2A),
        IntStream.rangeClosed(0x7A, 0x7F)).toArray();

    assertThat(Arrays.stream(WellKnownMimeType.values()).mapToInt(WellKnownMimeType::identifier)
        .toArray())
        .containsExactly(assigned);
    for (int id = 0; id < 128; id++) {
      boolean isAssigned = id <= 0x2A || id >= 0x7A;
      assertThat(WellKnownMimeType.fromIdentifier(id) != null).as("id 0x%02X", id)
          .isEqualTo(isAssigned);
      // checklist #192: the gap 0x2B-0x79 is reserved
      assertThat(WellKnownMimeType.isReserved(id)).as("id 0x%02X", id).isEqualTo(!isAssigned);
    }
  }

  @Test
  void idsOutsideSevenBitsAreNeitherKnownNorReserved() {
    assertThat(WellKnownMimeType.fromIdentifier(-1)).isNull();
    assertThat(WellKnownMimeType.fromIdentifier(0x80)).isNull();
    assertThat(WellKnownMimeType.fromIdentifier(0x85)).isNull();
    assertThat(WellKnownMimeType.isReserved(-1)).isFalse();
    assertThat(WellKnownMimeType.isReserved(0x80)).isFalse();
  }

  @Test
  void fromStringMatchesExactly() {
    assertThat(WellKnownMimeType.fromString("application/json"))
        .isSameAs(WellKnownMimeType.APPLICATION_JSON);
    assertThat(WellKnownMimeType.fromString("Application/JSON")).isNull();
    assertThat(WellKnownMimeType.fromString("application/json; charset=utf-8")).isNull();
    assertThat(WellKnownMimeType.fromString("video/h264")).isNull();
    assertThat(WellKnownMimeType.fromString("")).isNull();
  }

  @Test
  void everyStringIsUsAsciiAndFitsACustomMimeTypeField() {
    for (WellKnownMimeType type : WellKnownMimeType.values()) {
      assertThat(type.string()).hasSizeBetween(1, 128).matches("\\p{ASCII}+");
    }
  }
}
