package dev.duplex.rsocket.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.rsocket.ConnectionListener;
import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.RSocketConnection;
import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.error.ClosedConnectionException;
import dev.duplex.rsocket.error.ConnectionErrorException;
import dev.duplex.rsocket.error.CustomRSocketException;
import dev.duplex.rsocket.error.RejectedSetupException;
import dev.duplex.rsocket.transport.BoundServer;
import dev.duplex.rsocket.transport.ClientTransport;
import dev.duplex.rsocket.transport.ServerTransport;
import dev.duplex.rsocket.transport.local.LocalClientTransport;
import dev.duplex.rsocket.transport.local.LocalServerTransport;
import dev.duplex.rsocket.transport.tcp.TcpClientTransport;
import dev.duplex.rsocket.transport.tcp.TcpServerTransport;
import dev.duplex.rsocket.transport.websocket.WebSocketClientTransport;
import dev.duplex.rsocket.transport.websocket.WebSocketServerTransport;
import io.netty.buffer.ByteBufUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** Our client and our server over each transport: in-JVM, TCP and WebSocket. */
class TransportEndToEndTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  enum Kind {
    LOCAL, TCP, WEBSOCKET;

    private final String name = "duplex-" + UUID.randomUUID();

    ServerTransport server() {
      return switch (this) {
        case LOCAL -> LocalServerTransport.create(name);
        case TCP -> TcpServerTransport.create("127.0.0.1", 0);
        case WEBSOCKET -> WebSocketServerTransport.create("127.0.0.1", 0);
      };
    }

    ClientTransport client(BoundServer bound) {
      return switch (this) {
        case LOCAL -> LocalClientTransport.create(name);
        case TCP -> TcpClientTransport.create("127.0.0.1",
            ((InetSocketAddress) bound.address()).getPort());
        case WEBSOCKET -> WebSocketClientTransport.create("127.0.0.1",
            ((InetSocketAddress) bound.address()).getPort());
      };
    }
  }

  private final Sinks.Many<String> fireAndForgets = Sinks.many().replay().all();
  private final CountDownLatch responderCanceled = new CountDownLatch(1);
  private BoundServer server;
  private RSocketConnection client;

  private final RSocket responder = new RSocket() {
    @Override
    public Mono<Payload> requestResponse(Payload payload) {
      if (payload.data().readableBytes() < 32 && payload.dataUtf8().equals("fail")) {
        payload.release();
        return Mono.error(new CustomRSocketException(0x0000_0400, "failed on purpose"));
      }
      return Mono.just(payload);
    }

    @Override
    public Mono<Void> fireAndForget(Payload payload) {
      fireAndForgets.tryEmitNext(payload.dataUtf8());
      payload.release();
      return Mono.empty();
    }

    @Override
    public Flux<Payload> requestStream(Payload payload) {
      payload.release();
      return Flux.range(0, 1_000_000).map(i -> Payload.create("item"))
          .doOnCancel(responderCanceled::countDown);
    }

    @Override
    public Flux<Payload> requestChannel(Publisher<Payload> payloads) {
      return Flux.from(payloads);
    }
  };

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
  }

  private void start(Kind kind, RSocketServer rsocketServer, RSocketConnector connector) {
    server = rsocketServer.bind(kind.server()).block(TIMEOUT);
    client = connector.connect(kind.client(server)).block(TIMEOUT);
  }

  private void start(Kind kind) {
    start(kind, RSocketServer.create(SocketAcceptor.with(responder)).fragment(1024),
        RSocketConnector.create().fragment(1024));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void everyInteractionWorks(Kind kind) {
    start(kind);
    byte[] big = new byte[200_000];
    new Random(1).nextBytes(big);

    StepVerifier.create(client.requestResponse(Payload.create(big, new byte[5000])))
        .assertNext(answer -> {
          try {
            assertThat(ByteBufUtil.getBytes(answer.data())).isEqualTo(big);
          } finally {
            answer.release();
          }
        })
        .expectComplete().verify(TIMEOUT);
    client.fireAndForget(Payload.create("fire")).block(TIMEOUT);
    StepVerifier.create(fireAndForgets.asFlux().take(1)).expectNext("fire").expectComplete()
        .verify(TIMEOUT);
    StepVerifier.create(client.requestStream(Payload.create("go")).map(TransportEndToEndTests::text), 0)
        .thenRequest(3).expectNext("item", "item", "item")
        .thenCancel().verify(TIMEOUT);
    await(responderCanceled);
    StepVerifier.create(client.requestChannel(Flux.range(0, 100).map(i -> Payload.create("c" + i)))
            .map(TransportEndToEndTests::text))
        .expectNextCount(100).expectComplete().verify(TIMEOUT);
    StepVerifier.create(client.requestResponse(Payload.create("fail")))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(CustomRSocketException.class)
            .hasMessage("failed on purpose"))
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void thousandConcurrentRequestsOnOneConnection(Kind kind) {
    start(kind);

    Set<String> answers = Flux.range(0, 1000)
        .flatMap(i -> client.requestResponse(Payload.create("r" + i)), 1000)
        .map(TransportEndToEndTests::text)
        .collect(Collectors.toSet()).block(TIMEOUT);

    assertThat(answers).hasSize(1000);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aRejectedSetupReachesTheClient(Kind kind) {
    start(kind, RSocketServer.create((setup, requester) ->
        Mono.error(new IllegalStateException("go away"))), RSocketConnector.create());

    StepVerifier.create(client.onClose())
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(RejectedSetupException.class)
            .hasMessage("go away"))
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void disposingTheServerFailsOutstandingStreamsOnTheClient(Kind kind) {
    start(kind);

    StepVerifier.create(client.requestStream(Payload.create("go")).map(TransportEndToEndTests::text), 1)
        .expectNext("item")
        .then(() -> server.dispose())
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ClosedConnectionException.class)
            .hasMessageContaining("closed"))
        .verify(TIMEOUT);
    await(responderCanceled);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void keepAliveTimeoutClosesTheConnectionAndFiresTheCallback(Kind kind) {
    CompletableFuture<Duration> timedOut = new CompletableFuture<>();
    // the server never answers anything: its acceptor never decides, so no KEEPALIVE is answered
    start(kind, RSocketServer.create((setup, requester) -> Mono.never()),
        RSocketConnector.create().keepAlive(Duration.ofMillis(50), Duration.ofMillis(300))
            .listener(new ConnectionListener() {
              @Override
              public void onKeepAliveTimeout(RSocketConnection connection, Duration silence) {
                timedOut.complete(silence);
              }
            }));

    StepVerifier.create(client.onClose())
        .expectError(ConnectionErrorException.class)
        .verify(TIMEOUT);
    assertThat(timedOut.join()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  private static String text(Payload payload) {
    try {
      return payload.dataUtf8();
    } finally {
      payload.release();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
