package dev.duplex.rsocket.messaging.annotation.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.rsocket.RSocketConnection;
import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.core.RSocketServer;
import dev.duplex.rsocket.error.RejectedSetupException;
import dev.duplex.rsocket.messaging.RSocketRequester;
import dev.duplex.rsocket.messaging.RSocketStrategies;
import dev.duplex.rsocket.transport.BoundServer;
import dev.duplex.rsocket.transport.tcp.TcpServerTransport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.codec.CharSequenceEncoder;
import org.springframework.core.codec.StringDecoder;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.rsocket.annotation.ConnectMapping;
import org.springframework.stereotype.Controller;
import org.springframework.util.MimeTypeUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * Connection-level behaviour of {@link RSocketMessageHandler#responder()} over TCP: the server
 * calls back the client through the {@link RSocketRequester} injected into a
 * {@code @ConnectMapping} method, the client answering with a responder from
 * {@link RSocketMessageHandler#responder(RSocketStrategies, Object...)}; SETUP rejections.
 */
class RSocketServerToClientIntegrationTests {

  private static AnnotationConfigApplicationContext context;

  private static BoundServer server;

  @BeforeAll
  static void setupOnce() {
    context = new AnnotationConfigApplicationContext(ServerConfig.class);
    SocketAcceptor responder = context.getBean(RSocketMessageHandler.class).responder();
    server = RSocketServer.create(responder)
        .bind(TcpServerTransport.create("127.0.0.1", 0))
        .block(Duration.ofSeconds(5));
  }

  @AfterAll
  static void tearDownOnce() {
    server.dispose();
    context.close();
  }

  @Test
  void echo() {
    connectAndRunTest("echo");
  }

  @Test
  void echoAsync() {
    connectAndRunTest("echo-async");
  }

  @Test
  void echoStream() {
    connectAndRunTest("echo-stream");
  }

  @Test
  void echoChannel() {
    connectAndRunTest("echo-channel");
  }

  @Test
  void connectMappingErrorRejectsConnection() {
    RSocketRequester requester = requesterBuilder().setupRoute("reject").tcp("127.0.0.1", port());
    try {
      StepVerifier.create(requester.route("any").data("x").retrieveMono(String.class))
          .expectErrorSatisfies(ex -> assertThat(ex)
              .isInstanceOf(RejectedSetupException.class)
              .hasMessage("Not welcome"))
          .verify(Duration.ofSeconds(5));
    } finally {
      requester.dispose();
    }
  }

  @Test
  void unsupportedDataMimeTypeRejectsConnection() {
    // the default encoders (byte[], ByteBuffer, DataBuffer) accept any MIME type, so restrict them
    RSocketMessageHandler handler = new RSocketMessageHandler();
    handler.setEncoders(List.of(CharSequenceEncoder.textPlainOnly()));
    handler.setDecoders(List.of(StringDecoder.textPlainOnly()));
    handler.setHandlers(List.of(new ClientHandler()));
    handler.afterPropertiesSet();
    BoundServer textOnlyServer = RSocketServer.create(handler.responder())
        .bind(TcpServerTransport.create("127.0.0.1", 0))
        .block(Duration.ofSeconds(5));
    RSocketRequester requester = requesterBuilder()
        .dataMimeType(MimeTypeUtils.APPLICATION_JSON)
        .tcp("127.0.0.1", ((InetSocketAddress) textOnlyServer.address()).getPort());
    try {
      StepVerifier.create(requester.route("echo").data("x").retrieveMono(String.class))
          .expectErrorSatisfies(ex -> assertThat(ex)
              .isInstanceOf(RejectedSetupException.class)
              .hasMessage("Data MimeType 'application/json' not supported"))
          .verify(Duration.ofSeconds(5));
    } finally {
      requester.dispose();
      textOnlyServer.dispose();
    }
  }

  @Test
  void requesterArgumentWrapsConnection() {
    ServerController controller = context.getBean(ServerController.class);
    RSocketRequester requester = requesterBuilder().setupRoute("connection").tcp("127.0.0.1", port());
    try {
      StepVerifier.create(requester.route("echo-back").data("x").retrieveMono(String.class))
          .expectNext("x")
          .expectComplete()
          .verify(Duration.ofSeconds(5));
      StepVerifier.create(controller.connections.asFlux().next())
          .assertNext(connection -> assertThat(connection.dataMimeType()).isEqualTo("text/plain"))
          .expectComplete()
          .verify(Duration.ofSeconds(5));
    } finally {
      requester.dispose();
    }
  }

  private static void connectAndRunTest(String connectionRoute) {
    ServerController controller = context.getBean(ServerController.class);
    Sinks.Empty<Void> result = Sinks.empty();
    controller.results.put(connectionRoute, result);

    SocketAcceptor clientResponder = RSocketMessageHandler.responder(
        context.getBean(RSocketStrategies.class), new ClientHandler());
    RSocketRequester requester = requesterBuilder()
        .setupRoute(connectionRoute)
        .rsocketConnector(connector -> connector.acceptor(clientResponder))
        .tcp("127.0.0.1", port());
    try {
      // the connection opens on the first request
      StepVerifier.create(requester.route("echo-back").data("open").retrieveMono(String.class))
          .expectNext("open")
          .expectComplete()
          .verify(Duration.ofSeconds(5));
      StepVerifier.create(result.asMono()).expectComplete().verify(Duration.ofSeconds(5));
    } finally {
      requester.dispose();
    }
  }

  private static RSocketRequester.Builder requesterBuilder() {
    return RSocketRequester.builder()
        .dataMimeType(MimeTypeUtils.TEXT_PLAIN)
        .rsocketStrategies(context.getBean(RSocketStrategies.class));
  }

  private static int port() {
    return ((InetSocketAddress) server.address()).getPort();
  }

  @Controller
  static class ServerController {

    final java.util.Map<String, Sinks.Empty<Void>> results =
        new java.util.concurrent.ConcurrentHashMap<>();

    final Sinks.Many<RSocketConnection> connections = Sinks.many().replay().all();

    @MessageMapping("echo-back")
    String echoBack(String payload) {
      return payload;
    }

    @ConnectMapping("echo")
    void echo(RSocketRequester requester) {
      runTest("echo", () -> Flux.range(1, 3)
          .concatMap(i -> requester.route("echo").data("Hello " + i).retrieveMono(String.class)),
          "Hello 1", "Hello 2", "Hello 3");
    }

    @ConnectMapping("echo-async")
    void echoAsync(RSocketRequester requester) {
      runTest("echo-async", () -> Flux.range(1, 3).concatMap(i ->
          requester.route("echo-async").data("Hello " + i).retrieveMono(String.class)),
          "Hello 1 async", "Hello 2 async", "Hello 3 async");
    }

    @ConnectMapping("echo-stream")
    void echoStream(RSocketRequester requester) {
      runTest("echo-stream", () -> requester.route("echo-stream").data("Hello")
          .retrieveFlux(String.class).take(3), "Hello 0", "Hello 1", "Hello 2");
    }

    @ConnectMapping("echo-channel")
    void echoChannel(RSocketRequester requester) {
      runTest("echo-channel", () -> requester.route("echo-channel")
          .data(Flux.range(1, 3).map(i -> "Hello " + i), String.class)
          .retrieveFlux(String.class), "Hello 1 async", "Hello 2 async", "Hello 3 async");
    }

    @ConnectMapping("reject")
    Mono<Void> reject() {
      return Mono.error(new IllegalStateException("Not welcome"));
    }

    @ConnectMapping("connection")
    void connection(RSocketConnection connection) {
      this.connections.tryEmitNext(connection);
    }

    private void runTest(String route, java.util.function.Supplier<Flux<String>> test,
        String... expected) {
      Sinks.Empty<Void> result = this.results.get(route);
      // decoupled from handling the SETUP, as the @ConnectMapping contract requires
      Mono.delay(Duration.ofMillis(1))
          .thenMany(Flux.defer(test))
          .collectList()
          .subscribe(
              list -> {
                if (list.equals(java.util.List.of(expected))) {
                  result.tryEmitEmpty();
                } else {
                  result.tryEmitError(new AssertionError(route + ": " + list));
                }
              },
              result::tryEmitError);
    }
  }

  static class ClientHandler {

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
      return RSocketStrategies.create();
    }
  }
}
