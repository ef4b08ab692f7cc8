package dev.duplex.rsocket.interop;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.core.RSocketServer;
import dev.duplex.rsocket.test.TestCertificates;
import dev.duplex.rsocket.transport.BoundServer;
import dev.duplex.rsocket.transport.ServerTransport;
import dev.duplex.rsocket.transport.tcp.TcpServerTransport;
import dev.duplex.rsocket.transport.websocket.WebSocketServerTransport;
import io.rsocket.core.RSocketConnector;
import io.rsocket.transport.ClientTransport;
import io.rsocket.transport.netty.client.TcpClientTransport;
import io.rsocket.transport.netty.client.WebsocketClientTransport;
import io.rsocket.util.DefaultPayload;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.tcp.TcpClient;
import reactor.test.StepVerifier;

/**
 * Our server over TLS, rsocket-java 1.1.5 as the client over TLS (TCP, and WebSocket with the
 * sub-protocol and compression negotiated), on 127.0.0.1.
 */
class DuplexServerRSocketJavaClientTlsTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private BoundServer server;
  private io.rsocket.RSocket client;

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

  @ParameterizedTest
  @EnumSource(InteropTransport.class)
  void rsocketJavaClientTalksToOurServerOverTls(InteropTransport transport) {
    ServerTransport serverTransport = transport == InteropTransport.TCP
        ? TcpServerTransport.create("127.0.0.1", 0).secure(TestCertificates.server())
        : WebSocketServerTransport.create("127.0.0.1", 0).secure(TestCertificates.server())
            .protocols("rsocket").compress(true);
    server = RSocketServer.create(SocketAcceptor.with(responder)).bind(serverTransport)
        .block(TIMEOUT);
    int port = ((InetSocketAddress) server.address()).getPort();
    ClientTransport clientTransport = transport == InteropTransport.TCP
        ? TcpClientTransport.create(TcpClient.create().host("localhost").port(port)
            .secure(spec -> spec.sslContext(TestCertificates.client())))
        : WebsocketClientTransport.create(HttpClient.create().host("localhost").port(port)
                .secure(spec -> spec.sslContext(TestCertificates.client())), "/")
            .webSocketSpec(spec -> spec.protocols("rsocket").compress(true));
    client = RSocketConnector.create().connect(clientTransport).block(TIMEOUT);

    StepVerifier.create(client.requestResponse(DefaultPayload.create("hello"))
            .map(io.rsocket.Payload::getDataUtf8))
        .expectNext("hello")
        .expectComplete()
        .verify(TIMEOUT);
    StepVerifier.create(client.requestStream(DefaultPayload.create("3"))
            .map(io.rsocket.Payload::getDataUtf8))
        .expectNext("item-0", "item-1", "item-2")
        .expectComplete()
        .verify(TIMEOUT);
  }
}
