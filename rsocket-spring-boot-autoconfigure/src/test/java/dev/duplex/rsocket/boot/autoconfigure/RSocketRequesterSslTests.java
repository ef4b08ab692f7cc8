package dev.duplex.rsocket.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.core.RSocketServer;
import dev.duplex.rsocket.messaging.RSocketRequester;
import dev.duplex.rsocket.test.TestCertificates;
import dev.duplex.rsocket.transport.BoundServer;
import dev.duplex.rsocket.transport.ServerTransport;
import dev.duplex.rsocket.transport.tcp.TcpServerTransport;
import dev.duplex.rsocket.transport.websocket.WebSocketServerTransport;
import java.net.InetSocketAddress;
import java.security.cert.CertPathBuilderException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Mono;

/** {@code spring.rsocket.client.ssl.*}: the requester bean over TLS. */
class RSocketRequesterSslTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final String TLS = "classpath:" + TestCertificates.DIRECTORY;

  private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class,
          RSocketStrategiesAutoConfiguration.class, RSocketRequesterAutoConfiguration.class))
      .withPropertyValues(
          "spring.ssl.bundle.jks.trusting.truststore.location=" + TLS + "truststore.p12",
          "spring.ssl.bundle.jks.trusting.truststore.password=secret");

  private @Nullable BoundServer server;

  @AfterEach
  void stopServer() {
    BoundServer server = this.server;
    if (server != null) {
      server.dispose();
      server.onClose().onErrorComplete().block(TIMEOUT);
    }
  }

  @Test
  void tcpRequesterTrustsTheBundle() {
    int port = start(TcpServerTransport.create("127.0.0.1", 0).secure(TestCertificates.server()));

    this.contextRunner
        .withPropertyValues("spring.rsocket.client.port=" + port,
            "spring.rsocket.client.ssl.bundle=trusting")
        .run(context -> assertThat(echo(context.getBean(RSocketRequester.class)))
            .isEqualTo("Hello"));
  }

  @Test
  void wssRequesterTrustsTheBundle() {
    int port = start(WebSocketServerTransport.create("127.0.0.1", 0)
        .secure(TestCertificates.server()));

    this.contextRunner
        .withPropertyValues("spring.rsocket.client.transport=websocket",
            "spring.rsocket.client.uri=wss://localhost:" + port + "/",
            "spring.rsocket.client.ssl.bundle=trusting")
        .run(context -> assertThat(echo(context.getBean(RSocketRequester.class)))
            .isEqualTo("Hello"));
  }

  @Test
  void enabledWithoutABundleTrustsOnlyTheJvmAuthorities() {
    int port = start(TcpServerTransport.create("127.0.0.1", 0).secure(TestCertificates.server()));

    this.contextRunner
        .withPropertyValues("spring.rsocket.client.port=" + port,
            "spring.rsocket.client.ssl.enabled=true")
        .run(context -> assertThatException()
            .isThrownBy(() -> echo(context.getBean(RSocketRequester.class)))
            .withRootCauseInstanceOf(CertPathBuilderException.class));
  }

  @Test
  void disabledSslConnectsInPlaintextDespiteABundle() {
    int port = start(TcpServerTransport.create("127.0.0.1", 0));

    this.contextRunner
        .withPropertyValues("spring.rsocket.client.port=" + port,
            "spring.rsocket.client.ssl.bundle=trusting",
            "spring.rsocket.client.ssl.enabled=false")
        .run(context -> assertThat(echo(context.getBean(RSocketRequester.class)))
            .isEqualTo("Hello"));
  }

  @Test
  void missingBundleFailsStartupNamingTheProperty() {
    this.contextRunner
        .withPropertyValues("spring.rsocket.client.port=7000",
            "spring.rsocket.client.ssl.bundle=missing")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause().hasMessage(
              "spring.rsocket.client.ssl.bundle 'missing' is not defined; define it under "
                  + "spring.ssl.bundle.jks.missing or spring.ssl.bundle.pem.missing");
        });
  }

  @Test
  void sslWithAPlainWebSocketUriFailsStartupNamingTheProperties() {
    this.contextRunner
        .withPropertyValues("spring.rsocket.client.transport=websocket",
            "spring.rsocket.client.uri=ws://localhost:8080/rsocket",
            "spring.rsocket.client.ssl.enabled=true")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause().hasMessage(
              "spring.rsocket.client.ssl is enabled, but spring.rsocket.client.uri is "
                  + "ws://localhost:8080/rsocket; use a wss:// URI for TLS");
        });
  }

  @Test
  void disabledSslWithASecureWebSocketUriFailsStartupNamingTheProperties() {
    this.contextRunner
        .withPropertyValues("spring.rsocket.client.transport=websocket",
            "spring.rsocket.client.uri=wss://localhost:8443/rsocket",
            "spring.rsocket.client.ssl.enabled=false")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause().hasMessage(
              "spring.rsocket.client.ssl.enabled is false, but spring.rsocket.client.uri is "
                  + "wss://localhost:8443/rsocket; use a ws:// URI for plaintext");
        });
  }

  private int start(ServerTransport transport) {
    BoundServer server = RSocketServer.create(SocketAcceptor.with(new RSocket() {
      @Override
      public Mono<Payload> requestResponse(Payload payload) {
        return Mono.just(payload);
      }
    })).bind(transport).block(TIMEOUT);
    assertThat(server).isNotNull();
    this.server = server;
    return ((InetSocketAddress) server.address()).getPort();
  }

  private static @Nullable String echo(RSocketRequester requester) {
    return requester.route("echo").data("Hello").retrieveMono(String.class).block(TIMEOUT);
  }
}
