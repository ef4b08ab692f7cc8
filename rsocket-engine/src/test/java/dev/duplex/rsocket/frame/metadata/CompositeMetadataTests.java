package dev.duplex.rsocket.frame.metadata;

import static dev.duplex.rsocket.frame.metadata.GoldenBytes.ascii;
import static dev.duplex.rsocket.frame.metadata.GoldenBytes.bytes;
import static dev.duplex.rsocket.frame.metadata.GoldenBytes.hex;
import static dev.duplex.rsocket.frame.metadata.GoldenBytes.repeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.rsocket.frame.FrameDecodingException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CompositeMetadataTests {

  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

  /** Four entries: well-known, custom string, routing, reserved ID. */
  private static final String[] FOUR_ENTRIES = {
      // entry 0 at offset 0
      "85", //           M=1, ID 0x05 application/json
      "000002", //       content length 2
      "7b7d", //         {}
      // entry 1 at offset 6
      "07", //           M=0, MIME type length 8 - 1 (checklist #188)
      ascii("text/x.a"), // MIME type
      "000003", //       content length 3
      "616263", //       abc
      // entry 2 at offset 21
      "fe", //           M=1, ID 0x7E message/x.rsocket.routing.v0
      "000005", //       content length 5
      "01 61 02 6263", // tags "a", "bc"
      // entry 3 at offset 30
      "ab", //           M=1, ID 0x2B: reserved (checklist #192)
      "000001", //       content length 1
      "ff"}; //          content

  private static final int[] ENTRY_OFFSETS = {0, 6, 21, 30, 35};
  private static final int[] CONTENT_LENGTHS = {2, 3, 5, 1};

  @Test
  void encodesEntriesOfEachKind() {
    ByteBuf target = alloc.buffer();
    ByteBuf json = ByteBufUtil.writeAscii(alloc, "{}");
    ByteBuf abc = ByteBufUtil.writeAscii(alloc, "abc");
    try {
      CompositeMetadata.encodeEntry(target, WellKnownMimeType.APPLICATION_JSON, json);
      CompositeMetadata.encodeEntry(target, "text/x.a", abc);
      CompositeMetadata.encodeRoutingEntry(target, "a", "bc");

      assertThat(ByteBufUtil.hexDump(target)).isEqualTo(hex(
          "85", "000002", "7b7d",
          "07", ascii("text/x.a"), "000003", "616263",
          "fe", "000005", "0161", "026263"));
      // contents are borrowed: not released, indexes unchanged
      assertThat(json.refCnt()).isEqualTo(1);
      assertThat(json.readerIndex()).isZero();
      assertThat(abc.readableBytes()).isEqualTo(3);
    } finally {
      target.release();
      json.release();
      abc.release();
    }
  }

  @Test
  void copiesContentFromItsReaderIndexToItsWriterIndex() {
    ByteBuf target = alloc.buffer();
    ByteBuf content = bytes("00", "0102", "03");
    try {
      content.readerIndex(1).writerIndex(3);

      CompositeMetadata.encodeEntry(target, WellKnownMimeType.APPLICATION_OCTET_STREAM, content);

      assertThat(ByteBufUtil.hexDump(target)).isEqualTo(hex("86", "000002", "0102"));
      assertThat(content.readerIndex()).isEqualTo(1);
    } finally {
      target.release();
      content.release();
    }
  }

  @Test
  void decodesEntriesOfEachKind() {
    ByteBuf metadata = bytes(FOUR_ENTRIES);
    try {
      CompositeMetadata.Reader reader = CompositeMetadata.reader(metadata);

      assertThat(reader.next()).isTrue();
      assertThat(reader.index()).isZero();
      assertThat(reader.offset()).isZero();
      assertThat(reader.mimeTypeId()).isEqualTo(0x05);
      assertThat(reader.wellKnownMimeType()).isEqualTo(WellKnownMimeType.APPLICATION_JSON);
      assertThat(reader.mimeType()).isEqualTo("application/json");
      assertThat(reader.contentLength()).isEqualTo(2);
      assertThat(ByteBufUtil.hexDump(reader.content())).isEqualTo("7b7d");

      assertThat(reader.next()).isTrue();
      assertThat(reader.index()).isEqualTo(1);
      assertThat(reader.offset()).isEqualTo(6);
      assertThat(reader.mimeTypeId()).isEqualTo(-1);
      assertThat(reader.wellKnownMimeType()).isNull();
      assertThat(reader.mimeType()).isEqualTo("text/x.a");
      assertThat(ByteBufUtil.hexDump(reader.content())).isEqualTo("616263");

      assertThat(reader.next()).isTrue();
      assertThat(reader.offset()).isEqualTo(21);
      assertThat(reader.isMimeType(WellKnownMimeType.MESSAGE_RSOCKET_ROUTING)).isTrue();
      assertThat(RoutingMetadata.tags(reader.content())).containsExactly("a", "bc");

      // checklist #189, #192: a reserved ID is not an error; the caller skips the entry
      assertThat(reader.next()).isTrue();
      assertThat(reader.offset()).isEqualTo(30);
      assertThat(reader.mimeTypeId()).isEqualTo(0x2B);
      assertThat(reader.wellKnownMimeType()).isNull();
      assertThat(reader.mimeType()).isNull();
      assertThat(ByteBufUtil.hexDump(reader.content())).isEqualTo("ff");

      assertThat(reader.next()).isFalse();
      assertThat(reader.next()).isFalse();
      assertThat(metadata.readerIndex()).isZero();
    } finally {
      metadata.release();
    }
  }

  @Test
  void contentIsAnUnretainedSliceOfTheMetadata() {
    ByteBuf metadata = alloc.buffer();
    try {
      metadata.writeBytes(ByteBufUtil.decodeHexDump(hex(FOUR_ENTRIES)));
      CompositeMetadata.Reader reader = CompositeMetadata.reader(metadata);
      reader.next();

      ByteBuf content = reader.content();

      assertThat(content.refCnt()).isEqualTo(1);
      metadata.setByte(4, 'X');
      assertThat(content.getByte(0)).isEqualTo((byte) 'X');
    } finally {
      metadata.release();
    }
  }

  @Test
  void readsFromTheReaderIndexAndCountsOffsetsFromIt() {
    ByteBuf metadata = bytes("deadbeef", hex(FOUR_ENTRIES), "cafe");
    try {
      metadata.readerIndex(4).writerIndex(metadata.writerIndex() - 2);
      CompositeMetadata.Reader reader = CompositeMetadata.reader(metadata);
      List<Integer> offsets = new ArrayList<>();
      while (reader.next()) {
        offsets.add(reader.offset());
      }

      assertThat(offsets).containsExactly(0, 6, 21, 30);
      assertThat(metadata.readerIndex()).isEqualTo(4);
    } finally {
      metadata.release();
    }
  }

  @Test
  void emptyMetadataHasNoEntries() {
    assertThat(CompositeMetadata.reader(Unpooled.EMPTY_BUFFER).next()).isFalse();
  }

  @Test
  void zeroLengthContentIsAnEmptyBuffer() {
    ByteBuf metadata = bytes("85", "000000");
    try {
      CompositeMetadata.Reader reader = CompositeMetadata.reader(metadata);

      assertThat(reader.next()).isTrue();
      assertThat(reader.content().readableBytes()).isZero();
      assertThat(reader.next()).isFalse();
    } finally {
      metadata.release();
    }
  }

  @Test
  void accessorsWithoutACurrentEntryThrow() {
    ByteBuf metadata = bytes("85", "000000");
    try {
      CompositeMetadata.Reader reader = CompositeMetadata.reader(metadata);
      assertThatIllegalStateException().isThrownBy(reader::content);
      reader.next();
      reader.next();
      assertThatIllegalStateException().isThrownBy(reader::mimeType)
          .withMessageContaining("call next()");
    } finally {
      metadata.release();
    }
  }

  // checklist #194: the string form of a well-known type is the same type
  @Test
  void stringOverloadWritesTheStringFormWhichDecodesAsTheWellKnownType() {
    ByteBuf target = alloc.buffer();
    try {
      CompositeMetadata.encodeEntry(target, "application/json", Unpooled.EMPTY_BUFFER);

      assertThat(ByteBufUtil.hexDump(target)).isEqualTo(hex(
          "0f", //                      M=0, length 16 - 1
          ascii("application/json"),
          "000000")); //                content length 0
      CompositeMetadata.Reader reader = CompositeMetadata.reader(target);
      assertThat(reader.next()).isTrue();
      assertThat(reader.mimeTypeId()).isEqualTo(-1);
      assertThat(reader.isMimeType(WellKnownMimeType.APPLICATION_JSON)).isTrue();
      assertThat(reader.isMimeType(WellKnownMimeType.APPLICATION_CBOR)).isFalse();
      assertThat(reader.wellKnownMimeType()).isEqualTo(WellKnownMimeType.APPLICATION_JSON);
    } finally {
      target.release();
    }
  }

  // checklist #188: custom MIME types of 1 and 128 bytes, written as length - 1
  @Test
  void encodesCustomMimeTypesOfOneAndOneHundredTwentyEightBytes() {
    String longest = "x/" + repeat('y', 126);
    ByteBuf target = alloc.buffer();
    try {
      CompositeMetadata.encodeEntry(target, "z", Unpooled.EMPTY_BUFFER);
      CompositeMetadata.encodeEntry(target, longest, Unpooled.EMPTY_BUFFER);

      assertThat(ByteBufUtil.hexDump(target)).isEqualTo(hex(
          "00", ascii("z"), "000000", //   length 1 - 1
          "7f", ascii(longest), "000000")); // length 128 - 1
      CompositeMetadata.Reader reader = CompositeMetadata.reader(target);
      assertThat(reader.next()).isTrue();
      assertThat(reader.mimeType()).isEqualTo("z");
      assertThat(reader.next()).isTrue();
      assertThat(reader.mimeType()).isEqualTo(longest);
    } finally {
      target.release();
    }
  }

  @Test
  void routingEntryFromACollection() {
    ByteBuf target = alloc.buffer();
    try {
      CompositeMetadata.encodeRoutingEntry(target, List.of("/person/1", ""));

      assertThat(ByteBufUtil.hexDump(target)).isEqualTo(hex(
          "fe", //      M=1, ID 0x7E routing
          "00000b", //  content length 11
          "09", ascii("/person/1"),
          "00")); //    an empty tag (checklist #198)
    } finally {
      target.release();
    }
  }

  @Test
  void beginAndEndEntryWrapContentWrittenInPlace() {
    ByteBuf target = alloc.buffer();
    try {
      target.writeByte(0x42); // whatever the caller wrote before
      int mark = CompositeMetadata.beginEntry(target,
          WellKnownMimeType.MESSAGE_RSOCKET_AUTHENTICATION);
      AuthMetadata.encodeBearer(target, "token");
      CompositeMetadata.endEntry(target, mark);
      int custom = CompositeMetadata.beginEntry(target, "a/b");
      target.writeByte(0x01);
      CompositeMetadata.endEntry(target, custom);

      assertThat(mark).isEqualTo(1);
      assertThat(ByteBufUtil.hexDump(target)).isEqualTo(hex(
          "42",
          "fc", //              M=1, ID 0x7C authentication
          "000006", //          content length 6
          "81", ascii("token"), // A=1, bearer; the token
          "02", ascii("a/b"), //  M=0, length 3 - 1
          "000001", "01"));
    } finally {
      target.release();
    }
  }

  @Test
  void findFirstReturnsTheFirstEntryOfATypeInEitherForm() {
    ByteBuf metadata = bytes(FOUR_ENTRIES);
    ByteBuf stringForm = bytes("1b", ascii("message/x.rsocket.routing.v0"), "000002", "0161");
    try {
      ByteBuf routing = CompositeMetadata.findFirst(metadata,
          WellKnownMimeType.MESSAGE_RSOCKET_ROUTING);
      assertThat(routing).isNotNull();
      assertThat(ByteBufUtil.hexDump(routing)).isEqualTo("0161026263");
      assertThat(CompositeMetadata.findFirst(metadata, WellKnownMimeType.TEXT_PLAIN)).isNull();
      ByteBuf fromString = CompositeMetadata.findFirst(stringForm,
          WellKnownMimeType.MESSAGE_RSOCKET_ROUTING);
      assertThat(fromString).isNotNull();
      assertThat(ByteBufUtil.hexDump(fromString)).isEqualTo("0161");
    } finally {
      metadata.release();
      stringForm.release();
    }
  }

  static Stream<Arguments> malformedMetadata() {
    return Stream.of(
        Arguments.of("content length field truncated", hex("85", "0000"),
            "composite metadata entry 0 at offset 0: content length field at offset 1 runs past "
                + "the end of the metadata (expected: 3 bytes, available: 2)"),
        Arguments.of("content past the end", hex("85", "000005", "6162"),
            "composite metadata entry 0 at offset 0: content length 5 runs past the end of the "
                + "metadata (expected: <= 2)"),
        Arguments.of("custom MIME type past the end", hex("07", "7465"),
            "composite metadata entry 0 at offset 0: MIME type length 8 runs past the end of the "
                + "metadata (expected: <= 2)"),
        Arguments.of("128-byte MIME type with 127 bytes left", hex("7f", repeat('a', 254)),
            "composite metadata entry 0 at offset 0: MIME type length 128 runs past the end of "
                + "the metadata (expected: <= 127)"),
        Arguments.of("second entry content past the end",
            hex("01", "6162", "000006", "000000000000", "85", "00012c", repeat('0', 40)),
            "composite metadata entry 1 at offset 12: content length 300 runs past the end of "
                + "the metadata (expected: <= 20)"),
        Arguments.of("length field of a custom entry truncated", hex("00", "78", "00"),
            "composite metadata entry 0 at offset 0: content length field at offset 2 runs past "
                + "the end of the metadata (expected: 3 bytes, available: 1)"));
  }

  // checklist #190
  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedMetadata")
  void malformedEntryNamesEntryFieldOffsetAndLengths(String name, String hex, String message) {
    ByteBuf metadata = bytes(hex);
    try {
      CompositeMetadata.Reader reader = CompositeMetadata.reader(metadata);

      assertThatThrownBy(() -> {
        while (reader.next()) {
          reader.content();
        }
      }).isInstanceOf(FrameDecodingException.class).hasMessage(message)
          .satisfies(e -> assertThat(((FrameDecodingException) e).frameType()).isNull());
      // a caller that catches the exception cannot loop
      assertThat(reader.next()).isFalse();
    } finally {
      metadata.release();
    }
  }

  static IntStream everyTruncation() {
    return IntStream.range(0, 35);
  }

  // checklist #190: the four entries cut after every byte
  @ParameterizedTest(name = "cut after {0} bytes")
  @MethodSource("everyTruncation")
  void truncatedMetadataFailsInTheEntryItCutsOrDecodesTheEntriesBefore(int cut) {
    ByteBuf metadata = bytes(FOUR_ENTRIES);
    try {
      metadata.writerIndex(cut);
      int entry = 0;
      while (ENTRY_OFFSETS[entry + 1] <= cut) {
        entry++;
      }
      CompositeMetadata.Reader reader = CompositeMetadata.reader(metadata);
      for (int i = 0; i < entry; i++) {
        assertThat(reader.next()).isTrue();
      }
      if (cut == ENTRY_OFFSETS[entry]) {
        assertThat(reader.next()).isFalse();
        return;
      }
      assertThatThrownBy(reader::next)
          .isInstanceOf(FrameDecodingException.class)
          .hasMessageStartingWith("composite metadata entry " + entry + " at offset "
              + ENTRY_OFFSETS[entry] + ": ")
          .hasMessageContaining(truncatedField(entry, cut - ENTRY_OFFSETS[entry]))
          .hasMessageContaining("runs past the end of the metadata");
    } finally {
      metadata.release();
    }
  }

  /** The field that a cut {@code into} bytes after the start of {@code entry} falls in. */
  private static String truncatedField(int entry, int into) {
    int header = entry == 1 ? 1 + 8 : 1; // entry 1 has an 8-byte MIME type string
    if (into < header) {
      return "MIME type length 8";
    }
    if (into < header + 3) {
      return "content length field";
    }
    return "content length " + CONTENT_LENGTHS[entry] + " runs past";
  }

  @Test
  void rejectsMimeTypesThatAreNotOneToOneHundredTwentyEightUsAsciiBytes() {
    ByteBuf target = alloc.buffer();
    try {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> CompositeMetadata.encodeEntry(target, "", Unpooled.EMPTY_BUFFER))
          .withMessage("mimeType: 0 bytes (expected: 1..128 US-ASCII bytes)");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> CompositeMetadata.encodeEntry(target, repeat('a', 129),
              Unpooled.EMPTY_BUFFER))
          .withMessage("mimeType: 129 bytes (expected: 1..128 US-ASCII bytes)");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> CompositeMetadata.encodeEntry(target, "text/caf\u00e9",
              Unpooled.EMPTY_BUFFER))
          .withMessage("mimeType: non-US-ASCII character U+00E9 at index 8 (expected: US-ASCII)");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> CompositeMetadata.beginEntry(target, ""));
      assertThat(target.writerIndex()).isZero();
    } finally {
      target.release();
    }
  }

  @Test
  void rejectsContentLongerThanTwentyFourBits() {
    ByteBuf target = alloc.buffer();
    ByteBuf content = Unpooled.buffer(0x100_0000).writerIndex(0x100_0000);
    try {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> CompositeMetadata.encodeEntry(target,
              WellKnownMimeType.APPLICATION_OCTET_STREAM, content))
          .withMessage("content: 16777216 bytes (expected: <= 16777215)");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> CompositeMetadata.encodeEntry(target, "a/b", content));
      assertThat(target.writerIndex()).isZero();

      target.writeByte(0x42);
      int mark = CompositeMetadata.beginEntry(target, WellKnownMimeType.APPLICATION_ZIP);
      target.writeBytes(content, 0, 0x100_0000);
      assertThatIllegalArgumentException()
          .isThrownBy(() -> CompositeMetadata.endEntry(target, mark))
          .withMessage("content: 16777216 bytes (expected: <= 16777215)");
      // the entry is gone, what came before stays
      assertThat(target.writerIndex()).isEqualTo(1);
    } finally {
      target.release();
      content.release();
    }
  }

  @Test
  void aContentOfExactlyTwentyFourBitsFits() {
    ByteBuf target = Unpooled.buffer();
    ByteBuf content = Unpooled.buffer(0xFF_FFFF).writerIndex(0xFF_FFFF);
    try {
      CompositeMetadata.encodeEntry(target, WellKnownMimeType.APPLICATION_ZIP, content);

      CompositeMetadata.Reader reader = CompositeMetadata.reader(target);
      assertThat(reader.next()).isTrue();
      assertThat(reader.contentLength()).isEqualTo(0xFF_FFFF);
      assertThat(reader.next()).isFalse();
    } finally {
      target.release();
      content.release();
    }
  }

  @Test
  void routingEntryWithATooLongTagLeavesTheTargetUnchanged() {
    ByteBuf target = alloc.buffer();
    try {
      target.writeByte(0x42);

      assertThatIllegalArgumentException()
          .isThrownBy(() -> CompositeMetadata.encodeRoutingEntry(target, "ok", repeat('t', 256)))
          .withMessage("tag: 256 UTF-8 bytes (expected: <= 255)");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> CompositeMetadata.encodeRoutingEntry(target,
              List.of(repeat('\u00e9', 128))))
          .withMessage("tag: 256 UTF-8 bytes (expected: <= 255)");
      assertThat(ByteBufUtil.hexDump(target)).isEqualTo("42");
    } finally {
      target.release();
    }
  }
}
