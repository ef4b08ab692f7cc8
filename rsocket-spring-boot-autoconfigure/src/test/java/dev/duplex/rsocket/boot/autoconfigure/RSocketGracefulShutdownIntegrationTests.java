package dev.duplex.rsocket.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.rsocket.boot.context.RSocketServerBootstrap;
import dev.duplex.rsocket.error.ClosedConnectionException;
import dev.duplex.rsocket.error.RejectedException;
import dev.duplex.rsocket.messaging.RSocketRequester;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Graceful shutdown end to end: a Spring Boot application serving RSocket on a random TCP port, or
 * on the WebFlux server's mapping path, is closed on another thread while a stream is in flight.
 */
class RSocketGracefulShutdownIntegrationTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private ConfigurableApplicationContext context;

  private RSocketRequester requester;

  private final List<String> received = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    if (this.requester != null) {
      this.requester.dispose();
    }
    if (this.context != null) {
      this.context.close();
    }
  }

  enum Server {
    TCP, WEBFLUX_ROUTE
  }

  private void start(Server server, String... properties) {
    SpringApplicationBuilder builder = new SpringApplicationBuilder(App.class);
    if (server == Server.TCP) {
      this.context = builder.web(WebApplicationType.NONE)
          .properties("spring.rsocket.server.port=0").properties(properties).run();
      InetSocketAddress address =
          this.context.getBean(RSocketServerBootstrap.class).getServer().address();
      assertThat(address).isNotNull();
      this.requester = RSocketRequester.builder().tcp("127.0.0.1", address.getPort());
    } else {
      this.context = builder.web(WebApplicationType.REACTIVE)
          .properties("server.port=0", "spring.rsocket.server.transport=websocket",
              "spring.rsocket.server.mapping-path=/rsocket")
          .properties(properties).run();
      int port = this.context.getEnvironment().getRequiredProperty("local.server.port",
          Integer.class);
      this.requester = RSocketRequester.builder()
          .websocket(URI.create("ws://127.0.0.1:" + port + "/rsocket"));
    }
  }

  private StreamController controller() {
    return this.context.getBean(StreamController.class);
  }

  /** Opens the controller's stream and waits for its first element. */
  private CompletableFuture<Void> openStream() throws InterruptedException {
    CompletableFuture<Void> done = this.requester.route("stream").retrieveFlux(String.class)
        .doOnNext(this.received::add).then().toFuture();
    assertThat(controller().started.await(10, TimeUnit.SECONDS)).as("stream started").isTrue();
    controller().items.tryEmitNext("one");
    await().atMost(TIMEOUT).until(() -> this.received.contains("one"));
    return done;
  }

  private CompletableFuture<Void> closeOnAnotherThread() {
    return CompletableFuture.runAsync(this.context::close);
  }

  private Mono<String> echo() {
    return this.requester.route("echo").data("hello").retrieveMono(String.class);
  }

  @ParameterizedTest
  @EnumSource(Server.class)
  void anInFlightStreamFinishesAndNewRequestsAreRejected(Server server) throws Exception {
    start(server, "spring.lifecycle.timeout-per-shutdown-phase=10s");
    CompletableFuture<Void> stream = openStream();

    CompletableFuture<Void> closed = closeOnAnotherThread();
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(echo()
        .map(answer -> (Throwable) new AssertionError("answered: " + answer))
        .onErrorResume(Mono::just).block(TIMEOUT))
        .isInstanceOf(RejectedException.class)
        .hasMessageContaining("rejected: The server is shutting down"));
    assertThat(closed).as("context closed while the stream is open").isNotDone();

    controller().items.tryEmitNext("two");
    controller().items.tryEmitNext("three");
    controller().items.tryEmitComplete();

    stream.get(10, TimeUnit.SECONDS);
    assertThat(this.received).containsExactly("one", "two", "three");
    closed.get(10, TimeUnit.SECONDS);
    assertThat(this.context.isActive()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Server.class)
  void immediateShutdownCutsTheStream(Server server) throws Exception {
    start(server, "spring.rsocket.server.shutdown=immediate",
        "spring.lifecycle.timeout-per-shutdown-phase=10s");
    CompletableFuture<Void> stream = openStream();

    closeOnAnotherThread().get(10, TimeUnit.SECONDS);

    assertThat(stream).failsWithin(TIMEOUT).withThrowableThat()
        .havingRootCause().isInstanceOf(ClosedConnectionException.class);
    assertThat(this.received).containsExactly("one");
  }

  @Test
  void aStreamThatNeverEndsIsCutAfterTheShutdownPhaseTimeout() throws Exception {
    start(Server.TCP, "spring.lifecycle.timeout-per-shutdown-phase=1s");
    CompletableFuture<Void> stream = openStream();
    long before = System.nanoTime();

    CompletableFuture<Void> closed = closeOnAnotherThread();
    await().atMost(TIMEOUT).until(() -> echo().map(answer -> false)
        .onErrorResume(RejectedException.class, e -> Mono.just(true)).block(TIMEOUT));
    controller().items.tryEmitNext("still flowing");
    await().atMost(TIMEOUT).until(() -> this.received.contains("still flowing"));

    closed.get(10, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - before))
        .as("waited for the shutdown phase").isGreaterThanOrEqualTo(Duration.ofMillis(900));
    assertThat(stream).failsWithin(TIMEOUT).withThrowableThat()
        .havingRootCause().isInstanceOf(ClosedConnectionException.class);
    assertThat(this.received).containsExactly("one", "still flowing");
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(StreamController.class)
  static class App {
  }

  @Controller
  static class StreamController {

    final Sinks.Many<String> items = Sinks.many().unicast().onBackpressureBuffer();

    final CountDownLatch started = new CountDownLatch(1);

    @MessageMapping("stream")
    Flux<String> stream() {
      return this.items.asFlux().doOnSubscribe(subscription -> this.started.countDown());
    }

    @MessageMapping("echo")
    Mono<String> echo(String data) {
      return Mono.just(data);
    }
  }
}
