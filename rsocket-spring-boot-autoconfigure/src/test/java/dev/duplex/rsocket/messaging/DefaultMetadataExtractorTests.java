package dev.duplex.rsocket.messaging;

import static dev.duplex.rsocket.messaging.MetadataExtractor.ROUTE_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.util.MimeTypeUtils.TEXT_HTML;
import static org.springframework.util.MimeTypeUtils.TEXT_PLAIN;
import static org.springframework.util.MimeTypeUtils.TEXT_XML;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.frame.metadata.CompositeMetadata;
import dev.duplex.rsocket.frame.metadata.WellKnownMimeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.rsocket.metadata.CompositeMetadataCodec;
import io.rsocket.metadata.TaggingMetadataCodec;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.AbstractDataBufferDecoder;
import org.springframework.core.codec.ByteArrayDecoder;
import org.springframework.core.codec.DataBufferDecoder;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.codec.StringDecoder;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.util.Assert;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

/**
 * Tests for {@link DefaultMetadataExtractor}: Spring's cases on metadata from our
 * {@link MetadataEncoder}, and metadata encoded by rsocket-java. Every payload is released; the
 * engine's leak extension fails the class otherwise.
 */
class DefaultMetadataExtractorTests {

  private static final MimeType COMPOSITE_METADATA =
      MimeTypeUtils.parseMimeType(WellKnownMimeType.MESSAGE_RSOCKET_COMPOSITE_METADATA.string());

  private static final MimeType ROUTING =
      MimeTypeUtils.parseMimeType(WellKnownMimeType.MESSAGE_RSOCKET_ROUTING.string());

  private RSocketStrategies strategies;

  private DefaultMetadataExtractor extractor;

  @BeforeEach
  void setUp() {
    DataBufferFactory bufferFactory = new NettyDataBufferFactory(PooledByteBufAllocator.DEFAULT);
    this.strategies = RSocketStrategies.builder().dataBufferFactory(bufferFactory).build();
    this.extractor = new DefaultMetadataExtractor(StringDecoder.allMimeTypes());
  }

  @Test
  void compositeMetadataWithDefaultSettings() {
    MetadataEncoder metadataEncoder = new MetadataEncoder(COMPOSITE_METADATA, this.strategies)
        .route("toA")
        .metadata("text data", TEXT_PLAIN)
        .metadata("html data", TEXT_HTML)
        .metadata("xml data", TEXT_XML);

    DataBuffer metadata = metadataEncoder.encode().block();
    Payload payload = createPayload(metadata);
    Map<String, Object> result = this.extractor.extract(payload, COMPOSITE_METADATA);
    payload.release();

    assertThat(result).hasSize(1).containsEntry(ROUTE_KEY, "toA");
  }

  @Test
  void compositeMetadataWithMimeTypeRegistrations() {
    this.extractor.metadataToExtract(TEXT_PLAIN, String.class, "text-entry");
    this.extractor.metadataToExtract(TEXT_HTML, String.class, "html-entry");
    this.extractor.metadataToExtract(TEXT_XML, String.class, "xml-entry");

    MetadataEncoder metadataEncoder = new MetadataEncoder(COMPOSITE_METADATA, this.strategies)
        .route("toA")
        .metadata("text data", TEXT_PLAIN)
        .metadata("html data", TEXT_HTML)
        .metadata("xml data", TEXT_XML);

    DataBuffer metadata = metadataEncoder.encode().block();
    Payload payload = createPayload(metadata);
    Map<String, Object> result = this.extractor.extract(payload, COMPOSITE_METADATA);
    payload.release();

    assertThat(result).hasSize(4)
        .containsEntry(ROUTE_KEY, "toA")
        .containsEntry("text-entry", "text data")
        .containsEntry("html-entry", "html data")
        .containsEntry("xml-entry", "xml data");
  }

  @Test
  void route() {
    MetadataEncoder metadataEncoder = new MetadataEncoder(ROUTING, this.strategies).route("toA");
    DataBuffer metadata = metadataEncoder.encode().block();
    Payload payload = createPayload(metadata);
    Map<String, Object> result = this.extractor.extract(payload, ROUTING);
    payload.release();

    assertThat(result).hasSize(1).containsEntry(ROUTE_KEY, "toA");
  }

