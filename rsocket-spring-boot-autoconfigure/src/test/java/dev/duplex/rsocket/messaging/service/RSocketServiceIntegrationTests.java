package dev.duplex.rsocket.messaging.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.core.RSocketServer;
import dev.duplex.rsocket.error.ApplicationErrorException;
import dev.duplex.rsocket.messaging.RSocketRequester;
import dev.duplex.rsocket.messaging.RSocketStrategies;
import dev.duplex.rsocket.messaging.annotation.support.RSocketMessageHandler;
import dev.duplex.rsocket.transport.BoundServer;
import dev.duplex.rsocket.transport.tcp.TcpServerTransport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.rsocket.annotation.ConnectMapping;
import org.springframework.messaging.rsocket.service.RSocketExchange;
import org.springframework.stereotype.Controller;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * An {@link RSocketExchange @RSocketExchange} interface used as a client through
 * {@link RSocketServiceProxyFactory} and implemented by a {@code @Controller} served by
 * {@link RSocketMessageHandler} on the engine's {@link RSocketServer}, over TCP; a port of
 * Spring's {@code RSocketServiceIntegrationTests} with every interaction. The engine's leak
 * extension fails the class if a payload buffer is left unreleased.
 */
class RSocketServiceIntegrationTests {

  private static final MimeType FOO_MIME_TYPE = MimeTypeUtils.parseMimeType("messaging/x.foo");

  private static AnnotationConfigApplicationContext context;

  private static BoundServer server;

  private static RSocketRequester requester;

  private static Service serviceProxy;

  private static ClientOnlyService clientOnlyProxy;

  @BeforeAll
  static void setupOnce() {
    context = new AnnotationConfigApplicationContext(ServerConfig.class);
    SocketAcceptor responder = context.getBean(RSocketMessageHandler.class).responder();

    server = RSocketServer.create(responder)
        .bind(TcpServerTransport.create("127.0.0.1", 0))
        .block(Duration.ofSeconds(5));

    requester = RSocketRequester.builder()
        .metadataMimeType(MimeTypeUtils.parseMimeType("message/x.rsocket.composite-metadata.v0"))
        .rsocketStrategies(context.getBean(RSocketStrategies.class))
        .tcp("127.0.0.1", ((InetSocketAddress) server.address()).getPort());

    RSocketServiceProxyFactory proxyFactory = RSocketServiceProxyFactory.builder(requester)
        .blockTimeout(Duration.ofSeconds(5))
        .build();
    serviceProxy = proxyFactory.createClient(Service.class);
    clientOnlyProxy = proxyFactory.createClient(ClientOnlyService.class);
  }

  @AfterAll
  static void tearDownOnce() {
    requester.dispose();
    server.dispose();
    context.close();
  }

  @Test
  void echo() {
    assertThat(serviceProxy.echo("Hello")).isEqualTo("Hello");
  }

  @Test
  void echoOptional() {
    assertThat(clientOnlyProxy.echoOptional("Hello")).contains("Hello");
    assertThat(clientOnlyProxy.echoOptional("none")).isEmpty();
  }

