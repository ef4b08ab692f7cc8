package dev.duplex.rsocket.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.rsocket.boot.context.RSocketPortInfoApplicationContextInitializer;
import dev.duplex.rsocket.messaging.RSocketRequester;
import dev.duplex.rsocket.messaging.annotation.support.RSocketMessageHandler;
import dev.duplex.rsocket.messaging.observation.DefaultRSocketRequesterObservationConvention;
import dev.duplex.rsocket.messaging.observation.DefaultRSocketResponderObservationConvention;
import dev.duplex.rsocket.messaging.observation.RSocketRequesterObservationConvention;
import dev.duplex.rsocket.messaging.observation.RSocketResponderObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.stereotype.Controller;
import org.springframework.util.MimeTypeUtils;

/** Tests for {@link RSocketObservationAutoConfiguration}. */
class RSocketObservationAutoConfigurationTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
          RSocketObservationAutoConfiguration.class, RSocketStrategiesAutoConfiguration.class,
          RSocketMessagingAutoConfiguration.class, RSocketRequesterAutoConfiguration.class,
          RSocketServerAutoConfiguration.class))
      .withUserConfiguration(HelloController.class);

  @Test
  void bootsObservationRegistryIsAppliedToTheMessageHandler() {
    this.contextRunner.run(context -> {
      assertThat(context).hasSingleBean(RSocketObservationAutoConfiguration.class);
      ObservationRegistry registry = context.getBean(ObservationRegistry.class);
      assertThat(registry).isNotSameAs(ObservationRegistry.NOOP);
      RSocketMessageHandler handler = context.getBean(RSocketMessageHandler.class);
      assertThat(handler.getObservationRegistry()).isSameAs(registry);
      assertThat(handler.getObservationConvention()).isNull();
    });
  }

  @Test
  void requestsOfTheBuilderAndTheServerAreObserved() {
    this.contextRunner.withUserConfiguration(TestRegistryConfiguration.class)
        .withInitializer(new RSocketPortInfoApplicationContextInitializer())
        .withPropertyValues("spring.rsocket.server.port=0")
        .run(context -> {
          assertThat(hello(context)).isEqualTo("Hello Ann");
          TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
          Awaitility.await().atMost(TIMEOUT).untilAsserted(() ->
              TestObservationRegistryAssert.assertThat(registry)
                  .hasNumberOfObservationsEqualTo(2)
                  .hasObservationWithNameEqualTo("rsocket.requester.requests").that()
                  .hasLowCardinalityKeyValue("rsocket.route", "hello").hasBeenStopped()
                  .backToTestObservationRegistry()
                  .hasObservationWithNameEqualTo("rsocket.responder.requests").that()
                  .hasLowCardinalityKeyValue("rsocket.route", "hello").hasBeenStopped());
        });
  }

  @Test
  void conventionBeansReplaceTheDefaults() {
    this.contextRunner.withUserConfiguration(TestRegistryConfiguration.class,
            ConventionConfiguration.class)
        .withInitializer(new RSocketPortInfoApplicationContextInitializer())
        .withPropertyValues("spring.rsocket.server.port=0")
        .run(context -> {
          assertThat(context.getBean(RSocketMessageHandler.class).getObservationConvention())
              .isSameAs(context.getBean(RSocketResponderObservationConvention.class));
          assertThat(hello(context)).isEqualTo("Hello Ann");
          TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
          Awaitility.await().atMost(TIMEOUT).untilAsserted(() ->
              TestObservationRegistryAssert.assertThat(registry)
                  .hasNumberOfObservationsEqualTo(2)
                  .hasObservationWithNameEqualTo("app.rsocket.client").that().hasBeenStopped()
                  .backToTestObservationRegistry()
                  .hasObservationWithNameEqualTo("app.rsocket.server").that().hasBeenStopped());
        });
  }

  @Test
  void propertyTurnsObservationsOff() {
    this.contextRunner.withUserConfiguration(TestRegistryConfiguration.class)
        .withInitializer(new RSocketPortInfoApplicationContextInitializer())
        .withPropertyValues("spring.rsocket.server.port=0",
            "spring.rsocket.observations.enabled=false")
        .run(context -> {
          assertThat(context).doesNotHaveBean(RSocketObservationAutoConfiguration.class)
              .doesNotHaveBean(RSocketRequesterBuilderCustomizer.class);
          assertThat(context.getBean(RSocketMessageHandler.class).getObservationRegistry())
              .isSameAs(ObservationRegistry.NOOP);
          assertThat(hello(context)).isEqualTo("Hello Ann");
          TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
              .doesNotHaveAnyObservation();
        });
  }

  @Test
  void backsOffWithoutAnObservationRegistry() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RSocketObservationAutoConfiguration.class,
            RSocketStrategiesAutoConfiguration.class, RSocketMessagingAutoConfiguration.class,
            RSocketRequesterAutoConfiguration.class))
        .run(context -> {
          assertThat(context).doesNotHaveBean(RSocketObservationAutoConfiguration.class);
          assertThat(context.getBean(RSocketMessageHandler.class).getObservationRegistry())
              .isSameAs(ObservationRegistry.NOOP);
        });
  }

  /** Says hello to Ann through a requester from the builder bean, to the context's server. */
  private static String hello(AssertableApplicationContext context) {
    int port = context.getEnvironment().getRequiredProperty("local.rsocket.server.port",
        Integer.class);
    RSocketRequester requester = context.getBean(RSocketRequester.Builder.class)
        .dataMimeType(MimeTypeUtils.TEXT_PLAIN)
        .tcp("127.0.0.1", port);
    try {
      return requester.route("hello").data("Ann").retrieveMono(String.class).block(TIMEOUT);
    } finally {
      requester.dispose();
    }
  }

  @Controller
  static class HelloController {

    @MessageMapping("hello")
    String hello(String name) {
      return "Hello " + name;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class TestRegistryConfiguration {

    @Bean
    TestObservationRegistry observationRegistry() {
      return TestObservationRegistry.create();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class ConventionConfiguration {

    @Bean
    RSocketRequesterObservationConvention requesterConvention() {
      return new DefaultRSocketRequesterObservationConvention("app.rsocket.client");
    }

    @Bean
    RSocketResponderObservationConvention responderConvention() {
      return new DefaultRSocketResponderObservationConvention("app.rsocket.server");
    }
  }
}
