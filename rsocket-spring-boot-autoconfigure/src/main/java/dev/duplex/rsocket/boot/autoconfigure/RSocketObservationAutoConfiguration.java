package dev.duplex.rsocket.boot.autoconfigure;

import dev.duplex.rsocket.messaging.RSocketRequester;
import dev.duplex.rsocket.messaging.annotation.support.RSocketMessageHandler;
import dev.duplex.rsocket.messaging.observation.RSocketRequesterObservationConvention;
import dev.duplex.rsocket.messaging.observation.RSocketResponderObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration that observes RSocket requests with the {@link ObservationRegistry} bean
 * (which Spring Boot's {@code spring-boot-micrometer-observation} module provides): the
 * auto-configured {@link RSocketMessageHandler} observes each request it handles as
 * {@code rsocket.responder.requests}, and each auto-configured {@link RSocketRequester.Builder}
 * (so the client requester bean too) each request it sends as {@code rsocket.requester.requests},
 * with the trace context in the request's composite metadata. A
 * {@link RSocketResponderObservationConvention} or {@link RSocketRequesterObservationConvention}
 * bean replaces the default convention. {@code spring.rsocket.observations.enabled=false} turns
 * it off.
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.micrometer.observation.autoconfigure"
        + ".ObservationAutoConfiguration",
    before = {RSocketMessagingAutoConfiguration.class, RSocketRequesterAutoConfiguration.class})
@ConditionalOnClass({ObservationRegistry.class, RSocketMessageHandler.class})
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnBooleanProperty(name = "spring.rsocket.observations.enabled", matchIfMissing = true)
public final class RSocketObservationAutoConfiguration {

  @Bean
  RSocketMessageHandlerCustomizer rSocketObservationMessageHandlerCustomizer(
      ObservationRegistry observationRegistry,
      ObjectProvider<RSocketResponderObservationConvention> observationConvention) {
    return messageHandler -> {
      messageHandler.setObservationRegistry(observationRegistry);
      messageHandler.setObservationConvention(observationConvention.getIfAvailable());
    };
  }

  @Bean
  RSocketRequesterBuilderCustomizer rSocketObservationRequesterBuilderCustomizer(
      ObservationRegistry observationRegistry,
      ObjectProvider<RSocketRequesterObservationConvention> observationConvention) {
    return builder -> builder
        .observationRegistry(observationRegistry)
        .observationConvention(observationConvention.getIfAvailable());
  }
}
