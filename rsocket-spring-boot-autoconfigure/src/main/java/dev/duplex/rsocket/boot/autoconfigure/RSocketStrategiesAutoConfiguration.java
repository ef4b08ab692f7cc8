package dev.duplex.rsocket.boot.autoconfigure;

import dev.duplex.rsocket.messaging.RSocketStrategies;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ResourceLoader;
import org.springframework.http.MediaType;
import org.springframework.http.codec.cbor.JacksonCborDecoder;
import org.springframework.http.codec.cbor.JacksonCborEncoder;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.http.codec.json.JacksonJsonEncoder;
import org.springframework.util.ClassUtils;
import org.springframework.web.util.pattern.PathPatternRouteMatcher;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.cbor.CBORMapper;

/**
 * Auto-configuration for {@link RSocketStrategies}: a {@link PathPatternRouteMatcher} when
 * spring-web is present, Jackson 3 CBOR then JSON codecs built on the context's {@link CBORMapper}
 * and {@link JsonMapper} beans, and the {@link RSocketStrategiesCustomizer} beans in order.
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(RSocketStrategies.class)
public final class RSocketStrategiesAutoConfiguration {

  private static final String PATH_PATTERN_ROUTE_MATCHER =
      "org.springframework.web.util.pattern.PathPatternRouteMatcher";

  @Bean
  @ConditionalOnMissingBean
  RSocketStrategies rSocketStrategies(ObjectProvider<RSocketStrategiesCustomizer> customizers,
      ResourceLoader resourceLoader) {
    RSocketStrategies.Builder builder = RSocketStrategies.builder();
    if (ClassUtils.isPresent(PATH_PATTERN_ROUTE_MATCHER, resourceLoader.getClassLoader())) {
      builder.routeMatcher(new PathPatternRouteMatcher());
    }
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder.build();
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({CBORMapper.class, JacksonCborEncoder.class})
  @ConditionalOnBean(CBORMapper.class)
  static class JacksonCborStrategyConfiguration {

    private static final MediaType[] SUPPORTED_TYPES = {MediaType.APPLICATION_CBOR};

    @Bean
    @Order(0)
    RSocketStrategiesCustomizer jacksonCborRSocketStrategyCustomizer(CBORMapper cborMapper) {
      return strategies -> {
        strategies.decoder(new JacksonCborDecoder(cborMapper, SUPPORTED_TYPES));
        strategies.encoder(new JacksonCborEncoder(cborMapper, SUPPORTED_TYPES));
      };
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({JsonMapper.class, JacksonJsonEncoder.class})
  @ConditionalOnBean(JsonMapper.class)
  static class JacksonJsonStrategyConfiguration {

    private static final MediaType[] SUPPORTED_TYPES = {
        MediaType.APPLICATION_JSON, new MediaType("application", "*+json")};

    @Bean
    @Order(1)
    RSocketStrategiesCustomizer jacksonJsonRSocketStrategyCustomizer(JsonMapper jsonMapper) {
      return strategies -> {
        strategies.decoder(new JacksonJsonDecoder(jsonMapper, SUPPORTED_TYPES));
        strategies.encoder(new JacksonJsonEncoder(jsonMapper, SUPPORTED_TYPES));
      };
    }
  }
}
