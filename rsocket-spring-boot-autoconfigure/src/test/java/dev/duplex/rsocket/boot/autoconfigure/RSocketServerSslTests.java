package dev.duplex.rsocket.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.rsocket.boot.context.RSocketListenersBootstrap;
import dev.duplex.rsocket.boot.context.RSocketServerBootstrap;
import dev.duplex.rsocket.messaging.RSocketRequester;
import dev.duplex.rsocket.test.TestCertificates;
import dev.duplex.rsocket.transport.ClientTransport;
import dev.duplex.rsocket.transport.tcp.TcpClientTransport;
import dev.duplex.rsocket.transport.websocket.WebSocketClientTransport;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** {@code spring.rsocket.server.ssl.*}: TLS of the standalone server and the listeners. */
class RSocketServerSslTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final String TLS = "classpath:" + TestCertificates.DIRECTORY;

  private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class,
          RSocketStrategiesAutoConfiguration.class, RSocketMessagingAutoConfiguration.class,
          RSocketServerAutoConfiguration.class))
      .withUserConfiguration(EchoController.class)
      .withPropertyValues("spring.rsocket.server.address=127.0.0.1");

  @Test
  void tlsFromAKeyStore() {
    this.contextRunner
        .withPropertyValues("spring.rsocket.server.port=0",
            "spring.rsocket.server.ssl.key-store=" + TLS + "server.jks",
            "spring.rsocket.server.ssl.key-store-type=JKS",
            "spring.rsocket.server.ssl.key-store-password=secret")
        .run(context -> {
          int port = port(context);
          assertThat(echo(tls(port), "Hello")).isEqualTo("Hello");
          assertThat(failure(TcpClientTransport.create("localhost", port))).isNotNull();
        });
  }

  @Test
  void tlsFromAPemCertificateOverWebSocket() {
    this.contextRunner
        .withPropertyValues("spring.rsocket.server.port=0",
            "spring.rsocket.server.transport=websocket",
            "spring.rsocket.server.ssl.certificate=" + TLS + "server-cert.pem",
            "spring.rsocket.server.ssl.certificate-private-key=" + TLS + "server-key.pem")
        .run(context -> {
          int port = port(context);
          assertThat(echo(WebSocketClientTransport.create("localhost", port)
              .secure(TestCertificates.client()), "Hello")).isEqualTo("Hello");
          assertThat(failure(WebSocketClientTransport.create("localhost", port))).isNotNull();
        });
  }

  @Test
  void tlsFromABundle() {
    this.contextRunner
        .withPropertyValues("spring.rsocket.server.port=0",
            "spring.rsocket.server.ssl.bundle=rsocket",
            "spring.ssl.bundle.jks.rsocket.keystore.location=" + TLS + "server.p12",
            "spring.ssl.bundle.jks.rsocket.keystore.password=secret",
            "spring.ssl.bundle.jks.rsocket.keystore.type=PKCS12")
        .run(context -> assertThat(echo(tls(port(context)), "Hello")).isEqualTo("Hello"));
  }

  @Test
  void tlsFromAPemBundle() {
    this.contextRunner
        .withPropertyValues("spring.rsocket.server.port=0",
            "spring.rsocket.server.ssl.bundle=rsocket",
            "spring.ssl.bundle.pem.rsocket.keystore.certificate=" + TLS + "server-cert.pem",
            "spring.ssl.bundle.pem.rsocket.keystore.private-key=" + TLS + "server-key.pem")
        .run(context -> assertThat(echo(tls(port(context)), "Hello")).isEqualTo("Hello"));
  }

  @Test
  void missingBundleFailsStartupNamingTheProperty() {
    this.contextRunner
        .withPropertyValues("spring.rsocket.server.port=0",
            "spring.rsocket.server.ssl.bundle=missing")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause().hasMessage(
              "spring.rsocket.server.ssl.bundle 'missing' is not defined; define it under "
                  + "spring.ssl.bundle.jks.missing or spring.ssl.bundle.pem.missing");
        });
  }

  @Test
  void bundleAndKeyStoreBothSetFailStartupNamingTheProperties() {
    this.contextRunner
        .withPropertyValues("spring.rsocket.server.port=0",
            "spring.rsocket.server.ssl.bundle=rsocket",
            "spring.rsocket.server.ssl.key-store=" + TLS + "server.p12",
            "spring.ssl.bundle.jks.rsocket.keystore.location=" + TLS + "server.p12",
            "spring.ssl.bundle.jks.rsocket.keystore.password=secret")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause().hasMessage(
              "spring.rsocket.server.ssl.bundle and spring.rsocket.server.ssl.key-store are both "
                  + "set; use the bundle or the key store");
        });
  }

  @Test
  void enabledWithoutAKeyFailsStartupNamingTheProperties() {
    this.contextRunner
        .withPropertyValues("spring.rsocket.server.port=0",
            "spring.rsocket.server.ssl.client-auth=need")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause().hasMessage(
              "spring.rsocket.server.ssl is enabled, but no key is set; set "
                  + "spring.rsocket.server.ssl.bundle, spring.rsocket.server.ssl.key-store, or "
                  + "spring.rsocket.server.ssl.certificate and "
                  + "spring.rsocket.server.ssl.certificate-private-key "
                  + "(or spring.rsocket.server.ssl.enabled=false)");
        });
  }

  @Test
  void serverNameBundlesFailStartupNamingTheProperty() {
    this.contextRunner
        .withPropertyValues("spring.rsocket.server.port=0",
            "spring.rsocket.server.ssl.bundle=rsocket",
            "spring.rsocket.server.ssl.server-name-bundles[0].server-name=example.com",
            "spring.rsocket.server.ssl.server-name-bundles[0].bundle=rsocket")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause().hasMessage(
              "spring.rsocket.server.ssl.server-name-bundles is set, but RSocket servers take one "
                  + "certificate (no SNI); use spring.rsocket.server.ssl.bundle");
        });
  }

  @Test
  void wrongKeyStorePasswordFailsStartupNamingTheProperty() {
    this.contextRunner
        .withPropertyValues("spring.rsocket.server.port=0",
            "spring.rsocket.server.ssl.key-store=" + TLS + "server.p12",
            "spring.rsocket.server.ssl.key-store-password=wrong")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).hasMessageContaining(
              "spring.rsocket.server.ssl cannot be used: ");
        });
  }

  @Test
  void requiredClientAuthenticationRejectsAClientWithoutACertificate() {
    this.contextRunner
        .withPropertyValues("spring.rsocket.server.port=0",
            "spring.rsocket.server.ssl.key-store=" + TLS + "server.p12",
            "spring.rsocket.server.ssl.key-store-password=secret",
            "spring.rsocket.server.ssl.trust-store=" + TLS + "truststore.p12",
            "spring.rsocket.server.ssl.trust-store-password=secret",
            "spring.rsocket.server.ssl.client-auth=need")
        .run(context -> {
          int port = port(context);
          assertThat(failure(TcpClientTransport.create("localhost", port)
              .secure(TestCertificates.client()))).isNotNull();
          assertThat(echo(TcpClientTransport.create("localhost", port)
              .secure(TestCertificates.clientWithCertificate()), "Hello")).isEqualTo("Hello");
        });
  }

  @Test
  void listenersUseTheMainServerSslUnlessTheyHaveTheirOwn() {
    this.contextRunner
        .withPropertyValues("spring.rsocket.server.port=0",
            "spring.rsocket.server.ssl.key-store=" + TLS + "server.p12",
            "spring.rsocket.server.ssl.key-store-password=secret",
            "spring.rsocket.server.listeners[0].port=0",
            "spring.rsocket.server.listeners[0].transport=websocket",
            "spring.rsocket.server.listeners[1].port=0",
            "spring.rsocket.server.listeners[1].ssl.enabled=false")
        .run(context -> {
          assertThat(echo(tls(port(context)), "main")).isEqualTo("main");
          assertThat(echo(WebSocketClientTransport.create("localhost", listenerPort(context, 0))
              .secure(TestCertificates.client()), "wss")).isEqualTo("wss");
          assertThat(echo(TcpClientTransport.create("localhost", listenerPort(context, 1)),
              "plain")).isEqualTo("plain");
        });
  }

  @Test
  void listenerWithAMissingBundleFailsStartupNamingItsProperty() {
    this.contextRunner
        .withPropertyValues("spring.rsocket.server.listeners[0].port=0",
            "spring.rsocket.server.listeners[0].ssl.bundle=missing")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause().hasMessage(
              "spring.rsocket.server.listeners[0].ssl.bundle 'missing' is not defined; define it "
                  + "under spring.ssl.bundle.jks.missing or spring.ssl.bundle.pem.missing");
        });
  }

  @Test
  void sslWithOnlyTheRouteFailsStartupNamingServerSsl() {
    new ReactiveWebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class,
            RSocketStrategiesAutoConfiguration.class, RSocketMessagingAutoConfiguration.class,
            RSocketServerAutoConfiguration.class))
        .withUserConfiguration(EchoController.class)
        .withPropertyValues("spring.rsocket.server.transport=websocket",
            "spring.rsocket.server.mapping-path=/rsocket",
            "spring.rsocket.server.ssl.key-store=" + TLS + "server.p12")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause().hasMessage(
              "spring.rsocket.server.ssl is set, but the RSocket route on "
                  + "spring.rsocket.server.mapping-path is served by the web server, whose TLS is "
                  + "configured with server.ssl.*; move the settings there, or set "
                  + "spring.rsocket.server.port for a standalone server");
        });
  }

  private static TcpClientTransport tls(int port) {
    return TcpClientTransport.create("localhost", port).secure(TestCertificates.client());
  }

  private static int port(AssertableApplicationContext context) {
    assertThat(context).hasNotFailed();
    InetSocketAddress address = context.getBean(RSocketServerBootstrap.class).getServer().address();
    assertThat(address).isNotNull();
    return address.getPort();
  }

  private static int listenerPort(AssertableApplicationContext context, int index) {
    InetSocketAddress address =
        context.getBean(RSocketListenersBootstrap.class).getServers().get(index).address();
    assertThat(address).isNotNull();
    return address.getPort();
  }

  private static @Nullable String echo(ClientTransport transport, String data) {
    RSocketRequester requester = RSocketRequester.builder().transport(transport);
    try {
      return requester.route("echo").data(data).retrieveMono(String.class).block(TIMEOUT);
    } finally {
      requester.dispose();
    }
  }

  /** The failure of a request over {@code transport}, or null if it succeeds. */
  private static @Nullable Throwable failure(ClientTransport transport) {
    RSocketRequester requester = RSocketRequester.builder().transport(transport);
    try {
      requester.route("echo").data("Hello").retrieveMono(String.class).block(TIMEOUT);
      return null;
    } catch (RuntimeException ex) {
      return ex;
    } finally {
      requester.dispose();
    }
  }

  @Controller
  static class EchoController {

    @MessageMapping("echo")
    Mono<String> echo(String data) {
      return Mono.just(data);
    }
  }
}
