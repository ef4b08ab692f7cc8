package dev.duplex.rsocket.messaging;

import dev.duplex.rsocket.frame.metadata.CompositeMetadata;
import dev.duplex.rsocket.frame.metadata.RoutingMetadata;
import dev.duplex.rsocket.messaging.observation.RSocketPropagationMetadata;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ReactiveAdapter;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.Encoder;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.util.Assert;
import org.springframework.util.CollectionUtils;
import org.springframework.util.MimeType;
import org.springframework.util.ObjectUtils;
import reactor.core.publisher.Mono;

/**
 * Collects the route and metadata values of a request, with their MIME types, and encodes them as
 * the request's metadata; Spring's {@code MetadataEncoder}, writing composite and routing metadata
 * with the engine's codecs.
 *
 * <p>With composite metadata ({@code message/x.rsocket.composite-metadata.v0}) the route becomes a
 * routing entry with its well-known MIME type ID, followed by one entry per metadata value with its
 * MIME type as a string (the bytes Spring writes on rsocket-java). The entries are written into one
 * buffer from the strategies' allocator. Otherwise there is a single entry: the route, encoded as
 * routing metadata when that is the connection's metadata MIME type or with the strategies'
 * encoders otherwise, or one metadata value.
 *
 * <p>A {@link ByteBuf} metadata value is consumed: released when {@link #encode()} has copied it
 * into composite metadata, or handed over as the metadata itself. Not thread-safe; one encoder
 * per request.
 */
final class MetadataEncoder {

  /** For route variable replacement. */
  private static final Pattern VARS_PATTERN = Pattern.compile("\\{(.+?)}");

  private static final Object NO_VALUE = new Object();

  private final MimeType metadataMimeType;

  private final RSocketStrategies strategies;

  private final boolean isComposite;

  private final ByteBufAllocator allocator;

  private @Nullable String route;

  private final List<MetadataEntry> metadataEntries = new ArrayList<>(4);

  private boolean hasAsyncValues;

  /**
   * An encoder for a connection with {@code metadataMimeType}.
   *
   * @param metadataMimeType the connection's metadata MIME type
   * @param strategies the encoders and buffer factory to use
   */
  MetadataEncoder(MimeType metadataMimeType, RSocketStrategies strategies) {
    Assert.notNull(metadataMimeType, "'metadataMimeType' is required");
    Assert.notNull(strategies, "RSocketStrategies is required");
    this.metadataMimeType = metadataMimeType;
    this.strategies = strategies;
    this.isComposite = this.metadataMimeType.toString()
        .equals(MetadataExtractor.COMPOSITE_METADATA.toString());
    this.allocator = bufferFactory() instanceof NettyDataBufferFactory nettyFactory
        ? nettyFactory.getByteBufAllocator() : ByteBufAllocator.DEFAULT;
  }

  private DataBufferFactory bufferFactory() {
    return this.strategies.dataBufferFactory();
  }

  /**
   * Sets the route to a remote handler, with {@code {var}} placeholders in {@code route} replaced
   * by {@code routeVars} in order; a {@code "."} in a value is escaped as {@code "%2E"}.
   *
   * @throws IllegalArgumentException if a placeholder has no value, or the connection's metadata is
   *     not composite and a metadata value was already added
   */
  public MetadataEncoder route(String route, Object... routeVars) {
    this.route = expand(route, routeVars);
    assertMetadataEntryCount();
    return this;
  }

  private static String expand(String route, Object... routeVars) {
    if (ObjectUtils.isEmpty(routeVars)) {
      return route;
    }
    StringBuilder sb = new StringBuilder();
    int index = 0;
    Matcher matcher = VARS_PATTERN.matcher(route);
    while (matcher.find()) {
      Assert.isTrue(index < routeVars.length,
          () -> "No value for variable '" + matcher.group(1) + "'");
      String value = routeVars[index].toString().replace(".", "%2E");
      matcher.appendReplacement(sb, Matcher.quoteReplacement(value));
      index++;
    }
    matcher.appendTail(sb);
    return sb.toString();
  }

  private void assertMetadataEntryCount() {
    if (!this.isComposite) {
      int count = this.route != null
          ? this.metadataEntries.size() + 1 : this.metadataEntries.size();
      Assert.isTrue(count < 2, "Composite metadata required for multiple metadata entries.");
    }
  }

  /** The route as it is sent, variables expanded, or {@code null} when there is none. */
  @Nullable String getRoute() {
    return this.route;
  }

