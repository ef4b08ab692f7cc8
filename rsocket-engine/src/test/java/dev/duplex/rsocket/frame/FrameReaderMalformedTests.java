package dev.duplex.rsocket.frame;

import static dev.duplex.rsocket.frame.FrameBytes.ALLOC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed frames: every truncation that cuts a required field, metadata lengths past the end,
 * frames shorter than the header, unknown types, and variable-length fields (MIME types, resume
 * tokens) whose length runs past the end. Each raises {@link FrameDecodingException} naming the
 * frame type, the field, its offset and the lengths; the listener is never called; the next valid
 * frame still decodes.
 */
class FrameReaderMalformedTests {

  /** A required field of a frame layout: its name as the reader reports it, offset and size. */
  record Field(String name, int offset, int size) {
    int end() {
      return offset + size;
    }
  }

  /** A valid frame from {@link FrameWriter} and its required fields, in wire order, by hand. */
  record Layout(String name, FrameType type, int streamId, Function<FrameBytes, ByteBuf> writer,
      List<Field> fields) {
    int requiredLength() {
      return fields.isEmpty() ? FrameHeader.SIZE : fields.get(fields.size() - 1).end();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static List<Layout> layouts() {
    return List.of(
        new Layout("SETUP M R", FrameType.SETUP, 0,
            in -> FrameWriter.setup(ALLOC, 1, 0, 30_000, 90_000, in.utf8("tok1"), false,
                "application/json", "text/plain", in.utf8("meta"), in.utf8("data")),
            List.of(new Field("major version", 6, 2), new Field("minor version", 8, 2),
                new Field("time between KEEPALIVE frames", 10, 4),
                new Field("max lifetime", 14, 4), new Field("resume token length", 18, 2),
                new Field("resume token", 20, 4),
                new Field("metadata encoding MIME type length", 24, 1),
                new Field("metadata encoding MIME type", 25, 16),
                new Field("data encoding MIME type length", 41, 1),
                new Field("data encoding MIME type", 42, 10),
                new Field("metadata length", 52, 3), new Field("metadata", 55, 4))),
        new Layout("LEASE M", FrameType.LEASE, 0,
            in -> FrameWriter.lease(ALLOC, 100, 5, in.utf8("meta")),
            List.of(new Field("time-to-live", 6, 4), new Field("number of requests", 10, 4))),
        new Layout("KEEPALIVE", FrameType.KEEPALIVE, 0,
            in -> FrameWriter.keepAlive(ALLOC, true, 7, in.utf8("data")),
            List.of(new Field("last received position", 6, 8))),
        new Layout("REQUEST_RESPONSE M", FrameType.REQUEST_RESPONSE, 1,
            in -> FrameWriter.requestResponse(ALLOC, 1, in.utf8("meta"), in.utf8("data"), false),
            List.of(new Field("metadata length", 6, 3), new Field("metadata", 9, 4))),
        new Layout("REQUEST_FNF M", FrameType.REQUEST_FNF, 3,
            in -> FrameWriter.requestFireAndForget(ALLOC, 3, in.utf8("meta"), in.utf8("data"),
                false),
            List.of(new Field("metadata length", 6, 3), new Field("metadata", 9, 4))),
        new Layout("REQUEST_STREAM M", FrameType.REQUEST_STREAM, 5,
            in -> FrameWriter.requestStream(ALLOC, 5, 10, in.utf8("meta"), in.utf8("data"),
                false),
            List.of(new Field("initial request n", 6, 4), new Field("metadata length", 10, 3),
                new Field("metadata", 13, 4))),
        new Layout("REQUEST_CHANNEL M", FrameType.REQUEST_CHANNEL, 7,
            in -> FrameWriter.requestChannel(ALLOC, 7, 10, in.utf8("meta"), in.utf8("data"),
                false, false),
            List.of(new Field("initial request n", 6, 4), new Field("metadata length", 10, 3),
                new Field("metadata", 13, 4))),
        new Layout("REQUEST_N", FrameType.REQUEST_N, 9,
            in -> FrameWriter.requestN(ALLOC, 9, 4),
            List.of(new Field("request n", 6, 4))),
        new Layout("CANCEL", FrameType.CANCEL, 11,
            in -> FrameWriter.cancel(ALLOC, 11),
            List.of()),
        new Layout("PAYLOAD M", FrameType.PAYLOAD, 2,
            in -> FrameWriter.payload(ALLOC, 2, in.utf8("meta"), in.utf8("data"), false, false,
                true),
            List.of(new Field("metadata length", 6, 3), new Field("metadata", 9, 4))),
        new Layout("ERROR", FrameType.ERROR, 13,
            in -> FrameWriter.error(ALLOC, 13, 0x201, "boom"),
            List.of(new Field("error code", 6, 4))),
        new Layout("METADATA_PUSH", FrameType.METADATA_PUSH, 0,
            in -> FrameWriter.metadataPush(ALLOC, in.utf8("meta")),
            List.of()),
        new Layout("RESUME", FrameType.RESUME, 0,
            in -> FrameWriter.resume(ALLOC, 1, 0, in.utf8("tok1"), 3, 2),
            List.of(new Field("major version", 6, 2), new Field("minor version", 8, 2),
                new Field("resume token length", 10, 2), new Field("resume token", 12, 4),
                new Field("last received server position", 16, 8),
                new Field("first available client position", 24, 8))),
        new Layout("RESUME_OK", FrameType.RESUME_OK, 0,
            in -> FrameWriter.resumeOk(ALLOC, 9),
            List.of(new Field("last received client position", 6, 8))),
        new Layout("EXT M", FrameType.EXT, 15,
            in -> FrameWriter.extension(ALLOC, 15, 3, false, in.utf8("meta"), in.utf8("data")),
            List.of(new Field("extended type", 6, 4), new Field("metadata length", 10, 3),
                new Field("metadata", 13, 4))));
  }

  static Stream<Arguments> truncations() {
    return layouts().stream().flatMap(layout -> IntStream.range(0, layout.requiredLength())
        .mapToObj(length -> Arguments.of(layout, length)));
  }

  static Stream<Arguments> optionalTruncations() {
    return layouts().stream().flatMap(layout -> {
      int full;
      try (FrameBytes inputs = new FrameBytes()) {
        ByteBuf frame = layout.writer().apply(inputs);
        full = frame.readableBytes();
        frame.release();
      }
      return IntStream.range(layout.requiredLength(), full)
          .mapToObj(length -> Arguments.of(layout, length));
    });
  }

  @ParameterizedTest(name = "{0} cut to {1} bytes")
  @MethodSource("truncations")
  void truncationThatCutsARequiredFieldNamesTypeFieldOffsetAndLengths(Layout layout, int length) {
    RecordingFrameListener listener = new RecordingFrameListener();
    try (FrameBytes inputs = new FrameBytes()) {
      ByteBuf frame = layout.writer().apply(inputs);
      try {
        ByteBuf truncated = frame.slice(frame.readerIndex(), length);

        FrameDecodingException e = catchThrowableOfType(FrameDecodingException.class,
            () -> FrameReader.read(truncated, listener));

        assertThat(e).as("a FrameDecodingException, never IndexOutOfBounds").isNotNull();
        assertThat(listener.frames()).as("listener is not called for a malformed frame").isEmpty();
        assertThat(e.isIgnorable()).isFalse(); // no I flag on these frames (checklist #21)
        if (length < FrameHeader.SIZE) {
          assertThat(e.frameType()).isNull();
          assertThat(e).hasMessageStartingWith("Frame of " + length + " bytes is too short for "
              + "the frame header at offset 0 (expected: >= 6 bytes)");
        } else {
          Field field = layout.fields().stream().filter(f -> f.end() > length).findFirst()
              .orElseThrow();
          assertThat(e.frameType()).isEqualTo(layout.type());
          assertThat(e.streamId()).isEqualTo(layout.streamId());
          assertThat(e).hasMessageStartingWith(
              layout.type() + " frame on stream " + layout.streamId() + ": ");
          assertThat(e).hasMessageContaining("frame of " + length + " bytes is too short for the "
              + field.name() + " at offset " + field.offset() + " (expected: >= " + field.end()
              + " bytes");
        }

        // The reader keeps no state: the whole frame still decodes after the malformed one.
        FrameReader.read(frame, listener);
        assertThat(listener.frames()).singleElement()
            .extracting(RecordedFrame::type).isEqualTo(layout.type());
      } finally {
        frame.release();
      }
      inputs.assertAllReleased();
    }
  }

  @ParameterizedTest(name = "{0} cut to {1} bytes")
  @MethodSource("optionalTruncations")
  void truncationInsideOptionalTrailingBytesIsStillAFrame(Layout layout, int length) {
    try (FrameBytes inputs = new FrameBytes()) {
      ByteBuf frame = layout.writer().apply(inputs);
      try {
        // Data (and LEASE/METADATA_PUSH metadata) run to the end, so a shorter frame is valid.
        RecordedFrame decoded =
            RecordingFrameListener.decode(frame.slice(frame.readerIndex(), length));
        assertThat(decoded.type()).isEqualTo(layout.type());
      } finally {
        frame.release();
      }
    }
  }

  @Test
  void truncationTableCoversEveryFrameType() {
    assertThat(layouts()).extracting(Layout::type).containsExactlyInAnyOrder(FrameType.values());
  }

  /** Frames with a 24-bit metadata length field: (name, offset of the length field). */
  static Stream<Arguments> framesWithMetadataLength() {
    return layouts().stream()
        .filter(layout -> layout.fields().stream().anyMatch(f -> f.name().equals("metadata")))
        .flatMap(layout -> {
          Field lengthField = layout.fields().stream()
              .filter(f -> f.name().equals("metadata length")).findFirst().orElseThrow();
          return Stream.of(Arguments.of(layout, lengthField.offset(), false),
              Arguments.of(layout, lengthField.offset(), true));
        });
  }

  @ParameterizedTest(name = "{0} with I={2}")
  @MethodSource("framesWithMetadataLength")
  void metadataLengthPastTheEndIsMalformedAndIgnorableOnlyWithTheIgnoreFlag(Layout layout,
      int lengthOffset, boolean ignoreFlag) {
    RecordingFrameListener listener = new RecordingFrameListener();
    try (FrameBytes inputs = new FrameBytes()) {
      ByteBuf frame = layout.writer().apply(inputs);
      ByteBuf bad = ALLOC.buffer().writeBytes(frame, frame.readerIndex(), frame.readableBytes());
      try {
        int length = bad.readableBytes();
        bad.setMedium(lengthOffset, 0xFF_FFFF); // metadata length 16777215 (checklist #21)
        if (ignoreFlag) {
          bad.setShort(4, bad.getUnsignedShort(4) | FrameFlags.IGNORE);
        }

        FrameDecodingException e = catchThrowableOfType(FrameDecodingException.class,
            () -> FrameReader.read(bad, listener));

        assertThat(e).isNotNull();
        assertThat(e.isIgnorable()).isEqualTo(ignoreFlag);
        assertThat(e.frameType()).isEqualTo(layout.type());
        assertThat(e).hasMessageContaining(layout.type() + " frame on stream "
            + layout.streamId() + ": frame of " + length + " bytes is too short for the metadata "
            + "at offset " + (lengthOffset + 3) + " (expected: >= "
            + (lengthOffset + 3 + 0xFF_FFFF) + " bytes, as the metadata length at offset "
            + lengthOffset + " is 16777215)");
        assertThat(listener.frames()).isEmpty();
      } finally {
        bad.release();
        frame.release();
      }
    }
  }

  @Test
  void metadataLengthOneByteTooLongIsMalformed() {
    // PAYLOAD M N on stream 1 whose metadata length says 5 while 4 bytes follow.
    ByteBuf frame = FrameBytes.untracked(FrameBytes.hex(
        "00000001", // stream ID 1
        "2920", // PAYLOAD | M | N
        "000005", // metadata length 5
        "6d657461")); // 4 bytes
    try {
      FrameDecodingException e = catchThrowableOfType(FrameDecodingException.class,
          () -> FrameReader.read(frame, new RecordingFrameListener()));
      assertThat(e).hasMessage("PAYLOAD frame on stream 1: frame of 13 bytes is too short for "
          + "the metadata at offset 9 (expected: >= 14 bytes, as the metadata length at offset 6 "
          + "is 5) (checklist #21)");
      assertThat(e.isIgnorable()).isFalse();
    } finally {
      frame.release();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4, 5})
  void frameShorterThanTheHeaderIsMalformed(int length) {
    ByteBuf frame = FrameBytes.untracked("0000000128200000".substring(0, 2 * length));
    RecordingFrameListener listener = new RecordingFrameListener();
    try {
      FrameDecodingException e = catchThrowableOfType(FrameDecodingException.class,
          () -> FrameReader.read(frame, listener));
      assertThat(e).hasMessage("Frame of " + length + " bytes is too short for the frame header "
          + "at offset 0 (expected: >= 6 bytes) (checklist #6)");
      assertThat(e.frameType()).isNull();
      assertThat(e.streamId()).isZero();
      assertThat(e.isIgnorable()).isFalse();
      assertThat(listener.frames()).isEmpty();
    } finally {
      frame.release();
    }
  }

  @ParameterizedTest(name = "type word {1}: type 0x{0}, I={2}")
  @CsvSource({
      "00, 0000, false", // RESERVED 0x00 << 10
      "00, 0200, true", // RESERVED | I
      "0F, 3c00, false", // 0x0F << 10, first unassigned code
      "0F, 3e00, true", // 0x0F << 10 | I
      "3E, f800, false", // 0x3E << 10, last unassigned code
      "3E, fa00, true", // 0x3E << 10 | I
  })
  void unknownFrameTypeIsMalformedAndIgnorableOnlyWithTheIgnoreFlag(String typeHex,
      String typeWord, boolean ignorable) {
    ByteBuf frame = FrameBytes.untracked(FrameBytes.hex(
        "00000007", // stream ID 7
        typeWord, // type and flags
        "deadbeef")); // some body
    RecordingFrameListener listener = new RecordingFrameListener();
    try {
      FrameDecodingException e = catchThrowableOfType(FrameDecodingException.class,
          () -> FrameReader.read(frame, listener));
      assertThat(e).hasMessageContaining("Unknown frame type 0x" + typeHex + " on stream 7")
          .hasMessageContaining("ignore flag " + (ignorable ? "set" : "clear"));
      assertThat(e.frameType()).isNull();
      assertThat(e.streamId()).isEqualTo(7);
      assertThat(e.isIgnorable()).isEqualTo(ignorable); // checklist #14, #15, #68
      assertThat(listener.frames()).isEmpty();
    } finally {
      frame.release();
    }
  }

  @Test
  void setupMetadataMimeTypeLengthPastTheEndIsMalformed() {
    assertMalformed(FrameBytes.hex(
        "00000000", // stream ID 0
        "0400", // SETUP
        "0001", "0000", // version 1.0
        "00007530", "00015f90", // keepalive, max lifetime
        "ff", // metadata MIME length 255
        "616263"), // only "abc" follows
        "SETUP frame on stream 0: frame of 22 bytes is too short for the metadata encoding MIME "
            + "type at offset 19 (expected: >= 274 bytes)");
  }

  @Test
  void setupDataMimeTypeLengthPastTheEndIsMalformed() {
    assertMalformed(FrameBytes.hex(
        "00000000", // stream ID 0
        "0400", // SETUP
        "0001", "0000", // version 1.0
        "00007530", "00015f90", // keepalive, max lifetime
        "01", "61", // metadata MIME "a"
        "80", // data MIME length 128
        "62"), // only "b" follows
        "SETUP frame on stream 0: frame of 22 bytes is too short for the data encoding MIME type "
            + "at offset 21 (expected: >= 149 bytes)");
  }

  @Test
  void setupResumeTokenLengthPastTheEndIsMalformed() {
    assertMalformed(FrameBytes.hex(
        "00000000", // stream ID 0
        "0480", // SETUP | R
        "0001", "0000", // version 1.0
        "00007530", "00015f90", // keepalive, max lifetime
        "ffff", // resume token length 65535
        "746f6b31", // only 4 bytes follow
        "01", "61", "01", "62"), // MIME types that would follow a 4-byte token
        "SETUP frame on stream 0: frame of 28 bytes is too short for the resume token at offset "
            + "20 (expected: >= 65555 bytes)");
  }

  @Test
  void resumeTokenLengthPastTheEndIsMalformed() {
    assertMalformed(FrameBytes.hex(
        "00000000", // stream ID 0
        "3400", // RESUME
        "0001", "0000", // version 1.0
        "0021", // resume token length 33
        "746f6b31", // 4 bytes of token
        "0000000000000010", "0000000000000008"), // positions: 16 bytes, so 20 after the length
        "RESUME frame on stream 0: frame of 32 bytes is too short for the resume token at offset "
            + "12 (expected: >= 45 bytes)");
  }

  @Test
  void resumeTokenLengthLeavingNoRoomForPositionsIsMalformed() {
    assertMalformed(FrameBytes.hex(
        "00000000", // stream ID 0
        "3400", // RESUME
        "0001", "0000", // version 1.0
        "0008", // resume token length 8: eats the first position
        "746f6b31", // 4 bytes of token
        "0000000000000010", "0000000000000008"), // 16 bytes meant as positions
        "RESUME frame on stream 0: frame of 32 bytes is too short for the first available "
            + "client position at offset 28 (expected: >= 36 bytes)");
  }

  @Test
  void malformedFramesDoNotDisturbTheValidFramesAroundThem() {
    RecordingFrameListener listener = new RecordingFrameListener();
    List<String> frames = List.of(
        FrameBytes.hex("00000005", "2000", "00000003"), // REQUEST_N 3 on stream 5
        FrameBytes.hex("00000005", "2000", "0000"), // REQUEST_N cut short
        FrameBytes.hex("00000005", "2920", "000010", "00"), // PAYLOAD metadata past the end
        FrameBytes.hex("0000"), // shorter than the header
        FrameBytes.hex("00000005", "3c00"), // unknown type 0x0F
        FrameBytes.hex("00000005", "2400")); // CANCEL on stream 5
    int malformed = 0;
    for (String hex : frames) {
      ByteBuf frame = FrameBytes.untracked(hex);
      try {
        FrameReader.read(frame, listener);
      } catch (FrameDecodingException e) {
        malformed++;
      } finally {
        frame.release();
      }
    }
    assertThat(malformed).isEqualTo(4);
    assertThat(listener.frames()).containsExactly(new RecordedFrame.RequestNFrame(5, 3),
        new RecordedFrame.CancelFrame(5));
  }

  private static void assertMalformed(String hex, String expectedMessage) {
    ByteBuf frame = FrameBytes.untracked(hex);
    RecordingFrameListener listener = new RecordingFrameListener();
    try {
      FrameDecodingException e = catchThrowableOfType(FrameDecodingException.class,
          () -> FrameReader.read(frame, listener));
      assertThat(e).isNotNull();
      assertThat(e).hasMessageStartingWith(expectedMessage);
      assertThat(e.isIgnorable()).isFalse();
      assertThat(listener.frames()).isEmpty();
      assertThat(frame.refCnt()).as("the caller still owns the frame").isEqualTo(1);
    } finally {
      frame.release();
    }
  }
}
