package dev.duplex.rsocket.frame;

import static dev.duplex.rsocket.frame.FrameBytes.ALLOC;
import static dev.duplex.rsocket.frame.FrameBytes.hex;
import static dev.duplex.rsocket.frame.FrameBytes.hexOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link FrameWriter} beyond the golden bytes: large payloads become composites without copying,
 * inputs are consumed (released exactly once) on every path, including arguments out of range and a
 * failing allocator.
 */
class FrameWriterTests {

  private static final int MAX = FrameWriter.MAX_FRAME_LENGTH;

  // ---- large payloads: composite, not copied, still the right bytes

  static Stream<Arguments> largePayloadFrames() {
    int big = FrameWriter.COPY_THRESHOLD + 1;
    return Stream.of(
        Arguments.of("PAYLOAD M N", (Function<FrameBytes, ByteBuf>) in -> FrameWriter.payload(
            ALLOC, 3, in.pattern(10, 1), in.pattern(big, 2), false, false, true),
            hex("00000003", "2920", "00000a"), 10, big),
        Arguments.of("REQUEST_RESPONSE", (Function<FrameBytes, ByteBuf>) in ->
            FrameWriter.requestResponse(ALLOC, 1, null, in.pattern(big, 2), false),
            hex("00000001", "1000"), -1, big),
        Arguments.of("REQUEST_FNF M", (Function<FrameBytes, ByteBuf>) in ->
            FrameWriter.requestFireAndForget(ALLOC, 1, in.pattern(big, 1), in.pattern(0, 2),
                false),
            hex("00000001", "1500", "001001"), big, 0),
        Arguments.of("REQUEST_STREAM M", (Function<FrameBytes, ByteBuf>) in ->
            FrameWriter.requestStream(ALLOC, 1, 5, in.pattern(2048, 1), in.pattern(2049, 2),
                true),
            hex("00000001", "1980", "00000005", "000800"), 2048, 2049),
        Arguments.of("REQUEST_CHANNEL M", (Function<FrameBytes, ByteBuf>) in ->
            FrameWriter.requestChannel(ALLOC, 1, 5, in.pattern(big, 1), in.pattern(big, 2),
                false, true),
            hex("00000001", "1d40", "00000005", "001001"), big, big),
        Arguments.of("EXT M", (Function<FrameBytes, ByteBuf>) in ->
            FrameWriter.extension(ALLOC, 1, 9, true, in.pattern(1, 1), in.pattern(big, 2)),
            hex("00000001", "ff00", "00000009", "000001"), 1, big),
        Arguments.of("SETUP M", (Function<FrameBytes, ByteBuf>) in ->
            FrameWriter.setup(ALLOC, 1, 0, 1, 2, null, false, "a", "b", in.pattern(big, 1),
                in.pattern(5, 2)),
            hex("00000000", "0500", "0001", "0000", "00000001", "00000002", "0161", "0162",
                "001001"), big, 5),
        Arguments.of("LEASE M", (Function<FrameBytes, ByteBuf>) in ->
            FrameWriter.lease(ALLOC, 1, 2, in.pattern(big, 1)),
            hex("00000000", "0900", "00000001", "00000002"), big, -1),
        Arguments.of("KEEPALIVE", (Function<FrameBytes, ByteBuf>) in ->
            FrameWriter.keepAlive(ALLOC, true, 1, in.pattern(big, 2)),
            hex("00000000", "0c80", "0000000000000001"), -1, big),
        Arguments.of("METADATA_PUSH", (Function<FrameBytes, ByteBuf>) in ->
            FrameWriter.metadataPush(ALLOC, in.pattern(big, 1)),
            hex("00000000", "3100"), big, -1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("largePayloadFrames")
  void payloadAboveTheCopyThresholdIsAddedAsCompositeComponentsWithTheRightBytes(String name,
      Function<FrameBytes, ByteBuf> writer, String header, int metadataLength, int dataLength) {
    try (FrameBytes inputs = new FrameBytes()) {
      ByteBuf frame = writer.apply(inputs);
      try {
        assertThat(frame).isInstanceOf(CompositeByteBuf.class);
        String expected = header
            + (metadataLength < 0 ? "" : patternHex(metadataLength, 1))
            + (dataLength < 0 ? "" : patternHex(dataLength, 2));
        assertThat(hexOf(frame)).isEqualTo(expected);
        assertThat(ByteBufUtil.getBytes(frame)).hasSize(expected.length() / 2);
        // Not copied: the caller's buffers now belong to the frame...
        assertThat(RecordingFrameListener.decode(frame).type()).isNotNull();
      } finally {
        frame.release();
      }
      // ...and go when it goes.
      inputs.assertAllReleased();
    }
  }

  @Test
  void compositeFrameHoldsTheCallersDataBufferWithoutCopying() {
    try (FrameBytes inputs = new FrameBytes()) {
      ByteBuf data = inputs.pattern(FrameWriter.COPY_THRESHOLD + 1, 7);
      ByteBuf frame = FrameWriter.payload(ALLOC, 1, null, data, false, false, true);
      try {
        assertThat(data.refCnt()).as("owned by the frame now").isEqualTo(1);
        data.setByte(data.readerIndex(), 0x42); // visible through the frame: same memory
        assertThat(frame.getByte(FrameHeader.SIZE)).isEqualTo((byte) 0x42);
      } finally {
        frame.release();
      }
      assertThat(data.refCnt()).isZero();
    }
  }

  @Test
  void payloadOfExactlyTheCopyThresholdIsCopiedIntoOneBuffer() {
    try (FrameBytes inputs = new FrameBytes()) {
      ByteBuf metadata = inputs.pattern(96, 1);
      ByteBuf data = inputs.pattern(FrameWriter.COPY_THRESHOLD - 96, 2);
      ByteBuf frame = FrameWriter.payload(ALLOC, 1, metadata, data, false, true, true);
      try {
        assertThat(frame).isNotInstanceOf(CompositeByteBuf.class);
        assertThat(frame.readableBytes()).isEqualTo(6 + 3 + FrameWriter.COPY_THRESHOLD);
        assertThat(frame.capacity()).as("allocated with its exact size")
            .isEqualTo(frame.readableBytes());
        inputs.assertAllReleased();
      } finally {
        frame.release();
      }
    }
  }

  @Test
  void writerEncodesOnlyTheReadableBytesOfItsInputs() {
    try (FrameBytes inputs = new FrameBytes()) {
      ByteBuf metadata = inputs.fromHex("ffff6d657461");
      metadata.skipBytes(2);
      ByteBuf data = inputs.fromHex("ff64617461");
      data.skipBytes(1);
      ByteBuf frame = FrameWriter.payload(ALLOC, 1, metadata, data, false, false, true);
      try {
        assertThat(hexOf(frame)).isEqualTo(hex("00000001", "2920", "000004", "6d657461",
            "64617461"));
      } finally {
        frame.release();
      }
    }
  }

  @Test
  void largestFrameIsWrittenAndOneByteMoreIsRefused() {
    try (FrameBytes inputs = new FrameBytes()) {
      // PAYLOAD: 6-byte header + data; 2^24-1 bytes in all is the limit (checklist #5).
      ByteBuf largest = FrameWriter.payload(ALLOC, 1, null, inputs.uninitialized(MAX - 6), false,
          false, true);
      try {
        assertThat(largest.readableBytes()).isEqualTo(MAX);
      } finally {
        largest.release();
      }
      ByteBuf tooLarge = inputs.uninitialized(MAX - 5);
      assertThatIllegalArgumentException()
          .isThrownBy(() -> FrameWriter.payload(ALLOC, 1, null, tooLarge, false, false, true))
          .withMessage("frame of 16777216 bytes exceeds RSocket's maximum of 16777215 bytes "
              + "(expected: a smaller payload, or fragmentation with an MTU)");
      inputs.assertAllReleased();
    }
  }

  // ---- arguments out of range: IllegalArgumentException, and the inputs are released

  @ParameterizedTest
  @ValueSource(ints = {-1, Integer.MIN_VALUE})
  void negativeStreamIdIsRefusedAndInputsAreReleased(int streamId) {
    try (FrameBytes in = new FrameBytes()) {
      assertRefused(() -> FrameWriter.requestResponse(ALLOC, streamId, in.utf8("m"), in.utf8("d"),
          false), "streamId: " + streamId + " (expected: 0..2147483647)");
      assertRefused(() -> FrameWriter.requestFireAndForget(ALLOC, streamId, in.utf8("m"),
          in.utf8("d"), false), "streamId");
      assertRefused(() -> FrameWriter.requestStream(ALLOC, streamId, 1, in.utf8("m"),
          in.utf8("d"), false), "streamId");
      assertRefused(() -> FrameWriter.requestChannel(ALLOC, streamId, 1, in.utf8("m"),
          in.utf8("d"), false, false), "streamId");
      assertRefused(() -> FrameWriter.payload(ALLOC, streamId, in.utf8("m"), in.utf8("d"), false,
          false, true), "streamId");
      assertRefused(() -> FrameWriter.extension(ALLOC, streamId, 1, false, in.utf8("m"),
          in.utf8("d")), "streamId");
      assertRefused(() -> FrameWriter.requestN(ALLOC, streamId, 1), "streamId");
      assertRefused(() -> FrameWriter.cancel(ALLOC, streamId), "streamId");
      assertRefused(() -> FrameWriter.error(ALLOC, streamId, 0x201, "x"), "streamId");
      in.assertAllReleased();
    }
  }

  @Test
  void negativeRequestNAndExtendedTypeAreRefusedAndInputsAreReleased() {
    try (FrameBytes in = new FrameBytes()) {
      assertRefused(() -> FrameWriter.requestStream(ALLOC, 1, -1, in.utf8("m"), in.utf8("d"),
          false), "initialRequestN: -1 (expected: 0..2147483647)");
      assertRefused(() -> FrameWriter.requestChannel(ALLOC, 1, Integer.MIN_VALUE, null,
          in.utf8("d"), false, false), "initialRequestN");
      assertRefused(() -> FrameWriter.requestN(ALLOC, 1, -5), "requestN: -5");
      assertRefused(() -> FrameWriter.extension(ALLOC, 1, -1, true, in.utf8("m"), in.utf8("d")),
          "extendedType: -1");
      in.assertAllReleased();
    }
  }

  static Stream<Arguments> badMimeTypes() {
    return Stream.of(
        Arguments.of("", "is 0 characters (expected: 1..255)"),
        Arguments.of("x".repeat(256), "is 256 characters (expected: 1..255)"),
        Arguments.of("application/jsön", "is not US-ASCII (checklist #30)"));
  }

  @ParameterizedTest
  @MethodSource("badMimeTypes")
  void setupRefusesABadMimeTypeAndReleasesTokenMetadataAndData(String mimeType, String message) {
    try (FrameBytes in = new FrameBytes()) {
      assertRefused(() -> FrameWriter.setup(ALLOC, 1, 0, 1, 1, in.utf8("t"), true, mimeType,
          "text/plain", in.utf8("m"), in.utf8("d")), "metadataMimeType: '" + mimeType + "' "
          + message);
      assertRefused(() -> FrameWriter.setup(ALLOC, 1, 0, 1, 1, in.utf8("t"), true, "text/plain",
          mimeType, in.utf8("m"), in.utf8("d")), "dataMimeType: '" + mimeType + "' " + message);
      in.assertAllReleased();
    }
  }

  @Test
  void setupAcceptsMimeTypesOf1And255Characters() {
    try (FrameBytes in = new FrameBytes()) {
      ByteBuf frame = FrameWriter.setup(ALLOC, 1, 0, 1, 1, null, false, "a", "b".repeat(255),
          null, in.empty());
      try {
        RecordedFrame.SetupFrame setup =
            (RecordedFrame.SetupFrame) RecordingFrameListener.decode(frame);
        assertThat(setup.metadataMimeType()).isEqualTo("a");
        assertThat(setup.dataMimeType()).isEqualTo("b".repeat(255));
        assertThat((int) frame.getUnsignedByte(20)).as("data MIME length byte").isEqualTo(255);
      } finally {
        frame.release();
      }
    }
  }

  @Test
  void setupRefusesOtherFieldsOutOfRangeAndReleasesItsInputs() {
    try (FrameBytes in = new FrameBytes()) {
      assertRefused(() -> FrameWriter.setup(ALLOC, 0x1_0000, 0, 1, 1, in.utf8("t"), false, "a",
          "b", in.utf8("m"), in.utf8("d")), "majorVersion: 65536 (expected: 0..65535)");
      assertRefused(() -> FrameWriter.setup(ALLOC, 1, -1, 1, 1, in.utf8("t"), false, "a", "b",
          in.utf8("m"), in.utf8("d")), "minorVersion: -1");
      assertRefused(() -> FrameWriter.setup(ALLOC, 1, 0, -1, 1, in.utf8("t"), false, "a", "b",
          in.utf8("m"), in.utf8("d")), "keepAliveInterval: -1");
      assertRefused(() -> FrameWriter.setup(ALLOC, 1, 0, 1, -1, in.utf8("t"), false, "a", "b",
          in.utf8("m"), in.utf8("d")), "maxLifetime: -1");
      assertRefused(() -> FrameWriter.setup(ALLOC, 1, 0, 1, 1, in.uninitialized(0x1_0000), false,
          "a", "b", in.utf8("m"), in.utf8("d")), "resumeToken: 65536 bytes (expected: <= 65535)");
      in.assertAllReleased();
    }
  }

  static Stream<Arguments> writersWithMetadata() {
    return Stream.of(
        Arguments.of("SETUP", (Writer) (in, md, d) ->
            FrameWriter.setup(ALLOC, 1, 0, 1, 1, in.utf8("t"), false, "a", "b", md, d)),
        Arguments.of("REQUEST_RESPONSE", (Writer) (in, md, d) ->
            FrameWriter.requestResponse(ALLOC, 1, md, d, false)),
        Arguments.of("REQUEST_FNF", (Writer) (in, md, d) ->
            FrameWriter.requestFireAndForget(ALLOC, 1, md, d, false)),
        Arguments.of("REQUEST_STREAM", (Writer) (in, md, d) ->
            FrameWriter.requestStream(ALLOC, 1, 1, md, d, false)),
        Arguments.of("REQUEST_CHANNEL", (Writer) (in, md, d) ->
            FrameWriter.requestChannel(ALLOC, 1, 1, md, d, false, false)),
        Arguments.of("PAYLOAD", (Writer) (in, md, d) ->
            FrameWriter.payload(ALLOC, 1, md, d, false, false, true)),
        Arguments.of("EXT", (Writer) (in, md, d) ->
            FrameWriter.extension(ALLOC, 1, 1, false, md, d)));
  }

  /** A writer of a frame with metadata and data, taking other inputs from {@code in}. */
  @FunctionalInterface
  interface Writer {
    ByteBuf write(FrameBytes in, ByteBuf metadata, ByteBuf data);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("writersWithMetadata")
  void metadataAbove24BitsIsRefusedAndInputsAreReleased(String name, Writer writer) {
    try (FrameBytes in = new FrameBytes()) {
      ByteBuf metadata = in.uninitialized(FrameWriter.MAX_METADATA_LENGTH + 1);
      assertRefused(() -> writer.write(in, metadata, in.utf8("d")),
          "metadata: 16777216 bytes (expected: <= 16777215)");
      in.assertAllReleased();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("writersWithMetadata")
  void frameAbove24BitsIsRefusedAndInputsAreReleased(String name, Writer writer) {
    try (FrameBytes in = new FrameBytes()) {
      // Metadata and data each fit, together they do not (checklist #5).
      ByteBuf metadata = in.uninitialized(MAX / 2);
      ByteBuf data = in.uninitialized(MAX / 2);
      assertRefused(() -> writer.write(in, metadata, data), "exceeds RSocket's maximum of "
          + "16777215 bytes");
      in.assertAllReleased();
    }
  }

  @Test
  void framesWithoutMetadataLengthRefuseAFrameAbove24BitsAndReleaseTheirInput() {
    try (FrameBytes in = new FrameBytes()) {
      assertRefused(() -> FrameWriter.lease(ALLOC, 1, 1, in.uninitialized(MAX - 13)),
          "frame of 16777216 bytes");
      assertRefused(() -> FrameWriter.keepAlive(ALLOC, true, 1, in.uninitialized(MAX - 13)),
          "frame of 16777216 bytes");
      assertRefused(() -> FrameWriter.metadataPush(ALLOC, in.uninitialized(MAX - 5)),
          "frame of 16777216 bytes");
      assertRefused(() -> FrameWriter.error(ALLOC, 1, 0x201, "x".repeat(MAX - 9)),
          "frame of 16777216 bytes");
      in.assertAllReleased();
    }
  }

  @Test
  void negativeCountsAndPositionsAreRefusedAndInputsAreReleased() {
    try (FrameBytes in = new FrameBytes()) {
      assertRefused(() -> FrameWriter.lease(ALLOC, -1, 1, in.utf8("m")), "timeToLive: -1");
      assertRefused(() -> FrameWriter.lease(ALLOC, 1, -1, in.utf8("m")), "numberOfRequests: -1");
      assertRefused(() -> FrameWriter.keepAlive(ALLOC, true, -1, in.utf8("d")),
          "lastReceivedPosition: -1 (expected: >= 0)");
      assertRefused(() -> FrameWriter.resume(ALLOC, 1, 0, in.utf8("t"), -1, 0),
          "lastReceivedServerPosition: -1");
      assertRefused(() -> FrameWriter.resume(ALLOC, 1, 0, in.utf8("t"), 0, Long.MIN_VALUE),
          "firstAvailableClientPosition");
      assertRefused(() -> FrameWriter.resume(ALLOC, 70_000, 0, in.utf8("t"), 0, 0),
          "majorVersion: 70000");
      assertRefused(() -> FrameWriter.resume(ALLOC, 1, 0, in.uninitialized(0x1_0000), 0, 0),
          "resumeToken length: 65536 (expected: 0..65535)");
      assertRefused(() -> FrameWriter.resumeOk(ALLOC, -1), "lastReceivedClientPosition: -1");
      in.assertAllReleased();
    }
  }

  // ---- a failing allocator: inputs are still released (STYLE section 7: consumes, also on throw)

  @Test
  void inputsAreReleasedWhenTheAllocatorFails() {
    FailingAllocator failing = new FailingAllocator();
    int small = 8;
    int big = FrameWriter.COPY_THRESHOLD + 1;
    try (FrameBytes in = new FrameBytes()) {
      assertAllocationFails(() -> FrameWriter.setup(failing, 1, 0, 1, 1, in.utf8("t"), true, "a",
          "b", in.pattern(small, 1), in.pattern(small, 2)));
      assertAllocationFails(() -> FrameWriter.payload(failing, 1, in.pattern(small, 1),
          in.pattern(small, 2), false, false, true));
      assertAllocationFails(() -> FrameWriter.lease(failing, 1, 1, in.pattern(small, 1)));
      assertAllocationFails(() -> FrameWriter.keepAlive(failing, true, 1, in.pattern(small, 1)));
      assertAllocationFails(() -> FrameWriter.metadataPush(failing, in.pattern(small, 1)));
      assertAllocationFails(() -> FrameWriter.resume(failing, 1, 0, in.utf8("t"), 1, 1));
      // The header buffer succeeds, the composite fails.
      failing.failComposite = true;
      assertAllocationFails(() -> FrameWriter.payload(failing, 1, in.pattern(big, 1),
          in.pattern(big, 2), false, false, true));
      assertAllocationFails(() -> FrameWriter.setup(failing, 1, 0, 1, 1, in.utf8("t"), true, "a",
          "b", in.pattern(big, 1), in.pattern(big, 2)));
      assertAllocationFails(() -> FrameWriter.metadataPush(failing, in.pattern(big, 1)));
      in.assertAllReleased();
    }
    assertThat(failing.headers).as("header buffers allocated before the composite failed")
        .allSatisfy(header -> assertThat(header.refCnt()).isZero());
  }

  private static void assertAllocationFails(Runnable write) {
    assertThatThrownBy(write::run).isInstanceOf(OutOfMemoryError.class)
        .hasMessage("test allocator: out of memory");
  }

  private static void assertRefused(Runnable write, String message) {
    assertThatIllegalArgumentException().isThrownBy(write::run).withMessageContaining(message);
  }

  private static String patternHex(int length, int seed) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (i * 31 + seed);
    }
    return ByteBufUtil.hexDump(bytes);
  }

  /**
   * Fails every buffer allocation, or with {@link #failComposite} only composite ones (then the
   * header buffers it does hand out are kept so the test can check they were released).
   */
  private static final class FailingAllocator extends AbstractByteBufAllocator {
    boolean failComposite;
    final java.util.List<ByteBuf> headers = new java.util.ArrayList<>();

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
      if (failComposite) {
        ByteBuf header = ALLOC.heapBuffer(initialCapacity, maxCapacity);
        headers.add(header);
        return header;
      }
      throw new OutOfMemoryError("test allocator: out of memory");
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
      return newHeapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public CompositeByteBuf compositeHeapBuffer(int maxNumComponents) {
      throw new OutOfMemoryError("test allocator: out of memory");
    }

    @Override
    public CompositeByteBuf compositeDirectBuffer(int maxNumComponents) {
      throw new OutOfMemoryError("test allocator: out of memory");
    }

    @Override
    public boolean isDirectBufferPooled() {
      return false;
    }
  }
}