  /**
   * Adds a metadata value. If called more than once, or in addition to {@link #route}, the
   * connection's metadata must be composite.
   *
   * @param metadata the value: encoded with the strategies' encoders, or a {@link ByteBuf}
   *     (consumed) used as is, or a single-value reactive type resolved by {@link #encode()}
   * @param mimeType the MIME type of the value: required for composite metadata, optional
   *     otherwise, when it must be the connection's metadata MIME type
   * @throws IllegalArgumentException if the MIME type is missing or does not match, the value is a
   *     multi-value reactive type, or composite metadata is required
   */
  public MetadataEncoder metadata(Object metadata, @Nullable MimeType mimeType) {
    if (this.isComposite) {
      Assert.notNull(mimeType, "MimeType is required for composite metadata entries.");
    } else if (mimeType == null) {
      mimeType = this.metadataMimeType;
    } else if (!this.metadataMimeType.equals(mimeType)) {
      throw new IllegalArgumentException(
          "Mime type is optional when not using composite metadata, but it was provided "
              + "and does not match the connection metadata mime type '"
              + this.metadataMimeType + "'.");
    }
    ReactiveAdapter adapter =
        this.strategies.reactiveAdapterRegistry().getAdapter(metadata.getClass());
    if (adapter != null) {
      Object originalMetadata = metadata;
      Assert.isTrue(!adapter.isMultiValue(), () -> "Expected single value: " + originalMetadata);
      metadata = Mono.from(adapter.toPublisher(metadata)).defaultIfEmpty(NO_VALUE);
      this.hasAsyncValues = true;
    }
    this.metadataEntries.add(new MetadataEntry(metadata, mimeType));
    assertMetadataEntryCount();
    return this;
  }

  /**
   * Adds a route and metadata values, each optional.
   *
   * @param metadata metadata values and their MIME types, as for {@link #metadata}
   * @param route a route template, as for {@link #route}
   * @param vars the values of the route's placeholders
   */
  public MetadataEncoder metadataAndOrRoute(@Nullable Map<Object, MimeType> metadata,
      @Nullable String route, Object @Nullable [] vars) {
    if (route != null) {
      this.route = expand(route, vars != null ? vars : new Object[0]);
    }
    if (!CollectionUtils.isEmpty(metadata)) {
      for (Map.Entry<Object, MimeType> entry : metadata.entrySet()) {
        metadata(entry.getKey(), entry.getValue());
      }
    }
    assertMetadataEntryCount();
    return this;
  }

  /**
   * Encodes the route and metadata values, once reactive values have resolved (an empty one is left
   * out).
   *
   * @return the metadata (returns owned: with a {@link NettyDataBufferFactory} a
   *     {@link NettyDataBuffer} whose {@code ByteBuf} {@link PayloadUtils#createPayload(DataBuffer,
   *     DataBuffer)} hands to the payload without copying)
   */
  public Mono<DataBuffer> encode() {
    return encode(Map.of());
  }

  /**
   * Encodes the route and metadata values as {@link #encode()} does and, with composite metadata,
   * the trace context of an observed request after them (left out otherwise).
   *
   * @param propagationFields propagation fields by name, each written as an entry whose MIME type
   *     is its name (see {@link RSocketPropagationMetadata})
   */
  public Mono<DataBuffer> encode(Map<String, String> propagationFields) {
    if (this.hasAsyncValues) {
      return resolveAsyncMetadata()
          .doOnError(ex -> releaseByteBufValues(this.metadataEntries, 0))
          .map(entries -> encodeEntries(entries, propagationFields));
    }
    return Mono.fromCallable(() -> encodeEntries(this.metadataEntries, propagationFields));
  }

  private DataBuffer encodeEntries(
      List<MetadataEntry> entries, Map<String, String> propagationFields) {
    if (this.isComposite) {
      return encodeComposite(entries, propagationFields);
    } else if (this.route != null) {
      releaseOnFailure(entries, 0, () -> Assert.isTrue(entries.isEmpty(),
          "Composite metadata required for route and other entries"));
      return this.metadataMimeType.toString().equals(MetadataExtractor.ROUTING.toString())
          ? asDataBuffer(encodeRoute(this.route))
          : encodeEntry(this.route, this.metadataMimeType);
    } else {
      releaseOnFailure(entries, 0, () -> {
        Assert.isTrue(entries.size() == 1, "Composite metadata required for multiple entries");
        MetadataEntry entry = entries.get(0);
        if (!this.metadataMimeType.equals(entry.mimeType())) {
          throw new IllegalArgumentException(
              "Connection configured for metadata mime type "
                  + "'" + this.metadataMimeType + "', but actual is `" + entries + "`");
        }
      });
      return encodeEntry(entries.get(0));
    }
  }