  @Test
  void echoAsync() {
    Flux<String> result = Flux.range(1, 3).concatMap(i -> serviceProxy.echoAsync("Hello " + i));

    StepVerifier.create(result)
        .expectNext("Hello 1 async").expectNext("Hello 2 async").expectNext("Hello 3 async")
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void echoStream() {
    Flux<String> result = serviceProxy.echoStream("Hello");

    StepVerifier.create(result)
        .expectNext("Hello 0").expectNextCount(6).expectNext("Hello 7")
        .thenCancel()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void echoChannel() {
    Flux<String> result = serviceProxy.echoChannel(Flux.range(1, 10).map(i -> "Hello " + i));

    StepVerifier.create(result)
        .expectNext("Hello 1 async").expectNextCount(8).expectNext("Hello 10 async")
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void destinationVariables() {
    StepVerifier.create(serviceProxy.greet("en", "Joe"))
        .expectNext("[en] Hello Joe")
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void fireAndForget() {
    serviceProxy.receive("one");
    serviceProxy.receive("two");

    StepVerifier.create(context.getBean(ServerController.class).received.asFlux())
        .expectNext("one")
        .expectNext("two")
        .thenCancel()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void metadataPush() {
    clientOnlyProxy.push("bar", FOO_MIME_TYPE).block(Duration.ofSeconds(5));

    StepVerifier.create(context.getBean(PushController.class).pushed.asFlux())
        .expectNext("bar")
        .thenCancel()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void errorFromController() {
    assertThatExceptionOfType(ApplicationErrorException.class)
        .isThrownBy(() -> serviceProxy.fail("boom"))
        .withMessage("Failed: boom");
  }

  @RSocketExchange("echo")
  interface Service {

    @RSocketExchange("sync")
    String echo(String payload);

    @RSocketExchange("async")
    Mono<String> echoAsync(String payload);

    @RSocketExchange("stream")
    Flux<String> echoStream(String payload);

    @RSocketExchange("channel")
    Flux<String> echoChannel(Flux<String> payloads);

    @RSocketExchange("greet.{lang}")
    Mono<String> greet(@DestinationVariable("lang") String lang, String name);

    @RSocketExchange("receive")
    void receive(String payload);

    @RSocketExchange("fail")
    String fail(String payload);
  }

  /**
   * Client methods whose server side is not an implementation of the same signature: an
   * {@code Optional} response (a controller cannot return {@code Optional}) and a metadata push
   * (served by a {@code @ConnectMapping} method).
   */
  interface ClientOnlyService {

    @RSocketExchange("maybe")
    Optional<String> echoOptional(String payload);

    @RSocketExchange("push")
    Mono<Void> push(String foo, MimeType mimeType);
  }

  @Controller
  static class ServerController implements Service {

    final Sinks.Many<String> received = Sinks.many().replay().all();

    @Override
    public String echo(String payload) {
      return payload;
    }

    @Override
    public Mono<String> echoAsync(String payload) {
      return Mono.delay(Duration.ofMillis(10)).map(aLong -> payload + " async");
    }

    @Override
    public Flux<String> echoStream(String payload) {
      return Flux.interval(Duration.ofMillis(10)).map(aLong -> payload + " " + aLong);
    }

    @Override
    public Flux<String> echoChannel(Flux<String> payloads) {
      return payloads.delayElements(Duration.ofMillis(10)).map(payload -> payload + " async");
    }

    @Override
    public Mono<String> greet(String lang, String name) {
      return Mono.just("[" + lang + "] Hello " + name);
    }

    @Override
    public void receive(String payload) {
      this.received.tryEmitNext(payload);
    }

    @Override
    public String fail(String payload) {
      throw new IllegalStateException("Failed: " + payload);
    }

  }

  /** Handlers outside {@link ServerController}, whose type-level route would prefix them. */
  @Controller
  static class PushController {

    final Sinks.Many<String> pushed = Sinks.many().replay().all();

    @MessageMapping("maybe")
    Mono<String> maybe(String payload) {
      return payload.equals("none") ? Mono.empty() : Mono.just(payload);
    }

    @ConnectMapping("push")
    void onPush(@Header("foo") String foo) {
      this.pushed.tryEmitNext(foo);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class ServerConfig {

    @Bean
    ServerController controller() {
      return new ServerController();
    }

    @Bean
    PushController pushController() {
      return new PushController();
    }

    @Bean
    RSocketMessageHandler messageHandler(RSocketStrategies rsocketStrategies) {
      RSocketMessageHandler handler = new RSocketMessageHandler();
      handler.setRSocketStrategies(rsocketStrategies);
      return handler;
    }

    @Bean
    RSocketStrategies rsocketStrategies() {
      return RSocketStrategies.builder()
          .metadataExtractorRegistry(registry ->
              registry.metadataToExtract(FOO_MIME_TYPE, String.class, "foo"))
          .build();
    }
  }
}
