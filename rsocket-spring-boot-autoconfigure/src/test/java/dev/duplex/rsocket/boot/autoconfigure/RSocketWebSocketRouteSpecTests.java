package dev.duplex.rsocket.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.rsocket.messaging.RSocketRequester;
import dev.duplex.rsocket.transport.websocket.WebSocketClientTransport;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** {@code spring.rsocket.server.spec.*} reaching the RSocket route of a real WebFlux server. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
    classes = RSocketWebSocketRouteSpecTests.WebFluxApp.class,
    properties = {"spring.rsocket.server.transport=websocket",
        "spring.rsocket.server.mapping-path=/rsocket",
        "spring.rsocket.server.spec.protocols=rsocket",
        "spring.rsocket.server.spec.compress=true",
        "spring.rsocket.server.spec.handle-ping=true"})
class RSocketWebSocketRouteSpecTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Value("${local.server.port}")
  private int port;

  @Test
  void handshakeNegotiatesTheSubProtocolAndCompression() {
    assertThat(RSocketServerSpecTests.handshake(this.port, "/rsocket", "rsocket"))
        .containsExactly("rsocket", "permessage-deflate");

    RSocketRequester requester = RSocketRequester.builder()
        .transport(WebSocketClientTransport.create("127.0.0.1", this.port).path("/rsocket")
            .protocols("rsocket"));
    try {
      assertThat(requester.route("echo").data("Hello").retrieveMono(String.class).block(TIMEOUT))
          .isEqualTo("Hello");
    } finally {
      requester.dispose();
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(EchoController.class)
  static class WebFluxApp {
  }

  @Controller
  static class EchoController {

    @MessageMapping("echo")
    Mono<String> echo(String data) {
      return Mono.just(data);
    }
  }
}
