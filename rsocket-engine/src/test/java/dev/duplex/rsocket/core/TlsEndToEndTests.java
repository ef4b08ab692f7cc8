package dev.duplex.rsocket.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.RSocketConnection;
import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.test.TestCertificates;
import dev.duplex.rsocket.transport.BoundServer;
import dev.duplex.rsocket.transport.ClientTransport;
import dev.duplex.rsocket.transport.ServerTransport;
import dev.duplex.rsocket.transport.tcp.TcpClientTransport;
import dev.duplex.rsocket.transport.tcp.TcpServerTransport;
import dev.duplex.rsocket.transport.websocket.WebSocketClientTransport;
import dev.duplex.rsocket.transport.websocket.WebSocketServerTransport;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.security.cert.CertPathBuilderException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLHandshakeException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Our client and our server over TLS, on TCP and on WebSocket (wss), on 127.0.0.1. */
class TlsEndToEndTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  enum Kind {
    TCP, WEBSOCKET;

    ServerTransport server(SslContext context, AtomicInteger tlsConnections) {
      return switch (this) {
        case TCP -> TcpServerTransport.create("127.0.0.1", 0).secure(context)
            .customize(server -> server.doOnConnection(connection -> {
              if (connection.channel().pipeline().get(SslHandler.class) != null) {
                tlsConnections.incrementAndGet();
              }
            }));
        case WEBSOCKET -> WebSocketServerTransport.create("127.0.0.1", 0).secure(context)
            .customize(server -> server.doOnConnection(connection -> {
              if (connection.channel().pipeline().get(SslHandler.class) != null) {
                tlsConnections.incrementAndGet();
              }
            }));
      };
    }

    ClientTransport client(BoundServer server, @Nullable SslContext context) {
      int port = ((InetSocketAddress) server.address()).getPort();
      return switch (this) {
        case TCP -> context != null
            ? TcpClientTransport.create("localhost", port).secure(context)
            : TcpClientTransport.create("localhost", port);
        case WEBSOCKET -> context != null
            ? WebSocketClientTransport.create("localhost", port).secure(context)
            : WebSocketClientTransport.create("localhost", port);
      };
    }
  }

  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger tlsConnections = new AtomicInteger();
  private BoundServer server;
  private RSocketConnection client;

  private final RSocket responder = new RSocket() {
    @Override
    public Mono<Payload> requestResponse(Payload payload) {
      return Mono.just(payload);
    }

    @Override
    public Flux<Payload> requestStream(Payload payload) {
      int count = Integer.parseInt(payload.dataUtf8());
      payload.release();
      return Flux.range(0, count).map(i -> Payload.create("item-" + i));
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

  private void startServer(Kind kind, SslContext context) {
    server = RSocketServer.create((setup, requester) -> {
      accepted.incrementAndGet();
      return Mono.just(responder);
    }).bind(kind.server(context, tlsConnections)).block(TIMEOUT);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void requestResponseAndStreamTravelOverTls(Kind kind) {
    startServer(kind, TestCertificates.server());

    client = RSocketConnector.create()
        .connect(kind.client(server, TestCertificates.client())).block(TIMEOUT);

    StepVerifier.create(client.requestResponse(Payload.create("hello")).map(TlsEndToEndTests::text))
        .expectNext("hello")
        .expectComplete()
        .verify(TIMEOUT);
    StepVerifier.create(client.requestStream(Payload.create("3")).map(TlsEndToEndTests::text))
        .expectNext("item-0", "item-1", "item-2")
        .expectComplete()
        .verify(TIMEOUT);
    assertThat(tlsConnections).hasValue(1);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void plaintextClientIsDisconnectedWithoutReachingTheAcceptor(Kind kind) {
    startServer(kind, TestCertificates.server());

    StepVerifier.create(RSocketConnector.create().connect(kind.client(server, null))
            .flatMap(connection -> {
              client = connection;
              return connection.requestResponse(Payload.create("hello"));
            }))
        .expectError()
        .verify(TIMEOUT);
    assertThat(accepted).hasValue(0);
    assertThat(tlsConnections).hasValue(0);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void clientRejectsAServerCertificateItDoesNotTrust(Kind kind) {
    startServer(kind, TestCertificates.server());

    StepVerifier.create(RSocketConnector.create()
            .connect(kind.client(server, TestCertificates.clientTrustingDefaults())))
        .expectErrorSatisfies(error -> assertThat(error)
            .isInstanceOf(SSLHandshakeException.class)
            .hasRootCauseInstanceOf(CertPathBuilderException.class))
        .verify(TIMEOUT);
    assertThat(accepted).hasValue(0);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void requiredClientAuthenticationRejectsAClientWithoutACertificate(Kind kind) {
    startServer(kind, TestCertificates.server(ClientAuth.REQUIRE));

    StepVerifier.create(RSocketConnector.create()
            .connect(kind.client(server, TestCertificates.client()))
            .flatMap(connection -> {
              client = connection;
              return connection.requestResponse(Payload.create("hello"));
            }))
        .expectError()
        .verify(TIMEOUT);
    assertThat(accepted).hasValue(0);

    RSocketConnection withCertificate = RSocketConnector.create()
        .connect(kind.client(server, TestCertificates.clientWithCertificate())).block(TIMEOUT);
    try {
      StepVerifier.create(withCertificate.requestResponse(Payload.create("hello"))
              .map(TlsEndToEndTests::text))
          .expectNext("hello")
          .expectComplete()
          .verify(TIMEOUT);
    } finally {
      withCertificate.dispose();
      withCertificate.onClose().onErrorComplete().block(TIMEOUT);
    }
    assertThat(accepted).hasValue(1);
  }

  private static String text(Payload payload) {
    try {
      return payload.dataUtf8();
    } finally {
      payload.release();
    }
  }
}
