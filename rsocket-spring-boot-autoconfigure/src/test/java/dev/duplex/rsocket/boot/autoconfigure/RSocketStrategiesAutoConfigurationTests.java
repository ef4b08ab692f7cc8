package dev.duplex.rsocket.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import dev.duplex.rsocket.messaging.RSocketStrategies;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.CharSequenceEncoder;
import org.springframework.core.codec.Decoder;
import org.springframework.core.codec.Encoder;
import org.springframework.core.codec.StringDecoder;
import org.springframework.http.codec.cbor.JacksonCborDecoder;
import org.springframework.http.codec.cbor.JacksonCborEncoder;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.http.codec.json.JacksonJsonEncoder;
import org.springframework.util.AntPathMatcher;
import org.springframework.util.MimeTypeUtils;
import org.springframework.util.SimpleRouteMatcher;
import org.springframework.web.util.pattern.PathPatternRouteMatcher;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.cbor.CBORMapper;

/** Tests for {@link RSocketStrategiesAutoConfiguration}. */
class RSocketStrategiesAutoConfigurationTests {

  private static final JsonMapper JSON_MAPPER = JsonMapper.builder().build();

  private static final CBORMapper CBOR_MAPPER = CBORMapper.builder().build();

  private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(RSocketStrategiesAutoConfiguration.class))
      .withBean(JsonMapper.class, () -> JSON_MAPPER)
      .withBean(CBORMapper.class, () -> CBOR_MAPPER);

  @Test
  void createsStrategiesWithJacksonCodecsAndPathPatternRouteMatcher() {
    this.contextRunner.run(context -> {
      assertThat(context).hasSingleBean(RSocketStrategies.class);
      RSocketStrategies strategies = context.getBean(RSocketStrategies.class);
      assertThat(strategies.decoders())
          .hasAtLeastOneElementOfType(JacksonCborDecoder.class)
          .hasAtLeastOneElementOfType(JacksonJsonDecoder.class);
      assertThat(strategies.encoders())
          .hasAtLeastOneElementOfType(JacksonCborEncoder.class)
          .hasAtLeastOneElementOfType(JacksonJsonEncoder.class);
      assertThat(strategies.routeMatcher()).isInstanceOf(PathPatternRouteMatcher.class);
    });
  }

  @Test
  void cborCodecsComeBeforeJsonCodecs() {
    this.contextRunner.run(context -> {
      RSocketStrategies strategies = context.getBean(RSocketStrategies.class);
      assertThat(positions(strategies.decoders(), JacksonCborDecoder.class,
          JacksonJsonDecoder.class)).doesNotContain(-1).isSorted();
      assertThat(positions(strategies.encoders(), JacksonCborEncoder.class,
          JacksonJsonEncoder.class)).doesNotContain(-1).isSorted();
    });
  }

  @Test
  void jacksonCodecsUseTheContextsMappers() {
    this.contextRunner.run(context -> {
      RSocketStrategies strategies = context.getBean(RSocketStrategies.class);
      assertThat(strategies.decoders())
          .filteredOn(JacksonJsonDecoder.class::isInstance)
          .singleElement()
          .satisfies(decoder -> assertThat(((JacksonJsonDecoder) decoder).getMapper())
              .isSameAs(JSON_MAPPER));
      assertThat(strategies.encoders())
          .filteredOn(JacksonCborEncoder.class::isInstance)
          .singleElement()
          .satisfies(encoder -> assertThat(((JacksonCborEncoder) encoder).getMapper())
              .isSameAs(CBOR_MAPPER));
    });
  }

  @Test
  void jacksonCodecsSupportJsonAndCborMimeTypes() {
    this.contextRunner.run(context -> {
      RSocketStrategies strategies = context.getBean(RSocketStrategies.class);
      assertThat(strategies.decoders())
          .filteredOn(JacksonJsonDecoder.class::isInstance)
          .singleElement()
          .satisfies(decoder -> assertThat(decoder.getDecodableMimeTypes()).contains(
              MimeTypeUtils.APPLICATION_JSON, MimeTypeUtils.parseMimeType("application/*+json")));
      assertThat(strategies.decoders())
          .filteredOn(JacksonCborDecoder.class::isInstance)
          .singleElement()
          .satisfies(decoder -> assertThat(decoder.getDecodableMimeTypes())
              .containsExactly(MimeTypeUtils.parseMimeType("application/cbor")));
    });
  }

  @Test
  void usesTheMappersOfJacksonAutoConfiguration() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(
            RSocketStrategiesAutoConfiguration.class, JacksonAutoConfiguration.class))
        .run(context -> {
          RSocketStrategies strategies = context.getBean(RSocketStrategies.class);
          assertThat(strategies.decoders())
              .hasAtLeastOneElementOfType(JacksonCborDecoder.class)
              .hasAtLeastOneElementOfType(JacksonJsonDecoder.class);
          assertThat(strategies.decoders())
              .filteredOn(JacksonJsonDecoder.class::isInstance)
              .singleElement()
              .satisfies(decoder -> assertThat(((JacksonJsonDecoder) decoder).getMapper())
                  .isSameAs(context.getBean(JsonMapper.class)));
        });
  }

  @Test
  void noJacksonCodecsWithoutMapperBeans() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RSocketStrategiesAutoConfiguration.class))
        .run(context -> {
          RSocketStrategies strategies = context.getBean(RSocketStrategies.class);
          assertThat(strategies.decoders())
              .doesNotHaveAnyElementsOfTypes(JacksonCborDecoder.class, JacksonJsonDecoder.class);
          assertThat(strategies.encoders())
              .doesNotHaveAnyElementsOfTypes(JacksonCborEncoder.class, JacksonJsonEncoder.class);
        });
  }

  @Test
  void noCborCodecsWithoutJacksonCbor() {
    this.contextRunner.withClassLoader(new FilteredClassLoader(CBORMapper.class))
        .run(context -> {
          RSocketStrategies strategies = context.getBean(RSocketStrategies.class);
          assertThat(strategies.decoders())
              .doesNotHaveAnyElementsOfTypes(JacksonCborDecoder.class)
              .hasAtLeastOneElementOfType(JacksonJsonDecoder.class);
        });
  }

  @Test
  void usesSimpleRouteMatcherWithoutSpringWeb() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RSocketStrategiesAutoConfiguration.class))
        .withClassLoader(new FilteredClassLoader("org.springframework.web"))
        .run(context -> {
          assertThat(context).hasNotFailed();
          RSocketStrategies strategies = context.getBean(RSocketStrategies.class);
          assertThat(strategies.routeMatcher()).isInstanceOf(SimpleRouteMatcher.class);
        });
  }

  @Test
  void backsOffWhenTheApplicationDefinesStrategies() {
    this.contextRunner.withUserConfiguration(UserStrategies.class).run(context -> {
      assertThat(context).hasSingleBean(RSocketStrategies.class);
      assertThat(context.getBeanNamesForType(RSocketStrategies.class))
          .containsExactly("customRSocketStrategies");
      assertThat(context.getBean(RSocketStrategies.class).encoders())
          .doesNotHaveAnyElementsOfTypes(JacksonJsonEncoder.class);
    });
  }

  @Test
  void appliesCustomizersInOrder() {
    this.contextRunner.withUserConfiguration(OrderedCustomizers.class).run(context -> {
      RSocketStrategies strategies = context.getBean(RSocketStrategies.class);
      // CBOR at order 0, JSON at 1, then the user's at 5 and 10, whatever their declaration order
      assertThat(positions(strategies.encoders(), JacksonCborEncoder.class,
          JacksonJsonEncoder.class, FirstEncoder.class, SecondEncoder.class))
          .doesNotContain(-1).isSorted();
      assertThat(positions(strategies.decoders(), JacksonCborDecoder.class,
          JacksonJsonDecoder.class, FirstDecoder.class, SecondDecoder.class))
          .doesNotContain(-1).isSorted();
    });
  }

  @Test
  void aCustomizerCanReplaceTheRouteMatcher() {
    SimpleRouteMatcher routeMatcher = new SimpleRouteMatcher(new AntPathMatcher("."));
    this.contextRunner
        .withBean(RSocketStrategiesCustomizer.class,
            () -> strategies -> strategies.routeMatcher(routeMatcher))
        .run(context -> assertThat(context.getBean(RSocketStrategies.class).routeMatcher())
            .isSameAs(routeMatcher));
  }

  /** The index of the first codec of each type, -1 for a type that is absent. */
  private static List<Integer> positions(List<?> codecs, Class<?>... types) {
    return Arrays.stream(types)
        .map(type -> IntStream.range(0, codecs.size())
            .filter(i -> type.isInstance(codecs.get(i))).findFirst().orElse(-1))
        .toList();
  }

  @Configuration(proxyBeanMethods = false)
  static class UserStrategies {

    @Bean
    RSocketStrategies customRSocketStrategies() {
      return RSocketStrategies.builder()
          .encoder(CharSequenceEncoder.textPlainOnly())
          .decoder(StringDecoder.textPlainOnly())
          .build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OrderedCustomizers {

    @Bean
    @Order(10)
    RSocketStrategiesCustomizer second() {
      return strategies -> strategies.encoder(mock(SecondEncoder.class))
          .decoder(mock(SecondDecoder.class));
    }

    @Bean
    @Order(5)
    RSocketStrategiesCustomizer first() {
      return strategies -> strategies.encoder(mock(FirstEncoder.class))
          .decoder(mock(FirstDecoder.class));
    }
  }

  interface FirstEncoder extends Encoder<String> {
  }

  interface SecondEncoder extends Encoder<String> {
  }

  interface FirstDecoder extends Decoder<String> {
  }

  interface SecondDecoder extends Decoder<String> {
  }
}