  @Test
  void routeAsText() {
    this.extractor.metadataToExtract(TEXT_PLAIN, String.class, ROUTE_KEY);

    MetadataEncoder metadataEncoder = new MetadataEncoder(TEXT_PLAIN, this.strategies).route("toA");
    DataBuffer metadata = metadataEncoder.encode().block();
    Payload payload = createPayload(metadata);
    Map<String, Object> result = this.extractor.extract(payload, TEXT_PLAIN);
    payload.release();

    assertThat(result).hasSize(1).containsEntry(ROUTE_KEY, "toA");
  }

  @Test
  void routeWithCustomFormatting() {
    this.extractor.metadataToExtract(TEXT_PLAIN, String.class, (text, result) -> {
      String[] items = text.split(":");
      Assert.isTrue(items.length == 2, "Expected two items");
      result.put(ROUTE_KEY, items[0]);
      result.put("entry1", items[1]);
    });

    MetadataEncoder encoder =
        new MetadataEncoder(TEXT_PLAIN, this.strategies).metadata("toA:text data", null);
    DataBuffer metadata = encoder.encode().block();
    Payload payload = createPayload(metadata);
    Map<String, Object> result = this.extractor.extract(payload, TEXT_PLAIN);
    payload.release();

    assertThat(result).hasSize(2)
        .containsEntry(ROUTE_KEY, "toA")
        .containsEntry("entry1", "text data");
  }

  @Test
  void nonCompositeMetadataCanBeReadTwice() {
    DefaultMetadataExtractor extractor = new DefaultMetadataExtractor(new TestDecoder());
    extractor.metadataToExtract(TEXT_PLAIN, String.class, "name");

    MetadataEncoder encoder =
        new MetadataEncoder(TEXT_PLAIN, this.strategies).metadata("value", null);
    DataBuffer metadata = encoder.encode().block();
    Payload payload = createPayload(metadata);

    Map<String, Object> result = extractor.extract(payload, TEXT_PLAIN);
    assertThat(result).hasSize(1).containsEntry("name", "value");

    result = extractor.extract(payload, TEXT_PLAIN);
    assertThat(result).hasSize(1).containsEntry("name", "value");

    assertThat(payload.refCnt()).isEqualTo(1);
    assertThat(payload.metadata().refCnt()).isEqualTo(1);
    payload.release();
  }

  @Test
  void compositeMetadataCanBeReadTwice() {
    DefaultMetadataExtractor extractor = new DefaultMetadataExtractor(new TestDecoder());
    extractor.metadataToExtract(TEXT_PLAIN, String.class, "name");

    DataBuffer metadata = new MetadataEncoder(COMPOSITE_METADATA, this.strategies)
        .route("toA").metadata("value", TEXT_PLAIN).encode().block();
    Payload payload = createPayload(metadata);

    for (int i = 0; i < 2; i++) {
      assertThat(extractor.extract(payload, COMPOSITE_METADATA)).hasSize(2)
          .containsEntry(ROUTE_KEY, "toA")
          .containsEntry("name", "value");
    }
    assertThat(payload.metadata().refCnt()).isEqualTo(1);
    payload.release();
  }

