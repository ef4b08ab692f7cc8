package dev.duplex.rsocket.boot.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.rsocket.messaging.RSocketRequester;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/**
 * {@link LocalRSocketServerPort @LocalRSocketServerPort} in a {@code @SpringBootTest} whose
 * auto-configured server listens on a random port: the initializer registered in
 * {@code spring.factories} publishes the port, and a request reaches a {@code @Controller}.
 */
@SpringBootTest(properties = "spring.rsocket.server.port=0",
    webEnvironment = SpringBootTest.WebEnvironment.NONE)
class LocalRSocketServerPortTests {

  @LocalRSocketServerPort
  private int port;

  @Autowired
  private Environment environment;

  @Autowired
  private RSocketRequester.Builder requesterBuilder;

  @Test
  void injectsTheBoundPort() {
    assertThat(this.port).isPositive();
    assertThat(this.environment.getProperty("local.rsocket.server.port", Integer.class))
        .isEqualTo(this.port);
  }

  @Test
  void requestReachesTheControllerOnTheInjectedPort() {
    RSocketRequester requester = this.requesterBuilder.tcp("127.0.0.1", this.port);
    try {
      String reply = requester.route("greet").data("Duplex").retrieveMono(String.class)
          .block(Duration.ofSeconds(10));
      assertThat(reply).isEqualTo("Hello, Duplex");
    } finally {
      requester.dispose();
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(GreetingController.class)
  static class TestApplication {
  }

  @Controller
  static class GreetingController {

    @MessageMapping("greet")
    Mono<String> greet(String name) {
      return Mono.just("Hello, " + name);
    }
  }
}
