package dev.duplex.rsocket.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.netty.buffer.PooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.ByteArrayDecoder;
import org.springframework.core.codec.ByteArrayEncoder;
import org.springframework.core.codec.ByteBufferDecoder;
import org.springframework.core.codec.ByteBufferEncoder;
import org.springframework.core.codec.CharSequenceEncoder;
import org.springframework.core.codec.DataBufferDecoder;
import org.springframework.core.codec.DataBufferEncoder;
import org.springframework.core.codec.StringDecoder;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.util.AntPathMatcher;
import org.springframework.util.MimeTypeUtils;
import org.springframework.util.RouteMatcher;
import org.springframework.util.SimpleRouteMatcher;
import org.springframework.web.util.pattern.PathPatternRouteMatcher;

/** Tests for {@link RSocketStrategies} and {@link DefaultRSocketStrategies}. */
class DefaultRSocketStrategiesTests {

  @Test
  void defaultSettings() {
    RSocketStrategies strategies = RSocketStrategies.create();

    assertThat(strategies.encoders()).hasSize(4).hasOnlyElementsOfTypes(
        CharSequenceEncoder.class,
        ByteArrayEncoder.class,
        ByteBufferEncoder.class,
        DataBufferEncoder.class);

    assertThat(strategies.decoders()).hasSize(4).hasOnlyElementsOfTypes(
        StringDecoder.class,
        ByteArrayDecoder.class,
        ByteBufferDecoder.class,
        DataBufferDecoder.class);

    assertThat(strategies.routeMatcher()).isNotNull();
    assertThat(strategies.metadataExtractor()).isNotNull();
    assertThat(strategies.reactiveAdapterRegistry()).isNotNull();

    assertThat(((DefaultMetadataExtractor) strategies.metadataExtractor()).getDecoders())
        .hasSize(4);
  }

  @Test
  void coreCodecsComeFirstInSpringsOrder() {
    RSocketStrategies strategies = RSocketStrategies.builder()
        .encoder(new ByteArrayEncoder())
        .decoder(new ByteArrayDecoder())
        .build();

    assertThat(strategies.encoders()).extracting(Object::getClass).containsExactly(
        CharSequenceEncoder.class, ByteBufferEncoder.class, ByteArrayEncoder.class,
        DataBufferEncoder.class, ByteArrayEncoder.class);
    assertThat(strategies.decoders()).extracting(Object::getClass).containsExactly(
        StringDecoder.class, ByteBufferDecoder.class, ByteArrayDecoder.class,
        DataBufferDecoder.class, ByteArrayDecoder.class);
    assertThat(((DefaultMetadataExtractor) strategies.metadataExtractor()).getDecoders())
        .isEqualTo(strategies.decoders());
  }

  @Test
  void defaultRouteMatcherUsesDotSeparator() {
    RouteMatcher matcher = RSocketStrategies.create().routeMatcher();

    assertThat(matcher).isInstanceOf(SimpleRouteMatcher.class);
    RouteMatcher.Route route = matcher.parseRoute("orders.42.items");
    Map<String, String> vars = matcher.matchAndExtract("orders.{id}.items", route);
    assertThat(vars).containsEntry("id", "42");
    assertThat(matcher.match("orders.*", route)).isFalse();
    assertThat(matcher.match("orders.**", route)).isTrue();
  }

  @Test
  void pathPatternRouteMatcherWhenChosen() {
    PathPatternRouteMatcher matcher = new PathPatternRouteMatcher();
    RSocketStrategies strategies = RSocketStrategies.builder().routeMatcher(matcher).build();

    assertThat(strategies.routeMatcher()).isSameAs(matcher);
    assertThat(strategies.routeMatcher().matchAndExtract("orders.{id}",
        strategies.routeMatcher().parseRoute("orders.42"))).containsEntry("id", "42");
  }

  @Test
  void defaultDataBufferFactoryIsPooledNetty() {
    RSocketStrategies strategies = RSocketStrategies.create();

    assertThat(strategies.dataBufferFactory()).isInstanceOf(NettyDataBufferFactory.class);
    assertThat(((NettyDataBufferFactory) strategies.dataBufferFactory()).getByteBufAllocator())
        .isSameAs(PooledByteBufAllocator.DEFAULT);
  }

