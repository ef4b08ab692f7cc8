package dev.duplex.rsocket.messaging.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.cbor.CBORMapper;

/** Checks the raw data bytes a peer put on the wire for a data MIME type. */
final class WireFormat {

  private WireFormat() {
  }

  /**
   * Asserts {@code bytes} are {@code expected} as a JSON text object or as a CBOR map (major type
   * 5, first byte {@code 0xA0..0xBF}), depending on {@code dataMimeType}.
   */
  static void assertEncoded(String dataMimeType, byte[] bytes, Greeting expected) {
    ObjectMapper mapper;
    if (dataMimeType.equals("application/json")) {
      assertThat(new String(bytes, StandardCharsets.UTF_8)).startsWith("{").endsWith("}");
      mapper = new JsonMapper();
    } else {
      assertThat(bytes[0] & 0xE0).as("CBOR major type 5 (map)").isEqualTo(0xA0);
      mapper = new CBORMapper();
    }
    assertThat(mapper.readValue(bytes, Greeting.class)).isEqualTo(expected);
  }
}
