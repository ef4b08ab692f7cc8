package dev.duplex.rsocket.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.rsocket.messaging.RSocketRequester;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** RSocket over WebSocket on the WebFlux server's port, next to an HTTP endpoint. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
    classes = RSocketWebSocketNettyRouteProviderTests.WebFluxApp.class,
    properties = {"spring.rsocket.server.transport=websocket",
        "spring.rsocket.server.mapping-path=/rsocket"})
class RSocketWebSocketNettyRouteProviderTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Value("${local.server.port}")
  private int port;

  @Test
  void httpEndpointAndRSocketRouteShareThePort() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/hello"))
            .timeout(TIMEOUT).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("hello");

    RSocketRequester requester = RSocketRequester.builder()
        .websocket(URI.create("ws://127.0.0.1:" + this.port + "/rsocket"));
    try {
      assertThat(requester.route("echo").data("Hello").retrieveMono(String.class).block(TIMEOUT))
          .isEqualTo("Hello");
    } finally {
      requester.dispose();
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({HelloController.class, EchoController.class})
  static class WebFluxApp {
  }

  @RestController
  static class HelloController {

    @GetMapping("/hello")
    Mono<String> hello() {
      return Mono.just("hello");
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
