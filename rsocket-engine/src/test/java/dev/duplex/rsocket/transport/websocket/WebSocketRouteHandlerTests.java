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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
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
  void optionsReturnChangedCopies() {
    WebSocketRouteHandler handler = WebSocketRouteHandler.create(connection -> { });

    WebSocketRouteHandler smaller = handler.maxFramePayloadLength(1024);

    assertThat(smaller).isNotSameAs(handler);
    assertThat(handler.maxFramePayloadLength()).isEqualTo(16_777_215);
    assertThat(handler.spec().maxFramePayloadLength()).isEqualTo(16_777_215);
    assertThat(smaller.maxFramePayloadLength()).isEqualTo(1024);
    assertThat(smaller.spec().maxFramePayloadLength()).isEqualTo(1024);
  }

  @Test
  void invalidOptionsAreRejected() {
    WebSocketRouteHandler handler = WebSocketRouteHandler.create(connection -> { });

    assertThatIllegalArgumentException().isThrownBy(() -> handler.maxFramePayloadLength(5))
        .withMessage("maxFramePayloadLength: 5 (expected: 6..16777215)");
  }

  private static String text(Payload payload) {
    try {
      return payload.dataUtf8();
    } finally {
      payload.release();
    }
  }
}
