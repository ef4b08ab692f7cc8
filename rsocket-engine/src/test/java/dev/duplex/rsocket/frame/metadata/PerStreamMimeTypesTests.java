package dev.duplex.rsocket.frame.metadata;

import static dev.duplex.rsocket.frame.metadata.GoldenBytes.ascii;
import static dev.duplex.rsocket.frame.metadata.GoldenBytes.bytes;
import static dev.duplex.rsocket.frame.metadata.GoldenBytes.hex;
import static dev.duplex.rsocket.frame.metadata.GoldenBytes.repeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.rsocket.frame.FrameDecodingException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PerStreamMimeTypesTests {

  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

  // checklist #205: well-known, custom, reserved
  private static final String[] ACCEPT = {
      "85", //                      M=1, ID 0x05 application/json
      "09", ascii("text/x.csv"), // M=0, length 10 - 1 (checklist #206)
      "ab", //                      M=1, ID 0x2B: reserved, left out
      "a1"}; //                     M=1, ID 0x21 text/plain

  // checklist #204
  @Test
  void encodesOneMimeTypeAsIdOrString() {
    ByteBuf target = alloc.buffer();
    try {
      PerStreamMimeTypes.encodeMimeType(target, WellKnownMimeType.APPLICATION_CBOR);
      assertThat(ByteBufUtil.hexDump(target)).isEqualTo(hex("81")); // M=1, ID 0x01

      target.clear();
      PerStreamMimeTypes.encodeMimeType(target, "application/cbor"); // the string form, as asked
      assertThat(ByteBufUtil.hexDump(target)).isEqualTo(hex("0f", ascii("application/cbor")));
    } finally {
      target.release();
    }
  }

  @Test
  void decodesOneMimeType() {
    ByteBuf id = bytes("81");
    ByteBuf string = bytes("09", ascii("text/x.csv"));
    ByteBuf reserved = bytes("ab");
    try {
      assertThat(PerStreamMimeTypes.decodeMimeType(id)).isEqualTo("application/cbor");
      assertThat(PerStreamMimeTypes.decodeMimeType(string)).isEqualTo("text/x.csv");
      assertThat(PerStreamMimeTypes.decodeMimeType(reserved)).isNull();
    } finally {
      id.release();
      string.release();
      reserved.release();
    }
  }

  @Test
  void encodesAnAcceptListOneTypeAtATime() {
    ByteBuf target = alloc.buffer();
    try {
      PerStreamMimeTypes.encodeMimeType(target, WellKnownMimeType.APPLICATION_JSON);
      PerStreamMimeTypes.encodeMimeType(target, "text/x.csv");

      assertThat(ByteBufUtil.hexDump(target)).isEqualTo(hex("85", "09", ascii("text/x.csv")));
    } finally {
      target.release();
    }
  }

  @Test
  void encodesAnAcceptListOfStrings() {
    ByteBuf target = alloc.buffer();
    try {
      PerStreamMimeTypes.encodeAcceptMimeTypes(target, List.of("text/x.csv", "a"));

      assertThat(ByteBufUtil.hexDump(target))
          .isEqualTo(hex("09", ascii("text/x.csv"), "00", ascii("a")));
    } finally {
      target.release();
    }
  }

  @Test
  void decodesAnAcceptListLeavingOutReservedIds() {
    ByteBuf content = bytes(ACCEPT);
    try {
      assertThat(PerStreamMimeTypes.decodeAcceptMimeTypes(content))
          .containsExactly("application/json", "text/x.csv", "text/plain");
      assertThat(PerStreamMimeTypes.decodeAcceptMimeTypes(Unpooled.EMPTY_BUFFER)).isEmpty();
    } finally {
      content.release();
    }
  }

  @Test
  void customMimeTypesOfOneAndOneHundredTwentyEightBytes() {
    String longest = repeat('m', 128);
    ByteBuf target = alloc.buffer();
    try {
      PerStreamMimeTypes.encodeMimeType(target, "m");
      PerStreamMimeTypes.encodeMimeType(target, longest);

      assertThat(ByteBufUtil.hexDump(target))
          .isEqualTo(hex("00", ascii("m"), "7f", ascii(longest)));
      assertThat(PerStreamMimeTypes.decodeAcceptMimeTypes(target)).containsExactly("m", longest);
    } finally {
      target.release();
    }
  }

  static Stream<Arguments> malformed() {
    Function<ByteBuf, Object> single = PerStreamMimeTypes::decodeMimeType;
    Function<ByteBuf, Object> list = PerStreamMimeTypes::decodeAcceptMimeTypes;
    return Stream.of(
        Arguments.of("empty mime-type", "", single,
            "mime-type metadata item 0 at offset 0: MIME type field runs past the end "
                + "(expected: 1 byte, available: 0)"),
        Arguments.of("mime-type string past the end", hex("05", ascii("ab")), single,
            "mime-type metadata item 0 at offset 0: MIME type length 6 runs past the end "
                + "(expected: <= 2)"),
        Arguments.of("second accepted string past the end", hex("85", "05", ascii("ab")), list,
            "accept-mime-types metadata item 1 at offset 1: MIME type length 6 runs past the "
                + "end (expected: <= 2)"),
        Arguments.of("accepted 128-byte string with 127 bytes left",
            hex("7f", repeat('6', 254)), list,
            "accept-mime-types metadata item 0 at offset 0: MIME type length 128 runs past the "
                + "end (expected: <= 127)"));
  }

  // checklist #204, #205
  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedMimeTypesNameItemOffsetAndLengths(String name, String hex,
      Function<ByteBuf, ?> decoder, String message) {
    ByteBuf content = bytes(hex);
    try {
      assertThatThrownBy(() -> decoder.apply(content))
          .isInstanceOf(FrameDecodingException.class)
          .hasMessage(message);
    } finally {
      content.release();
    }
  }

  @Test
  void rejectsBadStringsAndEmptyListsAndLeavesTheTargetUnchanged() {
    ByteBuf target = alloc.buffer();
    try {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> PerStreamMimeTypes.encodeMimeType(target, ""))
          .withMessage("mimeType: 0 bytes (expected: 1..128 US-ASCII bytes)");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> PerStreamMimeTypes.encodeMimeType(target, repeat('m', 129)))
          .withMessage("mimeType: 129 bytes (expected: 1..128 US-ASCII bytes)");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> PerStreamMimeTypes.encodeAcceptMimeTypes(target, List.of()))
          .withMessage("mimeTypes: empty (expected: at least one)");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> PerStreamMimeTypes.encodeAcceptMimeTypes(target,
              List.of("ok/ok", "b\u00e4d")))
          .withMessage("mimeType: non-US-ASCII character U+00E4 at index 1 (expected: US-ASCII)");
      assertThat(target.writerIndex()).isZero();
    } finally {
      target.release();
    }
  }
}
