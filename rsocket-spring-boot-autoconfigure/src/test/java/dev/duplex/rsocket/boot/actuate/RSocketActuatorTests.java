package dev.duplex.rsocket.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.rsocket.boot.context.RSocketListenersBootstrap;
import dev.duplex.rsocket.messaging.RSocketRequester;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.stereotype.Controller;
import org.springframework.test.annotation.DirtiesContext;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Actuator on a WebFlux application with the RSocket route inside it and a TCP listener: the
 * {@code rsocket} health components with their details, turning DOWN when a server stops; the
 * connection meters under {@code /actuator/metrics}; the {@code rsocket} endpoint listing a live
 * connection.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
    classes = RSocketActuatorTests.App.class,
    properties = {"spring.rsocket.server.transport=websocket",
        "spring.rsocket.server.mapping-path=/rsocket",
        "spring.rsocket.server.listeners[0].transport=tcp",
        "spring.rsocket.server.listeners[0].port=0",
        "management.endpoints.web.exposure.include=health,metrics,rsocket",
        "management.endpoint.health.show-details=always"})
class RSocketActuatorTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  private final JsonMapper json = JsonMapper.builder().build();

  @Value("${local.server.port}")
  private int httpPort;

  @Value("${local.rsocket.server.listeners[0].port}")
  private int listenerPort;

  @Autowired
  private RSocketRequester.Builder requesterBuilder;

  @Autowired
  private HeldStream heldStream;

  private RSocketRequester requester;

  @AfterEach
  void disposeRequester() {
    if (this.requester != null) {
      this.requester.dispose();
    }
  }

  @Test
  void healthShowsEachServerWithItsDetails() throws Exception {
    JsonNode health = get("/actuator/health/rsocket", 200);

    assertThat(health.path("status").asString()).isEqualTo("UP");
    JsonNode listener = health.path("components").path("listeners-0");
    assertThat(listener.path("status").asString()).isEqualTo("UP");
    assertThat(listener.path("details").path("transport").asString()).isEqualTo("tcp");
    assertThat(listener.path("details").path("port").asInt()).isEqualTo(this.listenerPort);
    assertThat(listener.path("details").path("connections").asInt()).isZero();
    JsonNode route = health.path("components").path("mapping-path");
    assertThat(route.path("status").asString()).isEqualTo("UP");
    assertThat(route.path("details").path("transport").asString()).isEqualTo("websocket");
    assertThat(route.path("details").path("path").asString()).isEqualTo("/rsocket");
  }

  @Test
  void endpointHealthAndMetricsShowALiveConnection() throws Exception {
    this.requester = this.requesterBuilder.tcp("127.0.0.1", this.listenerPort);
    assertThat(this.requester.route("echo").data("hi").retrieveMono(String.class).block(TIMEOUT))
        .isEqualTo("hi");
    Disposable stream = this.requester.route("held").retrieveFlux(String.class).subscribe();
    try {
      await().atMost(TIMEOUT).until(this.heldStream::isSubscribed);

      JsonNode connections = get("/actuator/rsocket", 200).path("servers").path("listeners-0")
          .path("connections");
      assertThat(connections.size()).isEqualTo(1);
      JsonNode connection = connections.get(0);
      assertThat(connection.path("remoteAddress").asString()).contains("127.0.0.1");
      // CBOR is the first codec of the auto-configured strategies, as in Spring Boot
      assertThat(connection.path("dataMimeType").asString()).isEqualTo("application/cbor");
      assertThat(connection.path("metadataMimeType").asString())
          .isEqualTo("message/x.rsocket.composite-metadata.v0");
      assertThat(connection.path("keepAliveInterval").isMissingNode()).isFalse();
      assertThat(connection.path("activeStreams").asInt()).isEqualTo(1);

      assertThat(get("/actuator/health/rsocket", 200).path("components").path("listeners-0")
          .path("details").path("connections").asInt()).isEqualTo(1);
      assertThat(measurement("rsocket.connections.open?tag=rsocket.name:listeners-0")).isEqualTo(1);
      assertThat(measurement("rsocket.streams.active?tag=rsocket.name:listeners-0"
          + "&tag=rsocket.interaction:request-stream&tag=rsocket.role:responder")).isEqualTo(1);
      assertThat(measurement("rsocket.frames?tag=rsocket.name:listeners-0"
          + "&tag=rsocket.direction:in&tag=rsocket.frame.type:request-response")).isEqualTo(1);
      assertThat(measurement("rsocket.frames?tag=rsocket.side:client"
          + "&tag=rsocket.direction:out&tag=rsocket.frame.type:request-response")).isEqualTo(1);
    } finally {
      stream.dispose();
    }
  }

  @Test
  @DirtiesContext
  void healthTurnsDownWhenAServerStops(@Autowired RSocketListenersBootstrap listeners)
      throws Exception {
    listeners.stop();

    JsonNode health = get("/actuator/health/rsocket", 503);
    assertThat(health.path("status").asString()).isEqualTo("DOWN");
    assertThat(health.path("components").path("listeners-0").path("status").asString())
        .isEqualTo("DOWN");
    assertThat(health.path("components").path("mapping-path").path("status").asString())
        .isEqualTo("UP");
  }

  private double measurement(String query) throws Exception {
    return get("/actuator/metrics/" + query, 200).path("measurements").get(0).path("value")
        .asDouble();
  }

  private JsonNode get(String path, int status) throws Exception {
    HttpResponse<String> response = this.http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + path))
            .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(status);
    return this.json.readTree(response.body());
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(RSocketController.class)
  static class App {

    @Bean
    HeldStream heldStream() {
      return new HeldStream();
    }
  }

  /** A stream that stays open until the test ends it. */
  static class HeldStream {

    private final Sinks.Many<String> sink = Sinks.many().multicast().directBestEffort();

    boolean isSubscribed() {
      return this.sink.currentSubscriberCount() > 0;
    }

    Flux<String> flux() {
      return this.sink.asFlux();
    }
  }

  @Controller
  static class RSocketController {

    private final HeldStream heldStream;

    RSocketController(HeldStream heldStream) {
      this.heldStream = heldStream;
    }

    @MessageMapping("echo")
    Mono<String> echo(String data) {
      return Mono.just(data);
    }

    @MessageMapping("held")
    Flux<String> held() {
      return this.heldStream.flux();
    }
  }
}
