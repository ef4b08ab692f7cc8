package dev.duplex.rsocket.messaging.observation;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.duplex.rsocket.frame.metadata.CompositeMetadata;
import dev.duplex.rsocket.frame.metadata.WellKnownMimeType;
import dev.duplex.rsocket.frame.metadata.ZipkinTracingMetadata;
import dev.duplex.rsocket.frame.metadata.ZipkinTracingMetadata.Sampling;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.rsocket.metadata.CompositeMetadataCodec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests for {@link RSocketPropagationMetadata}. */
class RSocketPropagationMetadataTests {

  private static final String TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private final ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;

  @Test
  void writesTheBytesOfRSocketMicrometer() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("traceparent", TRACEPARENT);
    fields.put("tracestate", "congo=t61rcWkgMzE");
    ByteBuf actual = this.allocator.buffer();
    // what rsocket-micrometer's ByteBufSetter writes, field by field, with rsocket-java's codec
    CompositeByteBuf expected = this.allocator.compositeBuffer();
    try {
      RSocketPropagationMetadata.write(actual, fields);
      fields.forEach((name, value) -> CompositeMetadataCodec.encodeAndAddMetadataWithCompression(
          expected, this.allocator, name, ByteBufUtil.writeUtf8(this.allocator, value)));
      assertThat(ByteBufUtil.hexDump(actual)).isEqualTo(ByteBufUtil.hexDump(expected));
    } finally {
      actual.release();
      expected.release();
    }
  }

  @Test
  void readsFieldEntriesAndSkipsMediaTypes() {
    ByteBuf metadata = this.allocator.buffer();
    try {
      CompositeMetadata.encodeRoutingEntry(metadata, "hello");
      CompositeMetadata.encodeEntry(metadata, "text/plain", utf8("not a field"));
      RSocketPropagationMetadata.write(metadata, Map.of("traceparent", TRACEPARENT));
      RSocketPropagationMetadata.write(metadata, Map.of("traceparent", "second is ignored"));
      RSocketPropagationMetadata.write(metadata, Map.of("baggage", "user=ann"));

      assertThat(RSocketPropagationMetadata.read(metadata)).containsExactly(
          entry("traceparent", TRACEPARENT), entry("baggage", "user=ann"));
      assertThat(metadata.readerIndex()).isZero();
    } finally {
      metadata.release();
    }
  }

  @Test
  void malformedMetadataEndsTheReading() {
    ByteBuf metadata = this.allocator.buffer();
    try {
      RSocketPropagationMetadata.write(metadata, Map.of("traceparent", TRACEPARENT));
      metadata.writeByte(5); // a string MIME type of 6 bytes, then nothing
      assertThat(RSocketPropagationMetadata.read(metadata))
          .containsExactly(entry("traceparent", TRACEPARENT));
    } finally {
      metadata.release();
    }
  }

  @Test
  void zipkinTracingMetadataBecomesB3InEitherMimeTypeForm() {
    ZipkinTracingMetadata tracing = ZipkinTracingMetadata
        .of128(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L, 0x00f067aa0ba902b7L, Sampling.SAMPLED)
        .withParentId(0x0000000000000001L);
    String b3 = "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1-0000000000000001";
    ByteBuf byId = this.allocator.buffer();
    ByteBuf byString = this.allocator.buffer();
    ByteBuf content = tracing.encode(this.allocator);
    try {
      CompositeMetadata.encodeEntry(
          byId, WellKnownMimeType.MESSAGE_RSOCKET_TRACING_ZIPKIN, content);
      CompositeMetadata.encodeEntry(byString,
          WellKnownMimeType.MESSAGE_RSOCKET_TRACING_ZIPKIN.string(), content);
      assertThat(RSocketPropagationMetadata.read(byId)).containsExactly(entry("b3", b3));
      assertThat(RSocketPropagationMetadata.read(byString)).containsExactly(entry("b3", b3));
    } finally {
      byId.release();
      byString.release();
      content.release();
    }
  }

  @Test
  void b3EntryWinsOverZipkinTracingMetadata() {
    ByteBuf metadata = this.allocator.buffer();
    ByteBuf content = ZipkinTracingMetadata.of(1, 2, Sampling.SAMPLED).encode(this.allocator);
    try {
      CompositeMetadata.encodeEntry(metadata, WellKnownMimeType.MESSAGE_RSOCKET_TRACING_ZIPKIN,
          content);
      RSocketPropagationMetadata.write(metadata, Map.of("b3", "from-the-entry"));
      assertThat(RSocketPropagationMetadata.read(metadata))
          .containsExactly(entry("b3", "from-the-entry"));
    } finally {
      metadata.release();
      content.release();
    }
  }

  @Test
  void b3OfEachSamplingDecision() {
    assertThat(RSocketPropagationMetadata.b3(ZipkinTracingMetadata.of(1, 2, Sampling.DEBUG)))
        .isEqualTo("0000000000000001-0000000000000002-d");
    assertThat(RSocketPropagationMetadata.b3(ZipkinTracingMetadata.of(1, 2, Sampling.UNDECIDED)
        .withParentId(3)))
        .isEqualTo("0000000000000001-0000000000000002");
    assertThat(RSocketPropagationMetadata.b3(
        ZipkinTracingMetadata.withoutIds(Sampling.NOT_SAMPLED))).isEqualTo("0");
    assertThat(RSocketPropagationMetadata.b3(
        ZipkinTracingMetadata.withoutIds(Sampling.UNDECIDED)))
        .isEmpty();
  }

  @Test
  void zipkinWithoutAnyDecisionAddsNoField() {
    ByteBuf metadata = this.allocator.buffer();
    ByteBuf content = ZipkinTracingMetadata.withoutIds(Sampling.UNDECIDED).encode(this.allocator);
    try {
      CompositeMetadata.encodeEntry(metadata, WellKnownMimeType.MESSAGE_RSOCKET_TRACING_ZIPKIN,
          content);
      assertThat(RSocketPropagationMetadata.read(metadata)).isEmpty();
    } finally {
      metadata.release();
      content.release();
    }
  }

  private static ByteBuf utf8(String text) {
    return Unpooled.wrappedBuffer(text.getBytes(UTF_8));
  }
}