  private DataBuffer encodeComposite(
      List<MetadataEntry> entries, Map<String, String> propagationFields) {
    ByteBuf composite = this.allocator.buffer();
    int next = 0;
    try {
      if (this.route != null) {
        CompositeMetadata.encodeRoutingEntry(composite, this.route);
      }
      for (MetadataEntry entry : entries) {
        next++;
        String mimeType = entry.mimeType().toString();
        if (entry.value() instanceof ByteBuf byteBuf) {
          try {
            CompositeMetadata.encodeEntry(composite, mimeType, byteBuf);
          } finally {
            byteBuf.release();
          }
        } else {
          DataBuffer content = encodeEntry(entry);
          try {
            int mark = CompositeMetadata.beginEntry(composite, mimeType);
            write(composite, content);
            CompositeMetadata.endEntry(composite, mark);
          } finally {
            DataBufferUtils.release(content);
          }
        }
      }
      RSocketPropagationMetadata.write(composite, propagationFields);
      return asDataBuffer(composite);
    } catch (Throwable ex) {
      composite.release();
      releaseByteBufValues(entries, next);
      throw ex;
    }
  }

  /** Copies the readable bytes of {@code source} (borrowed) to {@code target}. */
  private static void write(ByteBuf target, DataBuffer source) {
    if (source instanceof NettyDataBuffer nettyBuffer) {
      ByteBuf byteBuf = nettyBuffer.getNativeBuffer();
      target.writeBytes(byteBuf, byteBuf.readerIndex(), byteBuf.readableBytes());
      return;
    }
    try (DataBuffer.ByteBufferIterator iterator = source.readableByteBuffers()) {
      while (iterator.hasNext()) {
        ByteBuffer byteBuffer = iterator.next();
        target.writeBytes(byteBuffer);
      }
    }
  }

  /**
   * Routing metadata with the single tag {@code route} (returns owned), in a buffer of exactly its
   * size: rsocket-java's {@code RoutingMetadata} reads tags up to the buffer's capacity.
   */
  private ByteBuf encodeRoute(String route) {
    ByteBuf routing = this.allocator.buffer(1 + ByteBufUtil.utf8Bytes(route));
    try {
      RoutingMetadata.encode(routing, route);
    } catch (Throwable ex) {
      routing.release();
      throw ex;
    }
    return routing;
  }

  private DataBuffer encodeEntry(MetadataEntry entry) {
    return encodeEntry(entry.value(), entry.mimeType());
  }

  @SuppressWarnings("unchecked")
  private <T> DataBuffer encodeEntry(Object value, MimeType mimeType) {
    if (value instanceof ByteBuf byteBuf) {
      return asDataBuffer(byteBuf);
    }
    ResolvableType type = ResolvableType.forInstance(value);
    Encoder<T> encoder = this.strategies.encoder(type, mimeType);
    return encoder.encodeValue((T) value, bufferFactory(), type, mimeType, Collections.emptyMap());
  }

  /**
   * {@code byteBuf} (consumed) as a buffer of the strategies' factory: wrapped by a
   * {@link NettyDataBufferFactory}, copied otherwise.
   */
  private DataBuffer asDataBuffer(ByteBuf byteBuf) {
    if (bufferFactory() instanceof NettyDataBufferFactory nettyFactory) {
      return nettyFactory.wrap(byteBuf);
    }
    try {
      DataBuffer buffer = bufferFactory().allocateBuffer(byteBuf.readableBytes());
      buffer.write(byteBuf.nioBuffers());
      return buffer;
    } finally {
      byteBuf.release();
    }
  }

  private Mono<List<MetadataEntry>> resolveAsyncMetadata() {
    Assert.state(this.hasAsyncValues, "No asynchronous values to resolve");
    List<Mono<?>> valueMonos = new ArrayList<>();
    this.metadataEntries.forEach(entry -> {
      Object value = entry.value();
      valueMonos.add(value instanceof Mono<?> mono ? mono : Mono.just(value));
    });
    return Mono.zip(valueMonos, values -> {
      List<MetadataEntry> result = new ArrayList<>(values.length);
      for (int i = 0; i < values.length; i++) {
        if (values[i] != NO_VALUE) {
          result.add(new MetadataEntry(values[i], this.metadataEntries.get(i).mimeType()));
        }
      }
      return result;
    });
  }

  private static void releaseOnFailure(List<MetadataEntry> entries, int from, Runnable check) {
    try {
      check.run();
    } catch (RuntimeException ex) {
      releaseByteBufValues(entries, from);
      throw ex;
    }
  }

  /** Releases the {@link ByteBuf} values of {@code entries} from index {@code from} on. */
  private static void releaseByteBufValues(List<MetadataEntry> entries, int from) {
    for (int i = from; i < entries.size(); i++) {
      if (entries.get(i).value() instanceof ByteBuf byteBuf && byteBuf.refCnt() > 0) {
        byteBuf.release();
      }
    }
  }

  /** A metadata value and its MIME type. */
  private record MetadataEntry(Object value, MimeType mimeType) {
  }
}