  @Test
  void explicitValues() {
    SimpleRouteMatcher matcher = new SimpleRouteMatcher(new AntPathMatcher());
    DefaultMetadataExtractor extractor = new DefaultMetadataExtractor();
    ReactiveAdapterRegistry registry = new ReactiveAdapterRegistry();
    DefaultDataBufferFactory bufferFactory = DefaultDataBufferFactory.sharedInstance;

    RSocketStrategies strategies = RSocketStrategies.builder()
        .encoders(encoders -> {
          encoders.clear();
          encoders.add(new ByteArrayEncoder());
        })
        .decoders(decoders -> {
          decoders.clear();
          decoders.add(new ByteArrayDecoder());
        })
        .routeMatcher(matcher)
        .metadataExtractor(extractor)
        .reactiveAdapterStrategy(registry)
        .dataBufferFactory(bufferFactory)
        .build();

    assertThat(strategies.encoders()).hasSize(1);
    assertThat(strategies.decoders()).hasSize(1);
    assertThat(strategies.routeMatcher()).isSameAs(matcher);
    assertThat(strategies.metadataExtractor()).isSameAs(extractor);
    assertThat(strategies.reactiveAdapterRegistry()).isSameAs(registry);
    assertThat(strategies.dataBufferFactory()).isSameAs(bufferFactory);
  }

  @Test
  void copyConstructor() {
    RSocketStrategies strategies1 = RSocketStrategies.create();
    RSocketStrategies strategies2 = strategies1.mutate().build();

    assertThat(strategies1.encoders()).hasSameElementsAs(strategies2.encoders());
    assertThat(strategies1.decoders()).hasSameElementsAs(strategies2.decoders());
    assertThat(strategies1.routeMatcher()).isSameAs(strategies2.routeMatcher());
    assertThat(strategies1.metadataExtractor()).isSameAs(strategies2.metadataExtractor());
    assertThat(strategies1.reactiveAdapterRegistry())
        .isSameAs(strategies2.reactiveAdapterRegistry());
    assertThat(strategies1.dataBufferFactory()).isSameAs(strategies2.dataBufferFactory());
  }

  @Test
  void mutateAppendsWithoutChangingTheOriginal() {
    RSocketStrategies strategies1 = RSocketStrategies.create();
    RSocketStrategies strategies2 = strategies1.mutate().encoder(new ByteArrayEncoder()).build();

    assertThat(strategies1.encoders()).hasSize(4);
    assertThat(strategies2.encoders()).hasSize(5);
  }

  @Test
  void builtInstanceIsNotChangedByItsBuilder() {
    RSocketStrategies.Builder builder = RSocketStrategies.builder();
    RSocketStrategies strategies = builder.build();
    builder.encoder(new ByteArrayEncoder()).decoder(new ByteArrayDecoder());

    assertThat(strategies.encoders()).hasSize(4);
    assertThat(strategies.decoders()).hasSize(4);
  }

  @Test
  void applyMetadataExtractors() {
    @SuppressWarnings("unchecked")
    Consumer<MetadataExtractorRegistry> consumer = mock(Consumer.class);
    RSocketStrategies.builder().metadataExtractorRegistry(consumer).build();
    verify(consumer, times(1)).accept(any());
  }

  @Test
  void metadataExtractorRegistryIsNotAppliedToOtherExtractors() {
    @SuppressWarnings("unchecked")
    Consumer<MetadataExtractorRegistry> consumer = mock(Consumer.class);
    MetadataExtractor extractor = (payload, mimeType) -> Map.of();
    RSocketStrategies.builder()
        .metadataExtractor(extractor)
        .metadataExtractorRegistry(consumer)
        .build();
    verify(consumer, times(0)).accept(any());
  }

  @Test
  void encoderAndDecoderLookup() {
    RSocketStrategies strategies = RSocketStrategies.create();

    assertThat(strategies.<String>encoder(ResolvableType.forClass(String.class),
        MimeTypeUtils.TEXT_PLAIN)).isInstanceOf(CharSequenceEncoder.class);
    assertThat(strategies.<ByteBuffer>decoder(ResolvableType.forClass(ByteBuffer.class), null))
        .isInstanceOf(ByteBufferDecoder.class);
    assertThat(strategies.<DataBuffer>decoder(ResolvableType.forClass(DataBuffer.class),
        MimeTypeUtils.APPLICATION_JSON)).isInstanceOf(DataBufferDecoder.class);
  }

  @Test
  void noEncoderOrDecoder() {
    RSocketStrategies strategies = RSocketStrategies.create();
    ResolvableType type = ResolvableType.forClass(Integer.class);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> strategies.encoder(type, MimeTypeUtils.APPLICATION_JSON))
        .withMessage("No encoder for java.lang.Integer");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> strategies.decoder(type, MimeTypeUtils.APPLICATION_JSON))
        .withMessage("No decoder for java.lang.Integer");
  }
}
