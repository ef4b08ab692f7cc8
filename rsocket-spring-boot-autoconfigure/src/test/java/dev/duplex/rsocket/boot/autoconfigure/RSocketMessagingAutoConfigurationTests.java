package dev.duplex.rsocket.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.rsocket.core.RSocketServer;
import dev.duplex.rsocket.error.ApplicationErrorException;
import dev.duplex.rsocket.messaging.RSocketRequester;
import dev.duplex.rsocket.messaging.RSocketStrategies;
import dev.duplex.rsocket.messaging.annotation.support.RSocketMessageHandler;
import dev.duplex.rsocket.transport.BoundServer;
import dev.duplex.rsocket.transport.tcp.TcpServerTransport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.CharSequenceEncoder;
import org.springframework.core.codec.StringDecoder;
import org.springframework.messaging.handler.annotation.MessageExceptionHandler;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Controller;
import org.springframework.util.MimeType;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.ControllerAdvice;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Tests for {@link RSocketMessagingAutoConfiguration}. */
class RSocketMessagingAutoConfigurationTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(RSocketMessagingAutoConfiguration.class))
      .withUserConfiguration(BaseConfiguration.class);

  @Test
  void createsMessageHandlerWithTheStrategies() {
    this.contextRunner.run(context -> {
      assertThat(context).hasSingleBean(RSocketMessageHandler.class);
      RSocketMessageHandler handler = context.getBean(RSocketMessageHandler.class);
      assertThat(handler.getRSocketStrategies())
          .isSameAs(context.getBean(RSocketStrategies.class));
    });
  }

  @Test
  void usesTheStrategiesOfTheStrategiesAutoConfiguration() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RSocketMessagingAutoConfiguration.class,
            RSocketStrategiesAutoConfiguration.class))
        .run(context -> assertThat(context.getBean(RSocketMessageHandler.class)
            .getRSocketStrategies()).isSameAs(context.getBean(RSocketStrategies.class)));
  }

  @Test
  void failsWithoutStrategies() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RSocketMessagingAutoConfiguration.class))
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(
              "No qualifying bean of type 'dev.duplex.rsocket.messaging.RSocketStrategies'");
        });
  }

  @Test
  void backsOffWhenTheApplicationDefinesAMessageHandler() {
    this.contextRunner.withUserConfiguration(CustomMessageHandler.class)
        .run(context -> assertThat(context).getBeanNames(RSocketMessageHandler.class)
            .containsOnly("customMessageHandler"));
  }

  @Test
  void appliesCustomizersInOrder() {
    this.contextRunner.withUserConfiguration(OrderedCustomizers.class).run(context -> {
      RSocketMessageHandler handler = context.getBean(RSocketMessageHandler.class);
      assertThat(context.getBean(OrderedCustomizers.class).calls)
          .containsExactly("first", "second");
      assertThat(handler.getDefaultDataMimeType()).isEqualTo(MimeType.valueOf("application/cbor"));
    });
  }

  @Test
  void controllerAdviceHandlesExceptionsOfControllers() {
    this.contextRunner.withBean(TestControllerAdvice.class).withBean(TestController.class)
        .run(context -> withRequester(context, requester ->
            requester.route("exception").data("x").retrieveMono(String.class))
            .expectNext("advice: simulated exception")
            .expectComplete()
            .verify(TIMEOUT));
  }

  @Test
  void noMessagingAdviceWithoutSpringWeb() {
    this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.web"))
        .run(context -> assertThat(context).hasNotFailed()
            .hasSingleBean(RSocketMessageHandler.class)
            .doesNotHaveBean(RSocketMessagingAutoConfiguration
                .MessagingAdviceRSocketMessageHandlerCustomizer.class));
  }

  @Test
  void appliesTheContextsValidator() {
    this.contextRunner.withUserConfiguration(ValidatorConfiguration.class)
        .withBean(TestController.class)
        .run(context -> {
          RSocketMessageHandler handler = context.getBean(RSocketMessageHandler.class);
          assertThat(handler.getValidator()).isSameAs(context.getBean(Validator.class));
          withRequester(context, requester ->
              requester.route("validated").data(" ").retrieveMono(String.class))
              .expectErrorSatisfies(error -> assertThat(error)
                  .isInstanceOf(ApplicationErrorException.class)
                  .hasMessageContaining("must not be blank"))
              .verify(TIMEOUT);
          withRequester(context, requester ->
              requester.route("validated").data("Duplex").retrieveMono(String.class))
              .expectNext("valid: Duplex")
              .expectComplete()
              .verify(TIMEOUT);
        });
  }

  @Test
  void prefersBootsDefaultValidatorAmongSeveral() {
    this.contextRunner.withUserConfiguration(ValidatorConfiguration.class)
        .withBean("defaultValidator", NotBlankValidator.class)
        .run(context -> assertThat(context.getBean(RSocketMessageHandler.class).getValidator())
            .isSameAs(context.getBean("defaultValidator")));
  }

  @Test
  void appliesNoValidatorWhenSeveralAreAmbiguous() {
    this.contextRunner.withUserConfiguration(ValidatorConfiguration.class)
        .withBean("otherValidator", NotBlankValidator.class)
        .run(context -> assertThat(context.getBean(RSocketMessageHandler.class).getValidator())
            .isNotIn(context.getBeansOfType(Validator.class).values()));
  }

  /**
   * Serves the context's message handler on a TCP server on a random port, sends the request that
   * {@code request} makes, and stops both when the verification is done.
   */
  private static StepVerifier.FirstStep<String> withRequester(ApplicationContext context,
      Function<RSocketRequester, Mono<String>> request) {
    RSocketMessageHandler handler = context.getBean(RSocketMessageHandler.class);
    return StepVerifier.create(Mono.usingWhen(
        RSocketServer.create(handler.responder())
            .bind(TcpServerTransport.create("127.0.0.1", 0)),
        server -> Mono.using(
            () -> RSocketRequester.builder()
                .rsocketStrategies(handler.getRSocketStrategies())
                .tcp("127.0.0.1", ((InetSocketAddress) server.address()).getPort()),
            request,
            RSocketRequester::dispose),
        server -> disposed(server)));
  }

  private static Mono<Void> disposed(BoundServer server) {
    server.dispose();
    return server.onClose();
  }

  @Configuration(proxyBeanMethods = false)
  static class BaseConfiguration {

    @Bean
    RSocketStrategies rSocketStrategies() {
      return RSocketStrategies.builder()
          .encoder(CharSequenceEncoder.textPlainOnly())
          .decoder(StringDecoder.allMimeTypes())
          .build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class CustomMessageHandler {

    @Bean
    RSocketMessageHandler customMessageHandler() {
      RSocketMessageHandler messageHandler = new RSocketMessageHandler();
      messageHandler.setRSocketStrategies(RSocketStrategies.builder()
          .encoder(CharSequenceEncoder.textPlainOnly())
          .decoder(StringDecoder.allMimeTypes())
          .build());
      return messageHandler;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OrderedCustomizers {

    final List<String> calls = new ArrayList<>();

    @Bean
    @Order(2)
    RSocketMessageHandlerCustomizer second() {
      return handler -> {
        this.calls.add("second");
        handler.setDefaultDataMimeType(MimeType.valueOf("application/cbor"));
      };
    }

    @Bean
    @Order(1)
    RSocketMessageHandlerCustomizer first() {
      return handler -> {
        this.calls.add("first");
        handler.setDefaultDataMimeType(MimeType.valueOf("application/json"));
      };
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class ValidatorConfiguration {

    @Bean
    NotBlankValidator notBlankValidator() {
      return new NotBlankValidator();
    }
  }

  /** Rejects blank strings, standing in for a Bean Validation {@code @NotBlank}. */
  static class NotBlankValidator implements Validator {

    @Override
    public boolean supports(Class<?> type) {
      return String.class.equals(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
      if (((String) target).isBlank()) {
        errors.reject("blank", "must not be blank");
      }
    }
  }

  @Controller
  static class TestController {

    @MessageMapping("exception")
    String handleWithSimulatedException(String data) {
      throw new IllegalStateException("simulated exception");
    }

    @MessageMapping("validated")
    String validated(@Validated @Payload String name) {
      return "valid: " + name;
    }
  }

  @ControllerAdvice
  static class TestControllerAdvice {

    @MessageExceptionHandler
    String handleException(IllegalStateException ex) {
      return "advice: " + ex.getMessage();
    }
  }
}
