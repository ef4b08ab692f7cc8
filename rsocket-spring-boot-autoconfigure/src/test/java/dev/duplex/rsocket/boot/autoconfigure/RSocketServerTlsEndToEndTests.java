package dev.duplex.rsocket.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import dev.duplex.rsocket.boot.context.LocalRSocketServerPort;
import dev.duplex.rsocket.messaging.RSocketRequester;
import dev.duplex.rsocket.test.TestCertificates;
import dev.duplex.rsocket.transport.tcp.TcpClientTransport;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/**
 * A Spring Boot application with a TLS RSocket server over TCP on a random port, from an SSL
 * bundle: a TLS requester gets answers, a plaintext one is refused.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE,
    classes = RSocketServerTlsEndToEndTests.TlsApp.class,
    properties = {"spring.rsocket.server.port=0",
        "spring.rsocket.server.address=127.0.0.1",
        "spring.rsocket.server.ssl.bundle=rsocket-server",
        "spring.ssl.bundle.pem.rsocket-server.keystore.certificate="
            + "classpath:dev/duplex/rsocket/tls/server-cert.pem",
        "spring.ssl.bundle.pem.rsocket-server.keystore.private-key="
            + "classpath:dev/duplex/rsocket/tls/server-key.pem"})
class RSocketServerTlsEndToEndTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @LocalRSocketServerPort
  private int port;

  @Autowired
  private RSocketRequester.Builder builder;

  @Test
  void tlsRequesterIsAnswered() {
    RSocketRequester requester = this.builder.transport(
        TcpClientTransport.create("localhost", this.port).secure(TestCertificates.client()));
    try {
      assertThat(requester.route("echo").data("Hello").retrieveMono(String.class).block(TIMEOUT))
          .isEqualTo("Hello");
    } finally {
      requester.dispose();
    }
  }

  @Test
  void plaintextRequesterIsRefused() {
    RSocketRequester requester = this.builder.tcp("localhost", this.port);
    try {
      assertThatException().isThrownBy(() ->
          requester.route("echo").data("Hello").retrieveMono(String.class).block(TIMEOUT));
    } finally {
      requester.dispose();
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(EchoController.class)
  static class TlsApp {
  }

  @Controller
  static class EchoController {

    @MessageMapping("echo")
    Mono<String> echo(String data) {
      return Mono.just(data);
    }
  }
}
