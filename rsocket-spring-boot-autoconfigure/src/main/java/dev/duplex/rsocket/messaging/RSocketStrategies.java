package dev.duplex.rsocket.messaging;

import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.Decoder;
import org.springframework.core.codec.Encoder;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.util.AntPathMatcher;
import org.springframework.util.MimeType;
import org.springframework.util.RouteMatcher;
import org.springframework.util.SimpleRouteMatcher;

/**
 * The strategies that RSocket requesters and responders use: codecs, route matcher, reactive
 * adapters, buffer factory and metadata extractor; Spring's {@code RSocketStrategies} for the
 * engine.
 *
 * <pre>{@code
 * RSocketStrategies strategies = RSocketStrategies.builder()
 *     .encoder(new JacksonJsonEncoder())
 *     .decoder(new JacksonJsonDecoder())
 *     .metadataExtractorRegistry(registry ->
 *         registry.metadataToExtract(MimeTypeUtils.TEXT_PLAIN, String.class, "text"))
 *     .build();
 * }</pre>
 *
 * Instances are immutable; {@link #mutate()} starts a builder from one.
 */
public interface RSocketStrategies {

  /**
   * The configured {@link Builder#encoder(Encoder[]) encoders}, read-only.
   *
   * @see #encoder(ResolvableType, MimeType)
   */
  List<Encoder<?>> encoders();

  /**
   * The first encoder that can encode {@code elementType} to {@code mimeType}.
   *
   * @param elementType the element type to match
   * @param mimeType the MIME type to match
   * @param <T> the element type the encoder is cast to
   * @throws IllegalArgumentException if no encoder matches
   */
  @SuppressWarnings("unchecked")
  default <T> Encoder<T> encoder(ResolvableType elementType, @Nullable MimeType mimeType) {
    for (Encoder<?> encoder : encoders()) {
      if (encoder.canEncode(elementType, mimeType)) {
        return (Encoder<T>) encoder;
      }
    }
    throw new IllegalArgumentException("No encoder for " + elementType);
  }

  /**
   * The configured {@link Builder#decoder(Decoder[]) decoders}, read-only.
   *
   * @see #decoder(ResolvableType, MimeType)
   */
  List<Decoder<?>> decoders();

  /**
   * The first decoder that can decode {@code elementType} from {@code mimeType}.
   *
   * @param elementType the element type to match
   * @param mimeType the MIME type to match
   * @param <T> the element type the decoder is cast to
   * @throws IllegalArgumentException if no decoder matches
   */
  @SuppressWarnings("unchecked")
  default <T> Decoder<T> decoder(ResolvableType elementType, @Nullable MimeType mimeType) {
    for (Decoder<?> decoder : decoders()) {
      if (decoder.canDecode(elementType, mimeType)) {
        return (Decoder<T>) decoder;
      }
    }
    throw new IllegalArgumentException("No decoder for " + elementType);
  }

  /** The configured {@link Builder#routeMatcher(RouteMatcher) route matcher}. */
  RouteMatcher routeMatcher();

  /**
   * The configured {@link Builder#reactiveAdapterStrategy(ReactiveAdapterRegistry) reactive
   * adapter registry}.
   */
  ReactiveAdapterRegistry reactiveAdapterRegistry();

  /** The configured {@link Builder#dataBufferFactory(DataBufferFactory) buffer factory}. */
  DataBufferFactory dataBufferFactory();

  /** The configured {@link Builder#metadataExtractor(MetadataExtractor) metadata extractor}. */
  MetadataExtractor metadataExtractor();

  /**
   * A builder initialized with the settings of this instance, to create a modified copy. The
   * metadata extractor is shared with the copy, so registrations made through the new builder's
   * {@link Builder#metadataExtractorRegistry} also apply to it here.
   */
  default Builder mutate() {
    return new DefaultRSocketStrategies.DefaultRSocketStrategiesBuilder(this);
  }

  /**
   * Strategies with the default settings; the same as {@code RSocketStrategies.builder().build()}.
   * See the builder methods for the defaults.
   */
  static RSocketStrategies create() {
    return new DefaultRSocketStrategies.DefaultRSocketStrategiesBuilder().build();
  }

  /** A builder with the default settings; see the builder methods for what they are. */
  static Builder builder() {
    return new DefaultRSocketStrategies.DefaultRSocketStrategiesBuilder();
  }

  /** Builds {@link RSocketStrategies}; not thread-safe. */
  interface Builder {

    /**
     * Appends encoders for serializing objects to the data or metadata of a payload.
     *
     * <p>The list starts with encoders for {@code String}, {@code byte[]}, {@code ByteBuffer} and
     * {@code DataBuffer}.
     */
    Builder encoder(Encoder<?>... encoder);

    /** Applies {@code consumer} to the list of encoders, immediately. */
    Builder encoders(Consumer<List<Encoder<?>>> consumer);

    /**
     * Appends decoders for deserializing objects from the data or metadata of a payload.
     *
     * <p>The list starts with decoders for {@code String}, {@code byte[]}, {@code ByteBuffer} and
     * {@code DataBuffer}.
     */
    Builder decoder(Decoder<?>... decoder);

    /** Applies {@code consumer} to the list of decoders, immediately. */
    Builder decoders(Consumer<List<Decoder<?>>> consumer);

    /**
     * The {@code RouteMatcher} that matches routes to message handlers by route pattern, for
     * client and server responders.
     *
     * <p>By default a {@link SimpleRouteMatcher} backed by an {@link AntPathMatcher} with
     * {@code "."} as separator. {@code PathPatternRouteMatcher} from {@code spring-web} is more
     * efficient.
     */
    Builder routeMatcher(@Nullable RouteMatcher routeMatcher);

    /**
     * The registry of reactive type adapters, used to adapt to a
     * {@link org.reactivestreams.Publisher Publisher} and to tell single from multi-value types.
     *
     * <p>By default {@link ReactiveAdapterRegistry#getSharedInstance()}.
     */
    Builder reactiveAdapterStrategy(@Nullable ReactiveAdapterRegistry registry);

    /**
     * The {@code DataBufferFactory} that allocates buffers for requests and responses.
     *
     * <p>By default a {@link NettyDataBufferFactory} on {@code PooledByteBufAllocator.DEFAULT}:
     * payload buffers are then wrapped, not copied, in both directions. With a
     * {@link DefaultDataBufferFactory}, payload data and metadata are copied between Netty
     * buffers and heap buffers.
     */
    Builder dataBufferFactory(@Nullable DataBufferFactory bufferFactory);

    /**
     * The {@link MetadataExtractor} that extracts the route and other metadata, for client and
     * server responders.
     *
     * <p>By default a {@link DefaultMetadataExtractor} with the {@link #decoder(Decoder[])
     * configured} decoders, extracting the route from {@code message/x.rsocket.routing.v0}
     * metadata.
     */
    Builder metadataExtractor(@Nullable MetadataExtractor metadataExtractor);

    /**
     * Applies {@code consumer} to the {@link MetadataExtractorRegistry}, when the metadata
     * extractor is one, at {@link #build()}, to register extra metadata entry extractors.
     */
    Builder metadataExtractorRegistry(Consumer<MetadataExtractorRegistry> consumer);

    /** Builds the {@code RSocketStrategies}. */
    RSocketStrategies build();
  }
}
