package dev.duplex.rsocket.messaging;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.rsocket.metadata.CompositeMetadata;
import io.rsocket.metadata.CompositeMetadataCodec;
import io.rsocket.metadata.RoutingMetadata;
import io.rsocket.metadata.TaggingMetadataCodec;
import io.rsocket.metadata.WellKnownMimeType;
import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tests for {@link MetadataEncoder}: Spring's cases, with the metadata read back by rsocket-java's
 * codecs, and byte-for-byte equality with what Spring's encoder writes through rsocket-java.
 */
class MetadataEncoderTests {

  private static final MimeType COMPOSITE_METADATA =
      MimeTypeUtils.parseMimeType(WellKnownMimeType.MESSAGE_RSOCKET_COMPOSITE_METADATA.getString());

  private static final MimeType ROUTING =
      MimeTypeUtils.parseMimeType(WellKnownMimeType.MESSAGE_RSOCKET_ROUTING.getString());

  private final RSocketStrategies strategies = RSocketStrategies.create();

  @Test
  void mimeTypeConstantsMatchSpring() {
    assertThat(MetadataExtractor.COMPOSITE_METADATA).isEqualTo(COMPOSITE_METADATA);
    assertThat(MetadataExtractor.ROUTING).isEqualTo(ROUTING);
  }

  @Test
  void compositeMetadata() {
    Mono<String> asyncMeta1 = Mono.delay(Duration.ofMillis(1)).map(aLong -> "Async Metadata 1");
    Mono<String> asyncMeta2 = Mono.delay(Duration.ofMillis(1)).map(aLong -> "Async Metadata 2");
    ByteBuf raw = Unpooled.wrappedBuffer("Raw data".getBytes(UTF_8));

    DataBuffer buffer = new MetadataEncoder(COMPOSITE_METADATA, this.strategies)
        .route("toA")
        .metadata("My metadata", MimeTypeUtils.TEXT_PLAIN)
        .metadata(asyncMeta1, new MimeType("text", "x.test.metadata1"))
        .metadata(raw, MimeTypeUtils.APPLICATION_OCTET_STREAM)
        .metadata(asyncMeta2, new MimeType("text", "x.test.metadata2"))
        .encode()
        .block();

    try {
      assertThat(raw.refCnt()).isZero();
      CompositeMetadata entries =
          new CompositeMetadata(((NettyDataBuffer) buffer).getNativeBuffer(), false);
      Iterator<CompositeMetadata.Entry> iterator = entries.iterator();

      assertThat(iterator.hasNext()).isTrue();
      CompositeMetadata.Entry entry = iterator.next();
      assertThat(entry.getMimeType()).isEqualTo(ROUTING.toString());
      assertRoute("toA", entry.getContent());

      assertThat(iterator.hasNext()).isTrue();
      entry = iterator.next();
      assertThat(entry.getMimeType()).isEqualTo(MimeTypeUtils.TEXT_PLAIN_VALUE);
      assertThat(entry.getContent().toString(UTF_8)).isEqualTo("My metadata");

      assertThat(iterator.hasNext()).isTrue();
      entry = iterator.next();
      assertThat(entry.getMimeType()).isEqualTo("text/x.test.metadata1");
      assertThat(entry.getContent().toString(UTF_8)).isEqualTo("Async Metadata 1");

      assertThat(iterator.hasNext()).isTrue();
      entry = iterator.next();
      assertThat(entry.getMimeType()).isEqualTo(MimeTypeUtils.APPLICATION_OCTET_STREAM_VALUE);
      assertThat(entry.getContent().toString(UTF_8)).isEqualTo("Raw data");

      assertThat(iterator.hasNext()).isTrue();
      entry = iterator.next();
      assertThat(entry.getMimeType()).isEqualTo("text/x.test.metadata2");
      assertThat(entry.getContent().toString(UTF_8)).isEqualTo("Async Metadata 2");

      assertThat(iterator.hasNext()).isFalse();
    } finally {
      DataBufferUtils.release(buffer);
    }
  }