  @Test
  void noDecoder() {
    DefaultMetadataExtractor extractor =
        new DefaultMetadataExtractor(Collections.singletonList(new ByteArrayDecoder()));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> extractor.metadataToExtract(TEXT_PLAIN, String.class, "key"))
        .withMessage("No decoder for text/plain and java.lang.String");
  }

  @Test
  void registrationWithoutNameUsesTheMimeType() {
    this.extractor.metadataToExtract(TEXT_PLAIN, String.class, (String) null);

    Payload payload = createPayload(new MetadataEncoder(COMPOSITE_METADATA, this.strategies)
        .metadata("text data", TEXT_PLAIN).encode().block());
    Map<String, Object> result = this.extractor.extract(payload, COMPOSITE_METADATA);
    payload.release();

    assertThat(result).containsOnly(Map.entry("text/plain", "text data"));
  }

  @Test
  void registrationWithParameterizedTypeReference() {
    this.extractor.metadataToExtract(TEXT_PLAIN, new ParameterizedTypeReference<String>() { }, "a");
    this.extractor.metadataToExtract(TEXT_HTML, new ParameterizedTypeReference<String>() { },
        (value, map) -> map.put("b", value.toUpperCase()));

    Payload payload = createPayload(new MetadataEncoder(COMPOSITE_METADATA, this.strategies)
        .metadata("text", TEXT_PLAIN).metadata("html", TEXT_HTML).encode().block());
    Map<String, Object> result = this.extractor.extract(payload, COMPOSITE_METADATA);
    payload.release();

    assertThat(result).containsOnly(Map.entry("a", "text"), Map.entry("b", "HTML"));
  }

  @Test
  void registrationForRoutingReplacesBuiltInRouteExtraction() {
    DefaultMetadataExtractor extractor = new DefaultMetadataExtractor(new DataBufferDecoder());
    extractor.metadataToExtract(ROUTING, DataBuffer.class, "rawRoute");

    Payload payload = createPayload(new MetadataEncoder(COMPOSITE_METADATA, this.strategies)
        .route("toA").encode().block());
    Map<String, Object> result = extractor.extract(payload, COMPOSITE_METADATA);
    payload.release();

    assertThat(result).containsOnlyKeys("rawRoute");
    DataBuffer rawRoute = (DataBuffer) result.get("rawRoute");
    assertThat(rawRoute.toString(StandardCharsets.UTF_8)).isEqualTo("\u0003toA");
    DataBufferUtils.release(rawRoute);
  }

  @Test
  void decodedDataBufferIsARetainedSliceOfTheMetadata() {
    DefaultMetadataExtractor extractor = new DefaultMetadataExtractor(new DataBufferDecoder());
    extractor.metadataToExtract(TEXT_PLAIN, DataBuffer.class, "raw");

    Payload payload = createPayload(new MetadataEncoder(TEXT_PLAIN, this.strategies)
        .metadata("raw data", null).encode().block());
    ByteBuf metadata = payload.metadata();
    DataBuffer raw = (DataBuffer) extractor.extract(payload, TEXT_PLAIN).get("raw");
    payload.release();

    assertThat(metadata.refCnt()).isEqualTo(1);
    metadata.setByte(metadata.readerIndex(), 'R');
    assertThat(raw.toString(StandardCharsets.UTF_8)).isEqualTo("Raw data");
    DataBufferUtils.release(raw);
    assertThat(metadata.refCnt()).isZero();
  }

  @Test
  void decoderFailureDoesNotLeakTheMetadata() {
    DefaultMetadataExtractor extractor = new DefaultMetadataExtractor(new FailingDecoder());
    extractor.metadataToExtract(TEXT_PLAIN, String.class, "name");

    Payload payload = createPayload(new MetadataEncoder(TEXT_PLAIN, this.strategies)
        .metadata("value", null).encode().block());

    assertThatThrownBy(() -> extractor.extract(payload, TEXT_PLAIN))
        .isInstanceOf(DecodingException.class)
        .hasMessage("no");
    assertThat(payload.metadata().refCnt()).isEqualTo(1);
    payload.release();
  }

  @Test
  void payloadWithoutMetadata() {
    Payload payload =
        PayloadUtils.createPayload(this.strategies.dataBufferFactory().allocateBuffer(8));

    assertThat(this.extractor.extract(payload, COMPOSITE_METADATA)).isEmpty();
    assertThat(this.extractor.extract(payload, ROUTING)).isEmpty();
    payload.release();
  }

  @Test
  void emptyEntriesAndReservedMimeTypeIdsAreSkipped() {
    this.extractor.metadataToExtract(TEXT_PLAIN, String.class, "text");
    ByteBuf metadata = PooledByteBufAllocator.DEFAULT.buffer();
    metadata.writeByte(0x80 | 0x50).writeMedium(2).writeShort(0xCAFE); // reserved ID 0x50
    CompositeMetadata.encodeEntry(metadata, "text/plain", Unpooled.EMPTY_BUFFER); // empty entry
    CompositeMetadata.encodeRoutingEntry(metadata, "toA");
    Payload payload = Payload.create(PooledByteBufAllocator.DEFAULT.buffer(0), metadata);

    Map<String, Object> result = this.extractor.extract(payload, COMPOSITE_METADATA);
    payload.release();

    assertThat(result).containsOnly(Map.entry(ROUTE_KEY, "toA"));
  }

  @Test
  void malformedCompositeMetadata() {
    ByteBuf metadata = PooledByteBufAllocator.DEFAULT.buffer();
    metadata.writeByte(0x80 | WellKnownMimeType.TEXT_PLAIN.identifier()).writeMedium(100);
    Payload payload = Payload.create(PooledByteBufAllocator.DEFAULT.buffer(0), metadata);

    assertThatThrownBy(() -> this.extractor.extract(payload, COMPOSITE_METADATA))
        .isInstanceOf(DecodingException.class)
        .hasMessageStartingWith("Malformed composite metadata: composite metadata entry 0");
    payload.release();
  }

  @Test
  void malformedRoutingMetadata() {
    ByteBuf metadata = PooledByteBufAllocator.DEFAULT.buffer();
    metadata.writeByte(10).writeByte('a');
    Payload payload = Payload.create(PooledByteBufAllocator.DEFAULT.buffer(0), metadata);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> this.extractor.extract(payload, ROUTING))
        .withMessageStartingWith("Malformed routing metadata: routing metadata tag 0");
    payload.release();
  }

  @Test
  void compositeMetadataEncodedByRSocketJava() {
    this.extractor.metadataToExtract(TEXT_PLAIN, String.class, "text");
    this.extractor.metadataToExtract(new MimeType("text", "x.custom"), String.class, "custom");

    ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;
    CompositeByteBuf metadata = allocator.compositeBuffer();
    CompositeMetadataCodec.encodeAndAddMetadata(metadata, allocator,
        io.rsocket.metadata.WellKnownMimeType.MESSAGE_RSOCKET_ROUTING,
        TaggingMetadataCodec.createRoutingMetadata(allocator, List.of("orders.42", "ignored"))
            .getContent());
    // text/plain as its well-known ID, the custom type as a string
    CompositeMetadataCodec.encodeAndAddMetadataWithCompression(metadata, allocator, "text/plain",
        ByteBufUtil.writeUtf8(allocator, "text data"));
    CompositeMetadataCodec.encodeAndAddMetadata(metadata, allocator, "text/x.custom",
        ByteBufUtil.writeUtf8(allocator, "custom data"));
    assertThat(metadata.getByte(metadata.readerIndex() + 1 + 3 + 1 + 9 + 1 + 7) & 0xFF)
        .as("text/plain written as its ID")
        .isEqualTo(0x80 | WellKnownMimeType.TEXT_PLAIN.identifier());
    Payload payload = Payload.create(ByteBufUtil.writeUtf8(allocator, "data"), metadata);

    Map<String, Object> result = this.extractor.extract(payload, COMPOSITE_METADATA);
    payload.release();

    assertThat(result).containsOnly(
        Map.entry(ROUTE_KEY, "orders.42"),
        Map.entry("text", "text data"),
        Map.entry("custom", "custom data"));
  }

  @Test
  void routingMetadataEncodedByRSocketJava() {
    ByteBuf metadata = TaggingMetadataCodec.createRoutingMetadata(
        PooledByteBufAllocator.DEFAULT, List.of("toA")).getContent();
    Payload payload = Payload.create(PooledByteBufAllocator.DEFAULT.buffer(0), metadata);

    Map<String, Object> result = this.extractor.extract(payload, ROUTING);
    payload.release();

    assertThat(result).containsOnly(Map.entry(ROUTE_KEY, "toA"));
  }

  private Payload createPayload(DataBuffer metadata) {
    return PayloadUtils.createPayload(
        this.strategies.dataBufferFactory().allocateBuffer(256), metadata);
  }

  /**
   * Like StringDecoder but consumes the reader index in order to prove that extraction uses a slice
   * and can be read twice.
   */
  private static class TestDecoder extends AbstractDataBufferDecoder<String> {

    TestDecoder() {
      super(TEXT_PLAIN);
    }

    @Override
    public String decode(DataBuffer dataBuffer, ResolvableType elementType,
        @Nullable MimeType mimeType, @Nullable Map<String, Object> hints) {
      byte[] bytes = new byte[dataBuffer.readableByteCount()];
      dataBuffer.read(bytes);
      DataBufferUtils.release(dataBuffer);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** A decoder that fails without releasing its input. */
  private static class FailingDecoder extends AbstractDataBufferDecoder<String> {

    FailingDecoder() {
      super(TEXT_PLAIN);
    }

    @Override
    public String decode(DataBuffer dataBuffer, ResolvableType elementType,
        @Nullable MimeType mimeType, @Nullable Map<String, Object> hints) {
      throw new DecodingException("no");
    }
  }
}
