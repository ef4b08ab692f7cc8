package dev.duplex.rsocket.messaging.annotation.support;

import dev.duplex.rsocket.core.RSocketServer;
import dev.duplex.rsocket.error.ApplicationErrorException;
import dev.duplex.rsocket.messaging.RSocketRequester;
import dev.duplex.rsocket.messaging.RSocketStrategies;
import dev.duplex.rsocket.transport.BoundServer;
import dev.duplex.rsocket.transport.tcp.TcpServerTransport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.messaging.handler.MessagingAdviceBean;
import org.springframework.messaging.handler.annotation.MessageExceptionHandler;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.method.ControllerAdviceBean;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Messaging advice ({@code @ControllerAdvice} with {@code @MessageExceptionHandler}), handler-local
 * exception handlers, and {@code ${...}} placeholders in routes, over real TCP.
 */
class RSocketMessageHandlerAdviceTests {

  private static AnnotationConfigApplicationContext context;
  private static BoundServer server;
  private static RSocketRequester requester;

  @BeforeAll
  static void start() {
    context = new AnnotationConfigApplicationContext();
    context.getEnvironment().getPropertySources()
        .addFirst(new MapPropertySource("test", Map.of("greeting.route", "greetings.hello")));
    context.register(Config.class);
    context.refresh();
    RSocketMessageHandler handler = context.getBean(RSocketMessageHandler.class);
    // as Spring's javadoc of registerMessagingAdvice shows; Boot's auto-configuration does this
    ControllerAdviceBean.findAnnotatedBeans(context)
        .forEach(bean -> handler.registerMessagingAdvice(new ControllerAdviceWrapper(bean)));
    server = RSocketServer.create(handler.responder())
        .bind(TcpServerTransport.create("127.0.0.1", 0)).block(Duration.ofSeconds(5));
    requester = RSocketRequester.builder()
        .rsocketStrategies(context.getBean(RSocketStrategies.class))
        .tcp("127.0.0.1", ((InetSocketAddress) server.address()).getPort());
  }

  @AfterAll
  static void stop() {
    requester.dispose();
    server.dispose();
    context.close();
  }

  @Test
  void controllerAdviceHandlesAnExceptionFromAnyController() {
    StepVerifier.create(requester.route("fail.global").data("x").retrieveMono(String.class))
        .expectNext("advice: global failure")
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void aControllersOwnExceptionHandlerComesFirst() {
    StepVerifier.create(requester.route("fail.local").data("x").retrieveMono(String.class))
        .expectNext("local: local failure")
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void anUnhandledExceptionIsAnApplicationError() {
    StepVerifier.create(requester.route("fail.unhandled").data("x").retrieveMono(String.class))
        .expectErrorSatisfies(error -> org.assertj.core.api.Assertions.assertThat(error)
            .isInstanceOf(ApplicationErrorException.class).hasMessage("nobody handles this"))
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void placeholdersInRoutesAreResolvedFromTheEnvironment() {
    StepVerifier.create(requester.route("greetings.hello").data("Duplex")
            .retrieveMono(String.class))
        .expectNext("Hello, Duplex")
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }

  /** Spring's {@code ControllerAdviceBean} seen as a {@code MessagingAdviceBean}. */
  private record ControllerAdviceWrapper(ControllerAdviceBean delegate)
      implements MessagingAdviceBean {

    @Override
    public @Nullable Class<?> getBeanType() {
      return delegate.getBeanType();
    }

    @Override
    public Object resolveBean() {
      return delegate.resolveBean();
    }

    @Override
    public boolean isApplicableToBeanType(Class<?> beanType) {
      return delegate.isApplicableToBeanType(beanType);
    }

    @Override
    public int getOrder() {
      return delegate.getOrder();
    }
  }

  @Controller
  static class FailingController {

    @MessageMapping("fail.global")
    Mono<String> global(String data) {
      return Mono.error(new IllegalStateException("global failure"));
    }

    @MessageMapping("fail.local")
    String local(String data) {
      throw new UnsupportedOperationException("local failure");
    }

    @MessageMapping("fail.unhandled")
    String unhandled(String data) {
      throw new ArithmeticException("nobody handles this");
    }

    @MessageMapping("${greeting.route}")
    String greet(String name) {
      return "Hello, " + name;
    }

    @MessageExceptionHandler
    String handleLocally(UnsupportedOperationException e) {
      return "local: " + e.getMessage();
    }
  }

  @ControllerAdvice
  static class GlobalAdvice {

    @MessageExceptionHandler
    Mono<String> handle(IllegalStateException e) {
      return Mono.just("advice: " + e.getMessage());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Config {

    @Bean
    FailingController failingController() {
      return new FailingController();
    }

    @Bean
    GlobalAdvice globalAdvice() {
      return new GlobalAdvice();
    }

    @Bean
    RSocketStrategies rsocketStrategies() {
      return RSocketStrategies.create();
    }

    @Bean
    RSocketMessageHandler messageHandler(RSocketStrategies strategies) {
      RSocketMessageHandler handler = new RSocketMessageHandler();
      handler.setRSocketStrategies(strategies);
      return handler;
    }
  }
}