  @Test
  void compositeMetadataHasTheBytesSpringWritesWithRSocketJava() {
    DataBuffer buffer = new MetadataEncoder(COMPOSITE_METADATA, this.strategies)
        .route("orders.{id}", 42)
        .metadata("My metadata", MimeTypeUtils.TEXT_PLAIN)
        .metadata(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}), new MimeType("text", "x.custom"))
        .encode()
        .block();

    // What Spring's MetadataEncoder builds with rsocket-java's codecs
    ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
    CompositeByteBuf expected = allocator.compositeBuffer();
    CompositeMetadataCodec.encodeAndAddMetadata(expected, allocator,
        WellKnownMimeType.MESSAGE_RSOCKET_ROUTING,
        TaggingMetadataCodec.createRoutingMetadata(allocator, List.of("orders.42")).getContent());
    CompositeMetadataCodec.encodeAndAddMetadata(expected, allocator, "text/plain",
        ByteBufUtil.writeUtf8(allocator, "My metadata"));
    CompositeMetadataCodec.encodeAndAddMetadata(expected, allocator, "text/x.custom",
        Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
    try {
      ByteBuf actual = ((NettyDataBuffer) buffer).getNativeBuffer();
      assertThat(ByteBufUtil.hexDump(actual)).isEqualTo(ByteBufUtil.hexDump(expected));
    } finally {
      DataBufferUtils.release(buffer);
      expected.release();
    }
  }

  @Test
  void propagationFieldsFollowTheOtherEntriesAsRSocketMicrometerWritesThem() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    fields.put("tracestate", "congo=t61rcWkgMzE");
    DataBuffer buffer = new MetadataEncoder(COMPOSITE_METADATA, this.strategies)
        .route("orders.{id}", 42)
        .metadata("My metadata", MimeTypeUtils.TEXT_PLAIN)
        .encode(fields)
        .block();

    ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
    CompositeByteBuf expected = allocator.compositeBuffer();
    CompositeMetadataCodec.encodeAndAddMetadata(expected, allocator,
        WellKnownMimeType.MESSAGE_RSOCKET_ROUTING,
        TaggingMetadataCodec.createRoutingMetadata(allocator, List.of("orders.42")).getContent());
    CompositeMetadataCodec.encodeAndAddMetadata(expected, allocator, "text/plain",
        ByteBufUtil.writeUtf8(allocator, "My metadata"));
    // rsocket-micrometer's ByteBufSetter, one call per field
    fields.forEach((name, value) -> CompositeMetadataCodec.encodeAndAddMetadataWithCompression(
        expected, allocator, name, ByteBufUtil.writeUtf8(allocator, value)));
    try {
      ByteBuf actual = ((NettyDataBuffer) buffer).getNativeBuffer();
      assertThat(ByteBufUtil.hexDump(actual)).isEqualTo(ByteBufUtil.hexDump(expected));
    } finally {
      DataBufferUtils.release(buffer);
      expected.release();
    }
  }

  @Test
  void propagationFieldsAreLeftOutWithoutCompositeMetadata() {
    DataBuffer buffer = new MetadataEncoder(MimeTypeUtils.TEXT_PLAIN, this.strategies)
        .route("toA")
        .encode(Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        .block();

    assertThat(buffer.toString(UTF_8)).isEqualTo("toA");
    DataBufferUtils.release(buffer);
  }

  @Test
  void compositeMetadataIsAllocatedByTheStrategiesFactory() {
    DataBuffer buffer = new MetadataEncoder(COMPOSITE_METADATA, this.strategies)
        .route("toA")
        .encode()
        .block();
    try {
      assertThat(buffer).isInstanceOf(NettyDataBuffer.class);
      assertThat(((NettyDataBuffer) buffer).getNativeBuffer().alloc())
          .isSameAs(PooledByteBufAllocator.DEFAULT);
    } finally {
      DataBufferUtils.release(buffer);
    }
  }

  @Test
  void routeWithRoutingMimeType() {
    DataBuffer buffer =
        new MetadataEncoder(ROUTING, this.strategies)
            .route("toA")
            .encode()
            .block();
    try {
      assertRoute("toA", ((NettyDataBuffer) buffer).getNativeBuffer());
    } finally {
      DataBufferUtils.release(buffer);
    }
  }

  @Test
  void routeWithTextPlainMimeType() {
    DataBuffer buffer =
        new MetadataEncoder(MimeTypeUtils.TEXT_PLAIN, this.strategies)
            .route("toA")
            .encode()
            .block();

    assertThat(buffer.toString(UTF_8)).isEqualTo("toA");
    DataBufferUtils.release(buffer);
  }

  @Test
  void routeWithVars() {
    DataBuffer buffer =
        new MetadataEncoder(MimeTypeUtils.TEXT_PLAIN, this.strategies)
            .route("a.{b}.{c}.d", "BBB", "C.C.C")
            .encode()
            .block();

    assertThat(buffer.toString(UTF_8)).isEqualTo("a.BBB.C%2EC%2EC.d");
    DataBufferUtils.release(buffer);
  }

  @Test
  void routeWithVarsThatLookLikeGroupReferences() {
    DataBuffer buffer =
        new MetadataEncoder(MimeTypeUtils.TEXT_PLAIN, this.strategies)
            .route("price.{amount}", "$1\\0")
            .encode()
            .block();

    assertThat(buffer.toString(UTF_8)).isEqualTo("price.$1\\0");
    DataBufferUtils.release(buffer);
  }

  @Test
  void routeWithMissingVar() {
    MetadataEncoder encoder = new MetadataEncoder(MimeTypeUtils.TEXT_PLAIN, this.strategies);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> encoder.route("a.{b}.{c}", "BBB"))
        .withMessage("No value for variable 'c'");
  }

  @Test
  void metadataWithTextPlainMimeType() {
    ByteBuf raw = Unpooled.wrappedBuffer("Raw data".getBytes(UTF_8));
    DataBuffer buffer =
        new MetadataEncoder(MimeTypeUtils.TEXT_PLAIN, this.strategies)
            .metadata(raw, null)
            .encode()
            .block();

    assertThat(((NettyDataBuffer) buffer).getNativeBuffer()).isSameAs(raw);
    assertThat(buffer.toString(UTF_8)).isEqualTo("Raw data");
    DataBufferUtils.release(buffer);
  }

  @Test
  void metadataWithByteBuf() {
    DataBuffer buffer =
        new MetadataEncoder(MimeTypeUtils.TEXT_PLAIN, this.strategies)
            .metadata("toA", null)
            .encode()
            .block();

    assertThat(buffer.toString(UTF_8)).isEqualTo("toA");
    DataBufferUtils.release(buffer);
  }

  @Test
  void metadataAndOrRoute() {
    Map<Object, MimeType> metadata = new LinkedHashMap<>();
    metadata.put("text", MimeTypeUtils.TEXT_PLAIN);
    DataBuffer buffer = new MetadataEncoder(COMPOSITE_METADATA, this.strategies)
        .metadataAndOrRoute(metadata, "a.{b}", new Object[] {"B"})
        .encode()
        .block();
    try {
      Iterator<CompositeMetadata.Entry> iterator =
          new CompositeMetadata(((NettyDataBuffer) buffer).getNativeBuffer(), false).iterator();
      assertRoute("a.B", iterator.next().getContent());
      assertThat(iterator.next().getContent().toString(UTF_8)).isEqualTo("text");
      assertThat(iterator.hasNext()).isFalse();
    } finally {
      DataBufferUtils.release(buffer);
    }
  }

  @Test
  void emptyAsyncValueIsLeftOut() {
    DataBuffer buffer = new MetadataEncoder(COMPOSITE_METADATA, this.strategies)
        .route("toA")
        .metadata(Mono.empty(), MimeTypeUtils.TEXT_PLAIN)
        .encode()
        .block();
    try {
      Iterator<CompositeMetadata.Entry> iterator =
          new CompositeMetadata(((NettyDataBuffer) buffer).getNativeBuffer(), false).iterator();
      assertRoute("toA", iterator.next().getContent());
      assertThat(iterator.hasNext()).isFalse();
    } finally {
      DataBufferUtils.release(buffer);
    }
  }

  @Test
  void multiValueMetadataIsRejected() {
    MetadataEncoder encoder = new MetadataEncoder(COMPOSITE_METADATA, this.strategies);
    Flux<String> values = Flux.just("a", "b");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> encoder.metadata(values, MimeTypeUtils.TEXT_PLAIN))
        .withMessage("Expected single value: " + values);
  }

  @Test
  void compositeRequiredForMultipleEntries() {
    // Route, metadata
    MetadataEncoder encoder1 = new MetadataEncoder(MimeTypeUtils.TEXT_PLAIN, this.strategies);
    encoder1.route("toA");

    assertThatThrownBy(() -> encoder1.metadata("My metadata", MimeTypeUtils.TEXT_PLAIN))
        .hasMessage("Composite metadata required for multiple metadata entries.");

    // Metadata, route
    MetadataEncoder encoder2 = new MetadataEncoder(MimeTypeUtils.TEXT_PLAIN, this.strategies);
    encoder2.metadata("My metadata", MimeTypeUtils.TEXT_PLAIN);

    assertThatThrownBy(() -> encoder2.route("toA"))
        .hasMessage("Composite metadata required for multiple metadata entries.");

    // Route and metadata
    MetadataEncoder encoder3 = new MetadataEncoder(MimeTypeUtils.TEXT_PLAIN, this.strategies);
    Map<Object, MimeType> metadata =
        Collections.singletonMap("My metadata", MimeTypeUtils.TEXT_PLAIN);

    assertThatThrownBy(() -> encoder3.metadataAndOrRoute(metadata, "toA", new Object[0]))
        .hasMessage("Composite metadata required for multiple metadata entries.");
  }

  @Test
  void mimeTypeRequiredForCompositeEntries() {
    MetadataEncoder encoder = new MetadataEncoder(COMPOSITE_METADATA, this.strategies);

    assertThatThrownBy(() -> encoder.metadata("toA", null))
        .hasMessage("MimeType is required for composite metadata entries.");
  }

  @Test
  void mimeTypeDoesNotMatchConnectionMetadataMimeType() {
    MetadataEncoder encoder = new MetadataEncoder(MimeTypeUtils.TEXT_PLAIN, this.strategies);

    assertThatThrownBy(() -> encoder.metadata("toA", MimeTypeUtils.APPLICATION_JSON))
        .hasMessage("Mime type is optional when not using composite metadata, but it was "
            + "provided and does not match the connection metadata mime type 'text/plain'.");
  }

  @Test
  void noEncoderReleasesByteBufValues() {
    ByteBuf before = ByteBufUtil.writeUtf8(PooledByteBufAllocator.DEFAULT, "before");
    ByteBuf after = ByteBufUtil.writeUtf8(PooledByteBufAllocator.DEFAULT, "after");
    MetadataEncoder encoder = new MetadataEncoder(COMPOSITE_METADATA, this.strategies)
        .route("toA")
        .metadata(before, MimeTypeUtils.TEXT_PLAIN)
        .metadata(42, MimeTypeUtils.APPLICATION_JSON)
        .metadata(after, MimeTypeUtils.TEXT_PLAIN);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> encoder.encode().block())
        .withMessage("No encoder for java.lang.Integer");
    assertThat(before.refCnt()).isZero();
    assertThat(after.refCnt()).isZero();
  }

  @Test
  void failedAsyncValueReleasesByteBufValues() {
    ByteBuf raw = ByteBufUtil.writeUtf8(PooledByteBufAllocator.DEFAULT, "raw");
    MetadataEncoder encoder = new MetadataEncoder(COMPOSITE_METADATA, this.strategies)
        .metadata(raw, MimeTypeUtils.TEXT_PLAIN)
        .metadata(Mono.error(new IllegalStateException("boom")), MimeTypeUtils.TEXT_PLAIN);

    assertThatThrownBy(() -> encoder.encode().block()).hasMessage("boom");
    assertThat(raw.refCnt()).isZero();
  }

  @Test
  void mimeTypeTooLongForCompositeMetadataReleasesByteBufValue() {
    ByteBuf raw = ByteBufUtil.writeUtf8(PooledByteBufAllocator.DEFAULT, "raw");
    MimeType tooLong = new MimeType("text", "x." + "a".repeat(200));
    MetadataEncoder encoder = new MetadataEncoder(COMPOSITE_METADATA, this.strategies)
        .metadata(raw, tooLong);

    assertThatIllegalArgumentException().isThrownBy(() -> encoder.encode().block());
    assertThat(raw.refCnt()).isZero();
  }

  @Test
  void defaultDataBufferFactory() {
    DefaultDataBufferFactory bufferFactory = DefaultDataBufferFactory.sharedInstance;
    RSocketStrategies strategies =
        RSocketStrategies.builder().dataBufferFactory(bufferFactory).build();

    DataBuffer buffer = new MetadataEncoder(COMPOSITE_METADATA, strategies)
        .route("toA")
        .metadata("text", MimeTypeUtils.TEXT_PLAIN)
        .encode()
        .block();

    assertThat(buffer).isInstanceOf(DefaultDataBuffer.class);
    ByteBuf byteBuf = heapCopy(buffer);

    CompositeMetadata entries = new CompositeMetadata(byteBuf, false);
    Iterator<CompositeMetadata.Entry> iterator = entries.iterator();

    assertThat(iterator.hasNext()).isTrue();
    CompositeMetadata.Entry entry = iterator.next();
    assertThat(entry.getMimeType()).isEqualTo(ROUTING.toString());
    assertRoute("toA", entry.getContent());

    assertThat(iterator.hasNext()).isTrue();
    assertThat(iterator.next().getContent().toString(UTF_8)).isEqualTo("text");
    assertThat(iterator.hasNext()).isFalse();
  }

  @Test
  void defaultDataBufferFactoryCopiesByteBufMetadataAndReleasesIt() {
    RSocketStrategies strategies = RSocketStrategies.builder()
        .dataBufferFactory(DefaultDataBufferFactory.sharedInstance).build();
    ByteBuf raw = ByteBufUtil.writeUtf8(PooledByteBufAllocator.DEFAULT, "Raw data");

    DataBuffer buffer = new MetadataEncoder(MimeTypeUtils.TEXT_PLAIN, strategies)
        .metadata(raw, null)
        .encode()
        .block();

    assertThat(raw.refCnt()).isZero();
    assertThat(buffer).isInstanceOf(DefaultDataBuffer.class);
    assertThat(buffer.toString(UTF_8)).isEqualTo("Raw data");
  }

  @Test
  void defaultDataBufferFactoryWithRoutingMimeType() {
    RSocketStrategies strategies = RSocketStrategies.builder()
        .dataBufferFactory(DefaultDataBufferFactory.sharedInstance).build();

    DataBuffer buffer = new MetadataEncoder(ROUTING, strategies).route("toA").encode().block();

    assertThat(buffer).isInstanceOf(DefaultDataBuffer.class);
    assertRoute("toA", heapCopy(buffer));
  }

  private static ByteBuf heapCopy(DataBuffer buffer) {
    byte[] bytes = new byte[buffer.readableByteCount()];
    buffer.read(bytes);
    return Unpooled.wrappedBuffer(bytes);
  }

  private void assertRoute(String route, ByteBuf metadata) {
    Iterator<String> tags = new RoutingMetadata(metadata).iterator();
    assertThat(tags.hasNext()).isTrue();
    assertThat(tags.next()).isEqualTo(route);
    assertThat(tags.hasNext()).isFalse();
  }
}
