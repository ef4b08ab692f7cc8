package dev.duplex.rsocket.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.rsocket.messaging.RSocketRequester;
import dev.duplex.rsocket.messaging.RSocketStrategies;
import dev.duplex.rsocket.messaging.annotation.support.RSocketMessageHandler;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Controller;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * The demo on random ports, as configured by its {@code application.properties}: the WebFlux
 * server with the page and the RSocket WebSocket route {@code /rsocket}, and the TCP listener. The
 * demo client drives every interaction against the TCP listener, and a requester drives every
 * interaction over each of the two.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = "spring.rsocket.server.listeners[0].port=0")
@ExtendWith(OutputCaptureExtension.class)
class DemoApplicationTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @LocalServerPort
  private int httpPort;

  @Value("${local.rsocket.server.listeners[0].port}")
  private int tcpPort;

  @Autowired
  private ObjectProvider<RSocketRequester.Builder> builders;

  @Autowired
  private RSocketStrategies strategies;

  @Test
  void theClientDrivesEveryInteractionAndAnswersTheServersCallBack(CapturedOutput output) {
    DemoApplication.main(new String[] {"--demo.client", "--demo.server.port=" + tcpPort});

    assertThat(output)
        .contains("request-response: Greeting[name=Duplex, message=Hello, Duplex!]")
        .contains("request-response with a route variable: "
            + "Greeting[name=Duplex, message=Bonjour, Duplex!]")
        .contains("request-stream: Greeting[name=Duplex, message=Greeting #5 for Duplex]")
        .contains("request-channel: Greeting[name=Cy, message=Hi, Cy!]")
        .contains("The server called back: Welcome, demo-client")
        .contains("Every interaction worked");
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(output)
        .contains("Fire-and-forget received: the demo client was here")
        .contains("Metadata push received on route demo.announce")
        .contains("The client answered the call back: demo client, all well"));
  }

  @ParameterizedTest(name = "over {0}")
  @ValueSource(strings = {"tcp", "websocket"})
  void everyInteractionWorksOverEachTransport(String transport, CapturedOutput output)
      throws Exception {
    String clientName = "client over " + transport;
    ClientHandler handler = new ClientHandler(transport);
    RSocketRequester.Builder builder = this.builders.getObject()
        .setupRoute("demo.connect")
        .setupData(clientName)
        .rsocketConnector(connector -> connector.acceptor(
            RSocketMessageHandler.responder(this.strategies, handler)));
    RSocketRequester requester = transport.equals("tcp")
        ? builder.tcp("127.0.0.1", this.tcpPort)
        : builder.websocket(URI.create("ws://127.0.0.1:" + this.httpPort + "/rsocket"));
    try {
      StepVerifier.create(requester.route("greetings.hello").data("Ann")
              .retrieveMono(Greeting.class))
          .expectNext(new Greeting("Ann", "Hello, Ann!"))
          .expectComplete().verify(TIMEOUT);
      StepVerifier.create(requester.route("greetings.hello.{lang}", "de").data("Ann")
              .retrieveMono(Greeting.class))
          .expectNext(new Greeting("Ann", "Hallo, Ann!"))
          .expectComplete().verify(TIMEOUT);
      StepVerifier.create(requester.route("greetings.stream").data("Bo")
              .retrieveFlux(Greeting.class).map(Greeting::message))
          .expectNext("Greeting #1 for Bo", "Greeting #2 for Bo", "Greeting #3 for Bo",
              "Greeting #4 for Bo", "Greeting #5 for Bo")
          .expectComplete().verify(TIMEOUT);
      StepVerifier.create(requester.route("greetings.channel").data(Flux.just("Cy", "Di"))
              .retrieveFlux(Greeting.class))
          .expectNext(new Greeting("Cy", "Hi, Cy!"), new Greeting("Di", "Hi, Di!"))
          .expectComplete().verify(TIMEOUT);
      StepVerifier.create(requester.route("greetings.log").data("a line over " + transport)
              .send())
          .expectComplete().verify(TIMEOUT);
      StepVerifier.create(requester.route("demo.announce").sendMetadata())
          .expectComplete().verify(TIMEOUT);

      assertThat(handler.welcome.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
          .isEqualTo("Welcome, " + clientName);
      await().atMost(TIMEOUT).untilAsserted(() -> assertThat(output)
          .contains("Client '" + clientName + "' connected; calling it back")
          .contains("The client answered the call back: all well over " + transport)
          .contains("Fire-and-forget received: a line over " + transport)
          .contains("Metadata push received on route demo.announce"));
    } finally {
      requester.dispose();
    }
  }

  @Test
  void theWebFluxServerServesThePageAndItsScript() {
    WebClient client = WebClient.create("http://127.0.0.1:" + this.httpPort);

    assertThat(client.get().uri("/").retrieve().bodyToMono(String.class).block(TIMEOUT))
        .contains("<title>Duplex demo</title>").contains("<script src=\"app.js\">");
    // the bundle built by npm in generate-resources, rsocket-js included
    assertThat(client.get().uri("/app.js").retrieve().bodyToMono(String.class).block(TIMEOUT))
        .contains("message/x.rsocket.composite-metadata.v0").contains("greetings.stream");
  }

  @Test
  void actuatorShowsTheRSocketServersAndTheirMeters() {
    WebClient client = WebClient.create("http://127.0.0.1:" + this.httpPort);

    String health = client.get().uri("/actuator/health/rsocket").retrieve()
        .bodyToMono(String.class).block(TIMEOUT);
    assertThat(health).contains("\"status\":\"UP\"").contains("\"listeners-0\"")
        .contains("\"mapping-path\"").contains("\"path\":\"/rsocket\"");
    assertThat(client.get().uri("/actuator/rsocket").retrieve().bodyToMono(String.class)
        .block(TIMEOUT)).contains("\"servers\"").contains("\"listeners-0\"");
    assertThat(client.get().uri("/actuator/metrics/rsocket.connections.open").retrieve()
        .bodyToMono(String.class).block(TIMEOUT)).contains("\"rsocket.name\"");
  }

  /** Answers the server's call back, noting its welcome. */
  @Controller
  static class ClientHandler {

    private final String transport;

    private final CompletableFuture<String> welcome = new CompletableFuture<>();

    ClientHandler(String transport) {
      this.transport = transport;
    }

    @MessageMapping("client.status")
    String status(@Payload String welcome) {
      this.welcome.complete(welcome);
      return "all well over " + this.transport;
    }
  }
}
