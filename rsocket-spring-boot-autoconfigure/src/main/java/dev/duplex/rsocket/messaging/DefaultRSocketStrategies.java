package dev.duplex.rsocket.messaging;

import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.codec.ByteArrayDecoder;
import org.springframework.core.codec.ByteArrayEncoder;
import org.springframework.core.codec.ByteBufferDecoder;
import org.springframework.core.codec.ByteBufferEncoder;
import org.springframework.core.codec.CharSequenceEncoder;
import org.springframework.core.codec.DataBufferDecoder;
import org.springframework.core.codec.DataBufferEncoder;
import org.springframework.core.codec.Decoder;
import org.springframework.core.codec.Encoder;
import org.springframework.core.codec.StringDecoder;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.util.AntPathMatcher;
import org.springframework.util.RouteMatcher;
import org.springframework.util.SimpleRouteMatcher;

/** The default {@link RSocketStrategies}: an immutable set of the configured strategies. */
final class DefaultRSocketStrategies implements RSocketStrategies {

  private final List<Encoder<?>> encoders;

  private final List<Decoder<?>> decoders;

  private final RouteMatcher routeMatcher;

  private final ReactiveAdapterRegistry adapterRegistry;

  private final DataBufferFactory bufferFactory;

  private final MetadataExtractor metadataExtractor;

  private DefaultRSocketStrategies(List<Encoder<?>> encoders, List<Decoder<?>> decoders,
      RouteMatcher routeMatcher, ReactiveAdapterRegistry adapterRegistry,
      DataBufferFactory bufferFactory, MetadataExtractor metadataExtractor) {
    this.encoders = List.copyOf(encoders);
    this.decoders = List.copyOf(decoders);
    this.routeMatcher = routeMatcher;
    this.adapterRegistry = adapterRegistry;
    this.bufferFactory = bufferFactory;
    this.metadataExtractor = metadataExtractor;
  }

  @Override
  public List<Encoder<?>> encoders() {
    return this.encoders;
  }

  @Override
  public List<Decoder<?>> decoders() {
    return this.decoders;
  }

  @Override
  public RouteMatcher routeMatcher() {
    return this.routeMatcher;
  }

  @Override
  public ReactiveAdapterRegistry reactiveAdapterRegistry() {
    return this.adapterRegistry;
  }

  @Override
  public DataBufferFactory dataBufferFactory() {
    return this.bufferFactory;
  }

  @Override
  public MetadataExtractor metadataExtractor() {
    return this.metadataExtractor;
  }

  /** The default {@link RSocketStrategies.Builder}. */
  static final class DefaultRSocketStrategiesBuilder implements RSocketStrategies.Builder {

    private final List<Encoder<?>> encoders = new ArrayList<>();

    private final List<Decoder<?>> decoders = new ArrayList<>();

    private @Nullable RouteMatcher routeMatcher;

    private @Nullable ReactiveAdapterRegistry adapterRegistry =
        ReactiveAdapterRegistry.getSharedInstance();

    private @Nullable DataBufferFactory bufferFactory;

    private @Nullable MetadataExtractor metadataExtractor;

    private final List<Consumer<MetadataExtractorRegistry>> metadataExtractors = new ArrayList<>();

    DefaultRSocketStrategiesBuilder() {
      this.encoders.add(CharSequenceEncoder.allMimeTypes());
      this.encoders.add(new ByteBufferEncoder());
      this.encoders.add(new ByteArrayEncoder());
      this.encoders.add(new DataBufferEncoder());

      // The order of decoders matters for the default data MIME type of RSocketRequester.Builder
      this.decoders.add(StringDecoder.allMimeTypes());
      this.decoders.add(new ByteBufferDecoder());
      this.decoders.add(new ByteArrayDecoder());
      this.decoders.add(new DataBufferDecoder());
    }

    DefaultRSocketStrategiesBuilder(RSocketStrategies other) {
      this.encoders.addAll(other.encoders());
      this.decoders.addAll(other.decoders());
      this.routeMatcher = other.routeMatcher();
      this.adapterRegistry = other.reactiveAdapterRegistry();
      this.bufferFactory = other.dataBufferFactory();
      this.metadataExtractor = other.metadataExtractor();
    }

    @Override
    public Builder encoder(Encoder<?>... encoders) {
      this.encoders.addAll(Arrays.asList(encoders));
      return this;
    }

    @Override
    public Builder decoder(Decoder<?>... decoder) {
      this.decoders.addAll(Arrays.asList(decoder));
      return this;
    }

    @Override
    public Builder encoders(Consumer<List<Encoder<?>>> consumer) {
      consumer.accept(this.encoders);
      return this;
    }

    @Override
    public Builder decoders(Consumer<List<Decoder<?>>> consumer) {
      consumer.accept(this.decoders);
      return this;
    }

    @Override
    public Builder routeMatcher(@Nullable RouteMatcher routeMatcher) {
      this.routeMatcher = routeMatcher;
      return this;
    }

    @Override
    public Builder reactiveAdapterStrategy(@Nullable ReactiveAdapterRegistry registry) {
      this.adapterRegistry = registry;
      return this;
    }

    @Override
    public Builder dataBufferFactory(@Nullable DataBufferFactory bufferFactory) {
      this.bufferFactory = bufferFactory;
      return this;
    }

    @Override
    public Builder metadataExtractor(@Nullable MetadataExtractor metadataExtractor) {
      this.metadataExtractor = metadataExtractor;
      return this;
    }

    @Override
    public Builder metadataExtractorRegistry(Consumer<MetadataExtractorRegistry> consumer) {
      this.metadataExtractors.add(consumer);
      return this;
    }

    @Override
    public RSocketStrategies build() {
      RouteMatcher matcher = this.routeMatcher != null
          ? this.routeMatcher : new SimpleRouteMatcher(new AntPathMatcher("."));

      ReactiveAdapterRegistry registry = this.adapterRegistry != null
          ? this.adapterRegistry : ReactiveAdapterRegistry.getSharedInstance();

      DataBufferFactory factory = this.bufferFactory != null
          ? this.bufferFactory : new NettyDataBufferFactory(PooledByteBufAllocator.DEFAULT);

      MetadataExtractor extractor = this.metadataExtractor != null
          ? this.metadataExtractor : new DefaultMetadataExtractor(this.decoders);

      if (extractor instanceof MetadataExtractorRegistry metadataExtractorRegistry) {
        this.metadataExtractors.forEach(consumer -> consumer.accept(metadataExtractorRegistry));
      }

      return new DefaultRSocketStrategies(
          this.encoders, this.decoders, matcher, registry, factory, extractor);
    }
  }
}
