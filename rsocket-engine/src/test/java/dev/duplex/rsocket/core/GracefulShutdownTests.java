package dev.duplex.rsocket.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.RSocketConnection;
import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.error.ClosedConnectionException;
import dev.duplex.rsocket.error.ConnectionCloseException;
import dev.duplex.rsocket.error.RejectedException;
import dev.duplex.rsocket.error.RejectedSetupException;
import dev.duplex.rsocket.transport.BoundServer;
import dev.duplex.rsocket.transport.tcp.TcpClientTransport;
import dev.duplex.rsocket.transport.tcp.TcpServerTransport;
import dev.duplex.rsocket.transport.websocket.WebSocketClientTransport;
import dev.duplex.rsocket.transport.websocket.WebSocketRouteHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

/**
 * Graceful shutdown of a server over real sockets on 127.0.0.1: a bound TCP server, and the
 * connections of a WebSocket route on an HTTP server the engine does not own.
 */
class GracefulShutdownTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Sinks.Many<Payload> streamItems = Sinks.many().unicast().onBackpressureBuffer();
  private final CountDownLatch streamStarted = new CountDownLatch(1);

  private final RSocket responder = new RSocket() {
    @Override
    public Mono<Payload> requestResponse(Payload payload) {
      return Mono.just(payload);
    }

    @Override
    public Flux<Payload> requestStream(Payload payload) {
      payload.release();
      return streamItems.asFlux().doOnSubscribe(s -> streamStarted.countDown());
    }
  };

  private BoundServer server;
  private DisposableServer httpServer;
  private RSocketConnection client;

  @AfterEach
  void close() {
    if (client != null) {
      client.dispose();
      client.onClose().onErrorComplete().block(TIMEOUT);
    }
    if (server != null) {
      server.dispose();
      server.onClose().onErrorComplete().block(TIMEOUT);
    }
    if (httpServer != null) {
      httpServer.disposeNow(TIMEOUT);
    }
    streamItems.tryEmitComplete();
  }

  private void startTcp() throws InterruptedException {
    server = RSocketServer.create(SocketAcceptor.with(responder))
        .bind(TcpServerTransport.create("127.0.0.1", 0)).block(TIMEOUT);
    client = RSocketConnector.create().connect(tcpClient()).block(TIMEOUT);
  }

  private TcpClientTransport tcpClient() {
    return TcpClientTransport.create("127.0.0.1", ((InetSocketAddress) server.address()).getPort());
  }

  /** Opens a stream and waits until the responder has it. */
  private CompletableFuture<List<String>> openStream() throws InterruptedException {
    CompletableFuture<List<String>> received = client
        .requestStream(Payload.create("go")).map(GracefulShutdownTests::text).collectList()
        .toFuture();
    assertThat(streamStarted.await(10, TimeUnit.SECONDS)).as("stream started").isTrue();
    return received;
  }

  @Test
  void anInFlightStreamFinishesWhileNewRequestsAndConnectionsAreRefused() throws Exception {
    startTcp();
    CompletableFuture<List<String>> received = openStream();
    streamItems.tryEmitNext(Payload.create("one"));

    CompletableFuture<Void> shutdown = server.disposeGracefully().toFuture();
    server.onClose().block(TIMEOUT);

    StepVerifier.create(client.requestResponse(Payload.create("too late")))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(RejectedException.class)
            .hasMessage("REQUEST_RESPONSE on stream 3 rejected: The server is shutting down"))
        .verify(TIMEOUT);
    StepVerifier.create(RSocketConnector.create().connect(tcpClient()))
        .expectError().verify(TIMEOUT); // the listening socket is closed
    assertThat(shutdown).isNotDone();

    streamItems.tryEmitNext(Payload.create("two"));
    streamItems.tryEmitNext(Payload.create("three"));
    streamItems.tryEmitComplete();

    assertThat(received.get(10, TimeUnit.SECONDS)).containsExactly("one", "two", "three");
    shutdown.get(10, TimeUnit.SECONDS);
    StepVerifier.create(client.onClose())
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ConnectionCloseException.class)
            .hasMessage("The server is shutting down"))
        .verify(TIMEOUT);
  }

  @Test
  void aServerWithIdleConnectionsShutsDownAtOnce() throws Exception {
    startTcp();
    StepVerifier.create(client.requestResponse(Payload.create("hi")).map(GracefulShutdownTests::text))
        .expectNext("hi").expectComplete().verify(TIMEOUT);

    StepVerifier.create(server.disposeGracefully()).expectComplete().verify(TIMEOUT);
    StepVerifier.create(client.onClose()).expectError(ConnectionCloseException.class)
        .verify(TIMEOUT);
  }

  @Test
  void disposeDuringTheShutdownCutsInFlightStreams() throws Exception {
    startTcp();
    CompletableFuture<List<String>> received = openStream();
    CompletableFuture<Void> shutdown = server.disposeGracefully().toFuture();

    server.dispose();

    shutdown.get(10, TimeUnit.SECONDS);
    assertThat(received).failsWithin(TIMEOUT).withThrowableThat()
        .havingRootCause().isInstanceOf(ClosedConnectionException.class);
  }

  @Test
  void theConnectionsOfARouteOutsideTheEngineDrainAsAGroup() throws Exception {
    ConnectionGroup connections =
        RSocketServer.create(SocketAcceptor.with(responder)).connectionGroup();
    WebSocketRouteHandler handler = WebSocketRouteHandler.create(connections);
    httpServer = HttpServer.create().host("127.0.0.1").port(0)
        .route(routes -> routes.ws("/rsocket", handler, handler.spec()))
        .bindNow(TIMEOUT);
    WebSocketClientTransport transport =
        WebSocketClientTransport.create("127.0.0.1", httpServer.port()).path("/rsocket");
    client = RSocketConnector.create().connect(transport).block(TIMEOUT);
    CompletableFuture<List<String>> received = openStream();

    CompletableFuture<Void> shutdown = connections.disposeGracefully().toFuture();
    StepVerifier.create(client.requestResponse(Payload.create("too late")))
        .expectError(RejectedException.class).verify(TIMEOUT);
    StepVerifier.create(RSocketConnector.create().connect(transport)
            .flatMap(late -> late.requestResponse(Payload.create("late connection"))))
        .expectErrorSatisfies(e -> assertThat(e).satisfiesAnyOf(
            refused -> assertThat(refused).isInstanceOf(RejectedSetupException.class)
                .hasMessage("The server is shutting down"),
            refused -> assertThat(refused).isInstanceOf(ClosedConnectionException.class)
                .hasRootCauseInstanceOf(RejectedSetupException.class),
            // the client may see the close before it reads the REJECTED_SETUP it held while
            // its own acceptor decided
            refused -> assertThat(refused).isInstanceOf(ClosedConnectionException.class)
                .hasNoCause()))
        .verify(TIMEOUT);
    assertThat(shutdown).isNotDone();

    streamItems.tryEmitNext(Payload.create("last"));
    streamItems.tryEmitComplete();

    assertThat(received.get(10, TimeUnit.SECONDS)).containsExactly("last");
    shutdown.get(10, TimeUnit.SECONDS);
    assertThat(connections.isDisposed()).isTrue();
  }

  private static String text(Payload payload) {
    try {
      return payload.dataUtf8();
    } finally {
      payload.release();
    }
  }
}
