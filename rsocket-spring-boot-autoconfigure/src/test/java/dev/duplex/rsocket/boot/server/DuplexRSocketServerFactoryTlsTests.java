package dev.duplex.rsocket.boot.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.messaging.RSocketRequester;
import dev.duplex.rsocket.test.TestCertificates;
import dev.duplex.rsocket.transport.ClientTransport;
import dev.duplex.rsocket.transport.tcp.TcpClientTransport;
import dev.duplex.rsocket.transport.websocket.WebSocketClientTransport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.jks.JksSslStoreBundle;
import org.springframework.boot.ssl.jks.JksSslStoreDetails;
import org.springframework.boot.web.server.Ssl;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.websocket.WebsocketInbound;

/**
 * Tests for {@link DuplexRSocketServerFactory}'s TLS, from Spring Boot's {@link Ssl}, and its
 * WebSocket options, without an application context.
 */
class DuplexRSocketServerFactoryTlsTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final String TLS = "classpath:" + TestCertificates.DIRECTORY;

  private final SocketAcceptor echo = SocketAcceptor.with(new RSocket() {
    @Override
    public Mono<Payload> requestResponse(Payload payload) {
      return Mono.just(payload);
    }
  });

  private @Nullable DuplexRSocketServer server;

  @AfterEach
  void stop() {
    if (this.server != null) {
      this.server.stop();
    }
  }

  @Test
  void tcpServerWithAKeyStoreServesTlsAndRejectsPlaintext() {
    Ssl ssl = new Ssl();
    ssl.setKeyStore(TLS + "server.jks");
    ssl.setKeyStoreType("JKS");
    ssl.setKeyStorePassword(TestCertificates.PASSWORD);
    int port = start(factory(DuplexRSocketServer.Transport.TCP, ssl));

    assertThat(requestOver(TcpClientTransport.create("localhost", port)
        .secure(TestCertificates.client()))).isEqualTo("ping");
    assertThat(failureOver(TcpClientTransport.create("localhost", port))).isNotNull();
  }

  @Test
  void webSocketServerWithAPemCertificateServesWss() {
    Ssl ssl = new Ssl();
    ssl.setCertificate(TLS + "server-cert.pem");
    ssl.setCertificatePrivateKey(TLS + "server-key.pem");
    int port = start(factory(DuplexRSocketServer.Transport.WEBSOCKET, ssl));

    assertThat(requestOver(WebSocketClientTransport.create("localhost", port)
        .secure(TestCertificates.client()))).isEqualTo("ping");
    assertThat(failureOver(WebSocketClientTransport.create("localhost", port))).isNotNull();
  }

  @Test
  void serverWithABundleServesTls() {
    DefaultSslBundleRegistry bundles = new DefaultSslBundleRegistry();
    bundles.registerBundle("rsocket", SslBundle.of(new JksSslStoreBundle(
        new JksSslStoreDetails("PKCS12", null, TLS + "server.p12", TestCertificates.PASSWORD),
        null)));
    DuplexRSocketServerFactory factory =
        factory(DuplexRSocketServer.Transport.TCP, Ssl.forBundle("rsocket"));
    factory.setSslBundles(bundles);
    int port = start(factory);

    assertThat(requestOver(TcpClientTransport.create("localhost", port)
        .secure(TestCertificates.client()))).isEqualTo("ping");
  }

  @Test
  void requiredClientAuthenticationRejectsAClientWithoutACertificate() {
    Ssl ssl = new Ssl();
    ssl.setKeyStore(TLS + "server.p12");
    ssl.setKeyStorePassword(TestCertificates.PASSWORD);
    ssl.setTrustStore(TLS + "truststore.p12");
    ssl.setTrustStorePassword(TestCertificates.PASSWORD);
    ssl.setClientAuth(Ssl.ClientAuth.NEED);
    int port = start(factory(DuplexRSocketServer.Transport.TCP, ssl));

    assertThat(failureOver(TcpClientTransport.create("localhost", port)
        .secure(TestCertificates.client()))).isNotNull();
    assertThat(requestOver(TcpClientTransport.create("localhost", port)
        .secure(TestCertificates.clientWithCertificate()))).isEqualTo("ping");
  }

  @Test
  void disabledSslServesPlaintext() {
    Ssl ssl = new Ssl();
    ssl.setEnabled(false);
    ssl.setKeyStore(TLS + "server.p12");
    int port = start(factory(DuplexRSocketServer.Transport.TCP, ssl));

    assertThat(requestOver(TcpClientTransport.create("localhost", port))).isEqualTo("ping");
  }

  @Test
  void missingBundleFailsCreation() {
    DuplexRSocketServerFactory factory =
        factory(DuplexRSocketServer.Transport.TCP, Ssl.forBundle("missing"));
    factory.setSslBundles(new DefaultSslBundleRegistry());

    assertThatIllegalStateException().isThrownBy(() -> factory.create(this.echo))
        .withMessageStartingWith("Unable to configure TLS for the RSocket server: ")
        .withMessageContaining("'missing'");
  }

  @Test
  void webSocketOptionsReachTheHandshake() {
    DuplexRSocketServerFactory factory = factory(DuplexRSocketServer.Transport.WEBSOCKET, null);
    factory.setProtocols(List.of("rsocket", "rsocket.v1"));
    factory.setCompress(true);
    factory.setHandlePing(true);
    factory.setMaxFramePayloadLength(1024);
    int port = start(factory);

    Connection raw = HttpClient.newConnection()
        .websocket(WebsocketClientSpec.builder().protocols("rsocket.v1").compress(true).build())
        .uri("ws://127.0.0.1:" + port + "/")
        .connect()
        .block(TIMEOUT);
    assertThat(raw).isNotNull();
    try {
      WebsocketInbound inbound = (WebsocketInbound) raw;
      assertThat(inbound.selectedSubprotocol()).isEqualTo("rsocket.v1");
      assertThat(inbound.headers().get("sec-websocket-extensions"))
          .startsWith("permessage-deflate");
    } finally {
      raw.dispose();
      raw.onDispose().block(TIMEOUT);
    }
    WebSocketClientTransport client =
        WebSocketClientTransport.create("127.0.0.1", port).protocols("rsocket");
    assertThat(requestOver(client)).isEqualTo("ping");
    // a 2 KiB request is a message above the 1 KiB limit: the server closes the connection
    assertThat(failureOver(client, "x".repeat(2048))).isNotNull();
  }

  private DuplexRSocketServerFactory factory(DuplexRSocketServer.Transport transport,
      @Nullable Ssl ssl) {
    DuplexRSocketServerFactory factory = new DuplexRSocketServerFactory();
    factory.setPort(0);
    factory.setAddress(InetAddress.getLoopbackAddress());
    factory.setTransport(transport);
    factory.setSsl(ssl);
    return factory;
  }

  private int start(DuplexRSocketServerFactory factory) {
    DuplexRSocketServer server = factory.create(this.echo);
    this.server = server;
    server.start();
    InetSocketAddress address = server.address();
    assertThat(address).isNotNull();
    return address.getPort();
  }

  private static @Nullable String requestOver(ClientTransport transport) {
    RSocketRequester requester = RSocketRequester.builder().transport(transport);
    try {
      return requester.route("any").data("ping").retrieveMono(String.class).block(TIMEOUT);
    } finally {
      requester.dispose();
    }
  }

  private static @Nullable Throwable failureOver(ClientTransport transport) {
    return failureOver(transport, "ping");
  }

  /** The failure of a request over {@code transport}, or null if it succeeds. */
  private static @Nullable Throwable failureOver(ClientTransport transport, String data) {
    RSocketRequester requester = RSocketRequester.builder().transport(transport);
    try {
      requester.route("any").data(data).retrieveMono(String.class).block(TIMEOUT);
      return null;
    } catch (RuntimeException ex) {
      return ex;
    } finally {
      requester.dispose();
    }
  }
}
