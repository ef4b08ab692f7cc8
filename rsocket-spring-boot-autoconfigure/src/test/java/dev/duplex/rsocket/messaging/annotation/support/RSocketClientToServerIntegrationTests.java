package dev.duplex.rsocket.messaging.annotation.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.core.RSocketServer;
import dev.duplex.rsocket.error.ApplicationErrorException;
import dev.duplex.rsocket.messaging.RSocketRequester;
import dev.duplex.rsocket.messaging.RSocketStrategies;
import dev.duplex.rsocket.transport.BoundServer;
import dev.duplex.rsocket.transport.tcp.TcpServerTransport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.MessageExceptionHandler;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.rsocket.annotation.ConnectMapping;
import org.springframework.stereotype.Controller;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * {@link RSocketMessageHandler} in a Spring context, served by the engine's {@link RSocketServer}
 * over TCP and called through {@link RSocketRequester}; a port of Spring's
 * {@code RSocketClientToServerIntegrationTests}. The engine's leak extension fails the class if a
 * payload buffer is left unreleased on any of these paths.
 */
class RSocketClientToServerIntegrationTests {

  private static final MimeType FOO_MIME_TYPE = MimeTypeUtils.parseMimeType("messaging/x.foo");

  private static final CountingResponder counter = new CountingResponder();

  private static AnnotationConfigApplicationContext context;

  private static BoundServer server;

  private static RSocketRequester requester;

  @BeforeAll
  static void setupOnce() {
    context = new AnnotationConfigApplicationContext(ServerConfig.class);
    RSocketMessageHandler messageHandler = context.getBean(RSocketMessageHandler.class);
    SocketAcceptor responder = messageHandler.responder();
    SocketAcceptor counting =
        (setup, connection) -> responder.accept(setup, connection).map(counter::wrap);

    server = RSocketServer.create(counting)
        .bind(TcpServerTransport.create("127.0.0.1", 0))
        .block(Duration.ofSeconds(5));

    requester = RSocketRequester.builder()
        .metadataMimeType(MimeTypeUtils.parseMimeType("message/x.rsocket.composite-metadata.v0"))
        .rsocketStrategies(context.getBean(RSocketStrategies.class))
        .tcp("127.0.0.1", ((InetSocketAddress) server.address()).getPort());
  }

  @AfterAll
  static void tearDownOnce() {
    requester.dispose();
    server.dispose();
    context.close();
  }

  @Test
  void fireAndForget() {
    Flux.range(1, 3)
        .concatMap(i -> requester.route("receive").data("Hello " + i).send())
        .blockLast(Duration.ofSeconds(5));

    StepVerifier.create(context.getBean(ServerController.class).fireForgetPayloads.asFlux())
        .expectNext("Hello 1")
        .expectNext("Hello 2")
        .expectNext("Hello 3")
        .thenCancel()
        .verify(Duration.ofSeconds(5));

    StepVerifier.create(counter.fireAndForgetDone.asFlux().take(3))
        .expectNextCount(3)
        .verifyComplete();
  }

