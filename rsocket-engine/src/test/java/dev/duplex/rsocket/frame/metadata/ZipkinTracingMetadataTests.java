package dev.duplex.rsocket.frame.metadata;

import static dev.duplex.rsocket.frame.metadata.GoldenBytes.bytes;
import static dev.duplex.rsocket.frame.metadata.GoldenBytes.hex;
import static dev.duplex.rsocket.frame.metadata.GoldenBytes.repeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.rsocket.frame.FrameDecodingException;
import dev.duplex.rsocket.frame.metadata.ZipkinTracingMetadata.Sampling;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ZipkinTracingMetadataTests {

  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

  // checklist #208: every field present
  private static final String[] FULL = {
      "cc", //                 I=1 D=1 S=0 N=0 T=1 P=1
      "0102030405060708", //   trace ID, upper 64 bits
      "1112131415161718", //   trace ID, lower 64 bits
      "2122232425262728", //   span ID
      "3132333435363738"}; //  parent span ID

  private static final ZipkinTracingMetadata FULL_VALUE = ZipkinTracingMetadata
      .of128(0x0102030405060708L, 0x1112131415161718L, 0x2122232425262728L, Sampling.DEBUG)
      .withParentId(0x3132333435363738L);

  // checklist #208: 64-bit trace ID, no parent
  private static final String[] SHORT = {
      "a0", //                 I=1 D=0 S=1 N=0 T=0 P=0
      "ffffffffffffffff", //   trace ID (unsigned, all ones)
      "0000000000000001"}; //  span ID

  @Test
  void encodesEveryField() {
    ByteBuf target = alloc.buffer();
    try {
      FULL_VALUE.encode(target);

      assertThat(ByteBufUtil.hexDump(target)).isEqualTo(hex(FULL));
      assertThat(FULL_VALUE.encodedLength()).isEqualTo(33);
    } finally {
      target.release();
    }
  }

  @Test
  void decodesEveryField() {
    ByteBuf tracing = bytes(FULL);
    try {
      ZipkinTracingMetadata decoded = ZipkinTracingMetadata.decode(tracing);

      assertThat(decoded).isEqualTo(FULL_VALUE);
      assertThat(decoded.hasIds()).isTrue();
      assertThat(decoded.traceId128()).isTrue();
      assertThat(decoded.traceIdHigh()).isEqualTo(0x0102030405060708L);
      assertThat(decoded.traceId()).isEqualTo(0x1112131415161718L);
      assertThat(decoded.spanId()).isEqualTo(0x2122232425262728L);
      assertThat(decoded.hasParentId()).isTrue();
      assertThat(decoded.parentId()).isEqualTo(0x3132333435363738L);
      assertThat(decoded.sampling()).isEqualTo(Sampling.DEBUG);
      assertThat(tracing.readerIndex()).isZero();
    } finally {
      tracing.release();
    }
  }

  @Test
  void encodesAndDecodesASixtyFourBitTraceWithoutParent() {
    ZipkinTracingMetadata value = ZipkinTracingMetadata.of(-1L, 1L, Sampling.SAMPLED);
    ByteBuf encoded = value.encode(alloc);
    ByteBuf golden = bytes(SHORT);
    try {
      assertThat(ByteBufUtil.hexDump(encoded)).isEqualTo(hex(SHORT));
      assertThat(encoded.capacity()).isEqualTo(17);
      assertThat(ZipkinTracingMetadata.decode(golden)).isEqualTo(value);
    } finally {
      encoded.release();
      golden.release();
    }
  }

  @Test
  void encodesAndDecodesOnlyASamplingDecision() {
    ZipkinTracingMetadata value = ZipkinTracingMetadata.withoutIds(Sampling.NOT_SAMPLED);
    ByteBuf target = alloc.buffer();
    try {
      value.encode(target);

      assertThat(ByteBufUtil.hexDump(target)).isEqualTo("10"); // I=0, N=1; nothing else
      assertThat(ZipkinTracingMetadata.decode(target)).isEqualTo(value);
      assertThat(value.encodedLength()).isEqualTo(1);
    } finally {
      target.release();
    }
  }

  // checklist #209: D overrides S, and D or S override N
  @ParameterizedTest
  @CsvSource({
      "00, UNDECIDED",
      "10, NOT_SAMPLED",
      "20, SAMPLED",
      "30, SAMPLED",
      "40, DEBUG",
      "50, DEBUG",
      "60, DEBUG",
      "70, DEBUG",
      "13, NOT_SAMPLED", // the two unused bits are ignored
      "0c, UNDECIDED"}) //  T and P without I are ignored
  void samplingFlagsFollowTheirPrecedence(String flags, Sampling sampling) {
    ByteBuf tracing = bytes(flags);
    try {
      assertThat(ZipkinTracingMetadata.decode(tracing))
          .isEqualTo(ZipkinTracingMetadata.withoutIds(sampling));
    } finally {
      tracing.release();
    }
  }

  @Test
  void bytesAfterTheLayoutAreIgnored() {
    ByteBuf tracing = bytes(hex(SHORT), "ffff");
    try {
      assertThat(ZipkinTracingMetadata.decode(tracing))
          .isEqualTo(ZipkinTracingMetadata.of(-1L, 1L, Sampling.SAMPLED));
    } finally {
      tracing.release();
    }
  }

  static Stream<Arguments> malformedTracing() {
    return Stream.of(
        Arguments.of("empty", "",
            "tracing metadata: flags at offset 0 run past the end "
                + "(expected: 1 byte, available: 0)"),
        Arguments.of("64-bit trace ID short", hex("80", repeat('0', 14)),
            "tracing metadata: trace ID at offset 1 runs past the end "
                + "(expected: 8 bytes for flags 0x80, available: 7)"),
        Arguments.of("128-bit trace ID short", hex("88", repeat('0', 30)),
            "tracing metadata: trace ID at offset 1 runs past the end "
                + "(expected: 16 bytes for flags 0x88, available: 15)"),
        Arguments.of("span ID short", hex("80", repeat('0', 16), repeat('0', 14)),
            "tracing metadata: span ID at offset 9 runs past the end "
                + "(expected: 8 bytes for flags 0x80, available: 7)"),
        Arguments.of("parent span ID missing", hex("84", repeat('0', 32)),
            "tracing metadata: parent span ID at offset 17 runs past the end "
                + "(expected: 8 bytes for flags 0x84, available: 0)"),
        Arguments.of("parent span ID short after a 128-bit trace ID",
            hex("cc", repeat('0', 48), "00000000"),
            "tracing metadata: parent span ID at offset 25 runs past the end "
                + "(expected: 8 bytes for flags 0xCC, available: 4)"));
  }

  // checklist #208
  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedTracing")
  void truncatedTracingNamesTheField(String name, String hex, String message) {
    ByteBuf tracing = bytes(hex);
    try {
      assertThatThrownBy(() -> ZipkinTracingMetadata.decode(tracing))
          .isInstanceOf(FrameDecodingException.class)
          .hasMessage(message);
    } finally {
      tracing.release();
    }
  }

  static IntStream everyTruncation() {
    return IntStream.range(0, 33);
  }

  @ParameterizedTest(name = "cut after {0} bytes")
  @MethodSource("everyTruncation")
  void tracingCutAfterAnyByteIsMalformed(int cut) {
    ByteBuf tracing = bytes(FULL);
    try {
      tracing.writerIndex(cut);

      assertThatThrownBy(() -> ZipkinTracingMetadata.decode(tracing))
          .isInstanceOf(FrameDecodingException.class)
          .hasMessageStartingWith("tracing metadata: ")
          .hasMessageContaining("past the end");
    } finally {
      tracing.release();
    }
  }

  @Test
  void rejectsIdsOrFlagsThatTheirFlagsDoNotAllow() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ZipkinTracingMetadata(Sampling.SAMPLED, false, false, 0, 7, 0,
            false, 0))
        .withMessage("hasIds: false with traceId128=false, hasParentId=false, traceId=7, "
            + "spanId=0 (expected: false and 0 without IDs)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ZipkinTracingMetadata(Sampling.SAMPLED, true, false, 5, 1, 2,
            false, 0))
        .withMessage("traceIdHigh: 5 (expected: 0 for a 64-bit trace ID)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ZipkinTracingMetadata(Sampling.SAMPLED, true, false, 0, 1, 2,
            false, 3))
        .withMessage("parentId: 3 (expected: 0 without a parent span ID)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ZipkinTracingMetadata.withoutIds(Sampling.DEBUG).withParentId(1))
        .withMessage("parentId: 1 (expected: none without trace and span IDs)");
  }
}
