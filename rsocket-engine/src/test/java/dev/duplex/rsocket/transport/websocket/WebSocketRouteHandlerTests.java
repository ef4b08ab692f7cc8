package dev.duplex.rsocket.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.RSocketConnection;
import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.core.RSocketConnector;
import dev.duplex.rsocket.core.RSocketServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.test.StepVerifier;

/** RSocket on a WebSocket route of an HTTP server that serves other routes too. */
class WebSocketRouteHandlerTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final RSocket echo = new RSocket() {
    @Override
    public Mono<Payload> requestResponse(Payload payload) {
      return Mono.just(payload);
    }
  };

  private DisposableServer httpServer;
  private RSocketConnection client;

  @AfterEach
  void close() {
    if (client != null) {
      client.dispose();
      client.onClose().onErrorComplete().block(TIMEOUT);
    }
    if (httpServer != null) {
      httpServer.disposeNow(TIMEOUT);
    }
  }

  @Test
  void rsocketRouteAndHttpRouteShareTheServer() {
    WebSocketRouteHandler handler = WebSocketRouteHandler
        .create(RSocketServer.create(SocketAcceptor.with(echo)).connectionAcceptor());
    httpServer = HttpServer.create().host("127.0.0.1").port(0)
        .route(routes -> routes
            .get("/hello", (request, response) -> response.sendString(Mono.just("hello")))
            .ws("/rsocket", handler, handler.spec()))
        .bindNow(TIMEOUT);

    client = RSocketConnector.create()
        .connect(WebSocketClientTransport.create("127.0.0.1", httpServer.port()).path("/rsocket"))
        .block(TIMEOUT);
    StepVerifier.create(client.requestResponse(Payload.create("ping"))
            .map(WebSocketRouteHandlerTests::text))
        .expectNext("ping")
        .expectComplete()
        .verify(TIMEOUT);

    StepVerifier.create(HttpClient.create().get()
            .uri("http://127.0.0.1:" + httpServer.port() + "/hello")
            .responseContent().aggregate().asString())
        .expectNext("hello")
        .expectComplete()
        .verify(TIMEOUT);
  }

  @Test
  void specOptionsReachTheUpgradeOfTheRoute() {
    WebSocketRouteHandler handler = WebSocketRouteHandler
        .create(RSocketServer.create(SocketAcceptor.with(echo)).connectionAcceptor())
        .protocols("rsocket").compress(true).handlePing(true);
    httpServer = HttpServer.create().host("127.0.0.1").port(0)
        .route(routes -> handler.route(routes, "/rsocket"))
        .bindNow(TIMEOUT);

    Connection raw = HttpClient.newConnection()
        .websocket(WebsocketClientSpec.builder().protocols("rsocket").compress(true).build())
        .uri("ws://127.0.0.1:" + httpServer.port() + "/rsocket")
        .connect()
        .block(TIMEOUT);
    try {
      WebsocketInbound inbound = (WebsocketInbound) raw;
      assertThat(inbound.selectedSubprotocol()).isEqualTo("rsocket");
      assertThat(inbound.headers().get("sec-websocket-extensions"))
          .startsWith("permessage-deflate");
    } finally {
      raw.dispose();
      raw.onDispose().block(TIMEOUT);
    }
  }

  @Test
  void optionsReturnChangedCopies() {
    WebSocketRouteHandler handler = WebSocketRouteHandler.create(connection -> { });

    WebSocketRouteHandler smaller = handler.maxFramePayloadLength(1024);

    assertThat(smaller).isNotSameAs(handler);
    assertThat(handler.maxFramePayloadLength()).isEqualTo(16_777_215);
    assertThat(handler.spec().maxFramePayloadLength()).isEqualTo(16_777_215);
    assertThat(smaller.maxFramePayloadLength()).isEqualTo(1024);
    assertThat(smaller.spec().maxFramePayloadLength()).isEqualTo(1024);
    WebSocketRouteHandler specified =
        smaller.protocols("rsocket", "rsocket.v2").handlePing(true).compress(true);
    assertThat(List.of(handler.protocols(), handler.handlePing(), handler.compress()))
        .containsExactly(List.of(), false, false);
    assertThat(handler.spec().protocols()).isNull();
    assertThat(List.of(specified.protocols(), specified.handlePing(), specified.compress()))
        .containsExactly(List.of("rsocket", "rsocket.v2"), true, true);
    assertThat(specified.spec().protocols()).isEqualTo("rsocket,rsocket.v2");
    assertThat(specified.spec().handlePing()).isTrue();
    assertThat(specified.spec().compress()).isTrue();
    assertThat(specified.spec().maxFramePayloadLength()).isEqualTo(1024);
  }

  @Test
  void invalidOptionsAreRejected() {
    WebSocketRouteHandler handler = WebSocketRouteHandler.create(connection -> { });

    assertThatIllegalArgumentException().isThrownBy(() -> handler.maxFramePayloadLength(5))
        .withMessage("maxFramePayloadLength: 5 (expected: 6..16777215)");
    assertThatIllegalArgumentException().isThrownBy(() -> handler.protocols("rsocket", " "))
        .withMessage("protocols: ' ' (expected: a sub-protocol token, without commas or "
            + "surrounding spaces)");
  }

  private static String text(Payload payload) {
    try {
      return payload.dataUtf8();
    } finally {
      payload.release();
    }
  }
}
