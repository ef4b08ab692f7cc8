package dev.duplex.rsocket.frame.metadata;

import static dev.duplex.rsocket.frame.metadata.GoldenBytes.ascii;
import static dev.duplex.rsocket.frame.metadata.GoldenBytes.bytes;
import static dev.duplex.rsocket.frame.metadata.GoldenBytes.hex;
import static dev.duplex.rsocket.frame.metadata.GoldenBytes.repeat;
import static dev.duplex.rsocket.frame.metadata.GoldenBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.rsocket.frame.FrameDecodingException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RoutingMetadataTests {

  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

  // checklist #196
  private static final String[] THREE_TAGS = {
      "09", ascii("/person/1"), // tag 0: length 9, not null-terminated
      "00", //                    tag 1: empty (checklist #198)
      "08", utf8("caf\u00e9.v2")}; // tag 2: 8 UTF-8 bytes for 7 characters

  @Test
  void encodesTagsAsLengthAndUtf8() {
    ByteBuf target = alloc.buffer();
    try {
      RoutingMetadata.encode(target, "/person/1", "", "caf\u00e9.v2");

      assertThat(ByteBufUtil.hexDump(target)).isEqualTo(hex(THREE_TAGS));
    } finally {
      target.release();
    }
  }

  @Test
  void encodesTagsFromAnIterable() {
    ByteBuf target = alloc.buffer();
    try {
      RoutingMetadata.encode(target, List.of("/person/1", "", "caf\u00e9.v2"));

      assertThat(ByteBufUtil.hexDump(target)).isEqualTo(hex(THREE_TAGS));
    } finally {
      target.release();
    }
  }

  @Test
  void decodesTags() {
    ByteBuf routing = bytes(THREE_TAGS);
    try {
      assertThat(RoutingMetadata.tags(routing)).containsExactly("/person/1", "", "caf\u00e9.v2");
      assertThat(RoutingMetadata.firstTag(routing)).isEqualTo("/person/1");
      assertThat(routing.readerIndex()).isZero();
    } finally {
      routing.release();
    }
  }

  @Test
  void tagReaderHandsOutSlicesOfEachTag() {
    ByteBuf routing = bytes(THREE_TAGS);
    try {
      RoutingMetadata.TagReader reader = RoutingMetadata.tagReader(routing);
      assertThatIllegalStateException().isThrownBy(reader::tag);

      assertThat(reader.next()).isTrue();
      assertThat(reader.index()).isZero();
      assertThat(ByteBufUtil.hexDump(reader.tagBytes())).isEqualTo(ascii("/person/1"));
      assertThat(reader.next()).isTrue();
      assertThat(reader.tagBytes().readableBytes()).isZero();
      assertThat(reader.tag()).isEmpty();
      assertThat(reader.next()).isTrue();
      assertThat(reader.index()).isEqualTo(2);
      assertThat(reader.tag()).isEqualTo("caf\u00e9.v2");
      assertThat(reader.next()).isFalse();
    } finally {
      routing.release();
    }
  }

  @Test
  void emptyRoutingMetadataHasNoTags() {
    assertThat(RoutingMetadata.tags(Unpooled.EMPTY_BUFFER)).isEmpty();
    assertThat(RoutingMetadata.firstTag(Unpooled.EMPTY_BUFFER)).isNull();
  }

  @Test
  void decodesFromTheReaderIndex() {
    ByteBuf routing = bytes("ff", "02", ascii("ab"));
    try {
      routing.readerIndex(1);

      assertThat(RoutingMetadata.tags(routing)).containsExactly("ab");
      assertThat(RoutingMetadata.firstTag(routing)).isEqualTo("ab");
    } finally {
      routing.release();
    }
  }

  @Test
  void firstTagDoesNotCheckTheTagsAfterIt() {
    ByteBuf routing = bytes("01", ascii("a"), "05");
    try {
      assertThat(RoutingMetadata.firstTag(routing)).isEqualTo("a");
      assertThatThrownBy(() -> RoutingMetadata.tags(routing))
          .isInstanceOf(FrameDecodingException.class);
    } finally {
      routing.release();
    }
  }

  static Stream<Arguments> malformedRouting() {
    return Stream.of(
        Arguments.of("first tag past the end", hex("01"),
            "routing metadata tag 0 at offset 0: length 1 runs past the end (expected: <= 0)"),
        Arguments.of("third tag past the end",
            hex("02", ascii("ab"), "03", ascii("cde"), "28", ascii("fgh")),
            "routing metadata tag 2 at offset 7: length 40 runs past the end (expected: <= 3)"),
        Arguments.of("longest tag one byte short", hex("ff", repeat('6', 2 * 254)),
            "routing metadata tag 0 at offset 0: length 255 runs past the end "
                + "(expected: <= 254)"));
  }

  // checklist #198
  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedRouting")
  void tagRunningPastTheEndIsMalformed(String name, String hex, String message) {
    ByteBuf routing = bytes(hex);
    try {
      assertThatThrownBy(() -> RoutingMetadata.tags(routing))
          .isInstanceOf(FrameDecodingException.class)
          .hasMessage(message);
      RoutingMetadata.TagReader reader = RoutingMetadata.tagReader(routing);
      assertThatThrownBy(() -> {
        while (reader.next()) {
          reader.tag();
        }
      }).hasMessage(message);
      assertThat(reader.next()).isFalse();
    } finally {
      routing.release();
    }
  }

  @Test
  void firstTagPastTheEndIsMalformed() {
    ByteBuf routing = bytes("03", ascii("ab"));
    try {
      assertThatThrownBy(() -> RoutingMetadata.firstTag(routing))
          .isInstanceOf(FrameDecodingException.class)
          .hasMessage("routing metadata tag 0 at offset 0: length 3 runs past the end "
              + "(expected: <= 2)");
    } finally {
      routing.release();
    }
  }

  @Test
  void acceptsTagsOfTwoHundredFiftyFiveBytes() {
    String longest = repeat('\u00e9', 127) + "x"; // 255 UTF-8 bytes
    ByteBuf target = alloc.buffer();
    try {
      RoutingMetadata.encode(target, longest);

      assertThat(target.getUnsignedByte(0)).isEqualTo((short) 255);
      assertThat(RoutingMetadata.tags(target)).containsExactly(longest);
    } finally {
      target.release();
    }
  }

  @Test
  void rejectsTagsLongerThanTwoHundredFiftyFiveUtf8BytesAndLeavesTheTargetUnchanged() {
    ByteBuf target = alloc.buffer();
    try {
      target.writeByte(0x42);

      assertThatIllegalArgumentException()
          .isThrownBy(() -> RoutingMetadata.encode(target, "a", repeat('t', 256)))
          .withMessage("tag: 256 UTF-8 bytes (expected: <= 255)");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> RoutingMetadata.encode(target, List.of("a", repeat('\u00e9', 128))))
          .withMessage("tag: 256 UTF-8 bytes (expected: <= 255)");
      assertThat(ByteBufUtil.hexDump(target)).isEqualTo("42");
    } finally {
      target.release();
    }
  }
}