  @Test
  void echo() {
    Flux<String> result = Flux.range(1, 3).concatMap(i ->
        requester.route("echo").data("Hello " + i).retrieveMono(String.class));

    StepVerifier.create(result)
        .expectNext("Hello 1").expectNext("Hello 2").expectNext("Hello 3")
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void echoAsync() {
    Flux<String> result = Flux.range(1, 3).concatMap(i ->
        requester.route("echo-async").data("Hello " + i).retrieveMono(String.class));

    StepVerifier.create(result)
        .expectNext("Hello 1 async").expectNext("Hello 2 async").expectNext("Hello 3 async")
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void echoStream() {
    Flux<String> result = requester.route("echo-stream").data("Hello").retrieveFlux(String.class);

    StepVerifier.create(result)
        .expectNext("Hello 0").expectNextCount(6).expectNext("Hello 7")
        .thenCancel()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void echoChannel() {
    Flux<String> result = requester.route("echo-channel")
        .data(Flux.range(1, 10).map(i -> "Hello " + i), String.class)
        .retrieveFlux(String.class);

    StepVerifier.create(result)
        .expectNext("Hello 1 async").expectNextCount(8).expectNext("Hello 10 async")
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void echoChannelWithEmptyInput() {
    Flux<String> result = requester.route("echo-channel-empty")
        .data(Flux.empty())
        .retrieveFlux(String.class);

    StepVerifier.create(result).expectComplete().verify(Duration.ofSeconds(5));
  }

  @Test
  void metadataPush() {
    Flux.just("bar", "baz")
        .concatMap(s -> requester.route("foo-updates").metadata(s, FOO_MIME_TYPE).sendMetadata())
        .blockLast(Duration.ofSeconds(5));

    StepVerifier.create(context.getBean(ServerController.class).metadataPushPayloads.asFlux())
        .expectNext("bar")
        .expectNext("baz")
        .thenCancel()
        .verify(Duration.ofSeconds(5));

    StepVerifier.create(counter.metadataPushDone.asFlux().take(2))
        .expectNextCount(2)
        .verifyComplete();
  }

  @Test
  void voidReturnValue() {
    Mono<String> result =
        requester.route("void-return-value").data("Hello").retrieveMono(String.class);
    StepVerifier.create(result).expectComplete().verify(Duration.ofSeconds(5));
  }

  @Test
  void voidReturnValueFromExceptionHandler() {
    Mono<String> result = requester.route("void-return-value").data("bad").retrieveMono(String.class);
    StepVerifier.create(result).expectComplete().verify(Duration.ofSeconds(5));
  }

  @Test
  void handleWithThrownException() {
    Mono<String> result = requester.route("thrown-exception").data("a").retrieveMono(String.class);
    StepVerifier.create(result)
        .expectNext("Invalid input error handled")
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void handleWithErrorSignal() {
    Mono<String> result = requester.route("error-signal").data("a").retrieveMono(String.class);
    StepVerifier.create(result)
        .expectNext("Invalid input error handled")
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void unhandledErrorBecomesApplicationError() {
    Mono<String> result = requester.route("unhandled-error").data("a").retrieveMono(String.class);
    StepVerifier.create(result)
        .expectErrorSatisfies(ex -> assertThat(ex)
            .isInstanceOf(ApplicationErrorException.class)
            .hasMessage("Unhandled: a"))
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void noMatchingRoute() {
    Mono<String> result = requester.route("invalid").data("anything").retrieveMono(String.class);
    StepVerifier.create(result)
        .expectErrorMessage("No handler for destination 'invalid'")
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void routeWithoutStreamHandler() {
    Flux<String> result = requester.route("echo").data("anything").retrieveFlux(String.class);
    StepVerifier.create(result)
        .expectErrorMessage("Destination 'echo' does not support REQUEST_STREAM. "
            + "Supported interaction(s): [REQUEST_RESPONSE]")
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void fireAndForgetWithNoMatchingRouteIsDropped() {
    StepVerifier.create(requester.route("invalid").data("dropped").send())
        .expectComplete()
        .verify(Duration.ofSeconds(5));
    // the connection still serves requests
    StepVerifier.create(requester.route("echo").data("still up").retrieveMono(String.class))
        .expectNext("still up")
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }

  @Controller
  static class ServerController {

    final Sinks.Many<String> fireForgetPayloads = Sinks.many().replay().all();

    final Sinks.Many<String> metadataPushPayloads = Sinks.many().replay().all();

    @MessageMapping("receive")
    void receive(String payload) {
      this.fireForgetPayloads.tryEmitNext(payload);
    }

    @MessageMapping("echo")
    String echo(String payload) {
      return payload;
    }

    @MessageMapping("echo-async")
    Mono<String> echoAsync(String payload) {
      return Mono.delay(Duration.ofMillis(10)).map(aLong -> payload + " async");
    }

    @MessageMapping("echo-stream")
    Flux<String> echoStream(String payload) {
      return Flux.interval(Duration.ofMillis(10)).map(aLong -> payload + " " + aLong);
    }

    @MessageMapping("echo-channel")
    Flux<String> echoChannel(Flux<String> payloads) {
      return payloads.delayElements(Duration.ofMillis(10)).map(payload -> payload + " async");
    }

    @MessageMapping("echo-channel-empty")
    Flux<String> echoChannelEmpty(
        @org.springframework.messaging.handler.annotation.Payload(required = false)
        Flux<String> payloads) {
      return payloads.map(payload -> payload + " echoed");
    }

    @MessageMapping("thrown-exception")
    Mono<String> handleAndThrow(String payload) {
      throw new IllegalArgumentException("Invalid input error");
    }

    @MessageMapping("error-signal")
    Mono<String> handleAndReturnError(String payload) {
      return Mono.error(new IllegalArgumentException("Invalid input error"));
    }

    @MessageMapping("unhandled-error")
    Mono<String> handleAndReturnUnhandledError(String payload) {
      return Mono.error(new UnsupportedOperationException("Unhandled: " + payload));
    }

    @MessageMapping("void-return-value")
    Mono<Void> voidReturnValue(String payload) {
      return !payload.equals("bad")
          ? Mono.delay(Duration.ofMillis(10)).then(Mono.empty())
          : Mono.error(new IllegalStateException("bad"));
    }

    @ConnectMapping("foo-updates")
    public void handleMetadata(@Header("foo") String foo) {
      this.metadataPushPayloads.tryEmitNext(foo);
    }

    @MessageExceptionHandler
    Mono<String> handleException(IllegalArgumentException ex) {
      return Mono.delay(Duration.ofMillis(10)).map(aLong -> ex.getMessage() + " handled");
    }

    @MessageExceptionHandler
    Mono<Void> handleExceptionWithVoidReturnValue(IllegalStateException ex) {
      return Mono.delay(Duration.ofMillis(10)).then(Mono.empty());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class ServerConfig {

    @Bean
    ServerController controller() {
      return new ServerController();
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

  /** Counts fire-and-forget and metadata-push requests whose handling completed on the server. */
  static final class CountingResponder {

    final Sinks.Many<Integer> fireAndForgetDone = Sinks.many().replay().all();

    final Sinks.Many<Integer> metadataPushDone = Sinks.many().replay().all();

    private final AtomicInteger fireAndForgetCount = new AtomicInteger();

    private final AtomicInteger metadataPushCount = new AtomicInteger();

    RSocket wrap(RSocket delegate) {
      return new RSocket() {
        @Override
        public Mono<Void> fireAndForget(Payload payload) {
          return delegate.fireAndForget(payload).doOnSuccess(v -> fireAndForgetDone
              .emitNext(fireAndForgetCount.incrementAndGet(), Sinks.EmitFailureHandler.FAIL_FAST));
        }

        @Override
        public Mono<Void> metadataPush(Payload payload) {
          return delegate.metadataPush(payload).doOnSuccess(v -> metadataPushDone
              .emitNext(metadataPushCount.incrementAndGet(), Sinks.EmitFailureHandler.FAIL_FAST));
        }

        @Override
        public Mono<Payload> requestResponse(Payload payload) {
          return delegate.requestResponse(payload);
        }

        @Override
        public Flux<Payload> requestStream(Payload payload) {
          return delegate.requestStream(payload);
        }

        @Override
        public Flux<Payload> requestChannel(Publisher<Payload> payloads) {
          return delegate.requestChannel(payloads);
        }
      };
    }
  }
}
