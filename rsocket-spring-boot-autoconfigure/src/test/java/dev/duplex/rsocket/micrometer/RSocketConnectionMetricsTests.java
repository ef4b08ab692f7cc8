package dev.duplex.rsocket.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.RSocketConnection;
import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.core.RSocketConnector;
import dev.duplex.rsocket.core.RSocketServer;
import dev.duplex.rsocket.error.ClosedConnectionException;
import dev.duplex.rsocket.error.CustomRSocketException;
import dev.duplex.rsocket.error.RejectedSetupException;
import dev.duplex.rsocket.transport.BoundServer;
import dev.duplex.rsocket.transport.tcp.TcpClientTransport;
import dev.duplex.rsocket.transport.tcp.TcpServerTransport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * The meters of {@link RSocketConnectionMetrics} on both ends of a real TCP connection, after a
 * known mix of requests: each interaction, an error and a cancel.
 */
class RSocketConnectionMetricsTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Sinks.Many<Payload> heldStream = Sinks.many().unicast().onBackpressureBuffer();
  private BoundServer server;
  private RSocketConnection client;

  private final RSocket responder = new RSocket() {
    @Override
    public Mono<Payload> requestResponse(Payload payload) {
      boolean fail = payload.dataUtf8().equals("fail");
      if (fail) {
        payload.release();
        return Mono.error(new CustomRSocketException(0x0000_0400, "failed on purpose"));
      }
      return Mono.just(payload);
    }

    @Override
    public Mono<Void> fireAndForget(Payload payload) {
      payload.release();
      return Mono.empty();
    }

    @Override
    public Flux<Payload> requestStream(Payload payload) {
      String data = payload.dataUtf8();
      payload.release();
      return switch (data) {
        case "held" -> heldStream.asFlux();
        case "endless" -> Flux.<Payload>generate(sink -> sink.next(Payload.create("item")));
        default -> Flux.range(0, 3).map(i -> Payload.create("item " + i));
      };
    }

    @Override
    public Flux<Payload> requestChannel(Publisher<Payload> payloads) {
      return Flux.from(payloads);
    }

    @Override
    public Mono<Void> metadataPush(Payload payload) {
      payload.release();
      return Mono.empty();
    }
  };

  @AfterEach
  void close() {
    if (client != null) {
      client.dispose();
      client.onClose().onErrorComplete().block(TIMEOUT);
    }
    if (server != null) {
      server.dispose();
      server.onClose().onErrorComplete().block(TIMEOUT);
    }
  }

  private void start(SocketAcceptor acceptor) {
    server = RSocketServer.create(acceptor)
        .listener(new RSocketConnectionMetrics(registry, Tags.of("rsocket.side", "server")))
        .bind(TcpServerTransport.create("127.0.0.1", 0)).block(TIMEOUT);
    client = RSocketConnector.create()
        .listener(new RSocketConnectionMetrics(registry, Tags.of("rsocket.side", "client")))
        .connect(TcpClientTransport.create("127.0.0.1",
            ((InetSocketAddress) server.address()).getPort())).block(TIMEOUT);
  }

  @Test
  void everyMeterCountsExactlyWhatHappenedOnItsSide() {
    start(SocketAcceptor.with(responder));

    StepVerifier.create(client.requestResponse(Payload.create("hello")))
        .consumeNextWith(Payload::release).verifyComplete();
    StepVerifier.create(client.requestResponse(Payload.create("fail")))
        .expectError(CustomRSocketException.class).verify(TIMEOUT);
    StepVerifier.create(client.fireAndForget(Payload.create("fnf"))).verifyComplete();
    StepVerifier.create(client.requestStream(Payload.create("three")))
        .thenConsumeWhile(p -> p.release() || true).verifyComplete();
    StepVerifier.create(client.requestStream(Payload.create("endless")).take(1))
        .thenConsumeWhile(p -> p.release() || true).verifyComplete();
    StepVerifier.create(client.requestChannel(Flux.just("a", "b").map(Payload::create)))
        .thenConsumeWhile(p -> p.release() || true).verifyComplete();
    StepVerifier.create(client.metadataPush(Payload.create("", "pushed"))).verifyComplete();

    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(frames("client", "out", "cancel")).isEqualTo(1);
      assertThat(frames("server", "in", "cancel")).isEqualTo(1);
      assertThat(frames("server", "in", "metadata-push")).isEqualTo(1);
      assertThat(frames("server", "in", "request-fnf")).isEqualTo(1);
    });
    assertThat(frames("client", "out", "setup")).isEqualTo(1);
    assertThat(frames("server", "in", "setup")).isEqualTo(1);
    assertThat(frames("client", "out", "request-response")).isEqualTo(2);
    assertThat(frames("server", "in", "request-response")).isEqualTo(2);
    assertThat(frames("client", "out", "request-stream")).isEqualTo(2);
    assertThat(frames("client", "out", "request-channel")).isEqualTo(1);
    assertThat(frames("client", "out", "request-fnf")).isEqualTo(1);
    assertThat(frames("client", "out", "metadata-push")).isEqualTo(1);
    assertThat(frames("server", "out", "error")).isEqualTo(1);
    assertThat(frames("client", "in", "error")).isEqualTo(1);
    // the rr reply (with C) 1, three items and a C frame 4, the endless stream's one item 1,
    // the channel's two echoes and its C frame 3
    assertThat(frames("client", "in", "payload")).isEqualTo(frames("server", "out", "payload"))
        .isEqualTo(1 + 4 + 1 + 3);
    assertThat(bytes("client", "out", "request-response"))
        .isEqualTo(bytes("server", "in", "request-response")).isEqualTo(2 * 6 + 5 + 4);
    assertThat(registry.get(RSocketConnectionMetrics.FRAME_BYTES).counters())
        .allSatisfy(c -> assertThat(c.getId().getBaseUnit()).isEqualTo("bytes"));
    assertThat(gauge(RSocketConnectionMetrics.CONNECTIONS, "server")).isEqualTo(1);
    assertThat(gauge(RSocketConnectionMetrics.CONNECTIONS, "client")).isEqualTo(1);
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(
        registry.get(RSocketConnectionMetrics.ACTIVE_STREAMS).gauges())
        .hasSize(20).allSatisfy(g -> assertThat(g.value()).isZero()));
  }

  @Test
  void activeStreamsCountAStreamInFlightByInteractionAndRole() {
    start(SocketAcceptor.with(responder));

    StepVerifier.create(client.requestStream(Payload.create("held")))
        .then(() -> await().atMost(TIMEOUT).untilAsserted(() -> {
          assertThat(activeStreams("client", "request-stream", "requester")).isEqualTo(1);
          assertThat(activeStreams("server", "request-stream", "responder")).isEqualTo(1);
        }))
        .then(() -> heldStream.tryEmitNext(Payload.create("last")))
        .consumeNextWith(Payload::release)
        .then(heldStream::tryEmitComplete)
        .verifyComplete();

    await().atMost(TIMEOUT).untilAsserted(() ->
        assertThat(activeStreams("server", "request-stream", "responder")).isZero());
    assertThat(activeStreams("client", "request-stream", "requester")).isZero();
    assertThat(activeStreams("server", "request-stream", "requester")).isZero();
  }

  @Test
  void aRefusedSetupAndTheClosedConnectionAreCounted() {
    start((setup, requester) -> Mono.error(new IllegalArgumentException("not you")));

    // the rejection, or the connection it closed when the request comes after it
    StepVerifier.create(client.requestResponse(Payload.create("hello")))
        .expectErrorMatches(e -> e instanceof RejectedSetupException
            || e instanceof ClosedConnectionException).verify(TIMEOUT);

    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(registry.get(RSocketConnectionMetrics.SETUPS_REJECTED)
          .tags("rsocket.side", "server", "rsocket.error.code", "0x00000003").counter()
          .count()).isEqualTo(1);
      assertThat(registry.get(RSocketConnectionMetrics.CONNECTION_ERRORS)
          .tags("rsocket.side", "client", "rsocket.error.code", "0x00000003").counter()
          .count()).isEqualTo(1);
      assertThat(gauge(RSocketConnectionMetrics.CONNECTIONS, "server")).isZero();
      assertThat(gauge(RSocketConnectionMetrics.CONNECTIONS, "client")).isZero();
    });
    assertThat(registry.find(RSocketConnectionMetrics.SETUPS_REJECTED)
        .tags("rsocket.side", "client").counter()).isNull();
    assertThat(registry.get(RSocketConnectionMetrics.KEEPALIVE_TIMEOUTS).counters())
        .allSatisfy(c -> assertThat(c.count()).isZero());
  }

  @Test
  void aKeepAliveTimeoutIsCounted() {
    // the server's acceptor never decides, so it answers no KEEPALIVE and the client times out
    server = RSocketServer.create((setup, requester) -> Mono.never())
        .bind(TcpServerTransport.create("127.0.0.1", 0)).block(TIMEOUT);
    client = RSocketConnector.create().keepAlive(Duration.ofMillis(50), Duration.ofMillis(300))
        .listener(new RSocketConnectionMetrics(registry, Tags.of("rsocket.side", "client")))
        .connect(TcpClientTransport.create("127.0.0.1",
            ((InetSocketAddress) server.address()).getPort())).block(TIMEOUT);

    StepVerifier.create(client.onClose()).expectError().verify(TIMEOUT);

    assertThat(registry.get(RSocketConnectionMetrics.KEEPALIVE_TIMEOUTS)
        .tags("rsocket.side", "client").counter().count()).isEqualTo(1);
    assertThat(frames("client", "out", "keepalive")).isGreaterThanOrEqualTo(1);
    assertThat(gauge(RSocketConnectionMetrics.CONNECTIONS, "client")).isZero();
  }

  @Test
  void fragmentsReassembledAreCountedByFrameType() {
    server = RSocketServer.create(SocketAcceptor.with(responder)).fragment(1024)
        .listener(new RSocketConnectionMetrics(registry, Tags.of("rsocket.side", "server")))
        .bind(TcpServerTransport.create("127.0.0.1", 0)).block(TIMEOUT);
    client = RSocketConnector.create().fragment(1024)
        .listener(new RSocketConnectionMetrics(registry, Tags.of("rsocket.side", "client")))
        .connect(TcpClientTransport.create("127.0.0.1",
            ((InetSocketAddress) server.address()).getPort())).block(TIMEOUT);

    StepVerifier.create(client.requestResponse(Payload.create("x".repeat(10_000))))
        .consumeNextWith(Payload::release).verifyComplete();

    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(registry
        .get(RSocketConnectionMetrics.FRAGMENTS_REASSEMBLED)
        .tags("rsocket.side", "server", "rsocket.frame.type", "request-response").counter()
        .count()).isEqualTo(1));
    assertThat(registry.get(RSocketConnectionMetrics.FRAGMENTS_REASSEMBLED)
        .tags("rsocket.side", "client", "rsocket.frame.type", "payload").counter().count())
        .isEqualTo(1);
  }

  private double frames(String side, String direction, String type) {
    return counter(RSocketConnectionMetrics.FRAMES, side, direction, type);
  }

  private double bytes(String side, String direction, String type) {
    return counter(RSocketConnectionMetrics.FRAME_BYTES, side, direction, type);
  }

  private double counter(String name, String side, String direction, String type) {
    Counter counter = registry.find(name).tags("rsocket.side", side, "rsocket.direction",
        direction, "rsocket.frame.type", type).counter();
    return counter == null ? 0 : counter.count();
  }

  private double gauge(String name, String side) {
    Gauge gauge = registry.get(name).tags("rsocket.side", side).gauge();
    return gauge.value();
  }

  private double activeStreams(String side, String interaction, String role) {
    return registry.get(RSocketConnectionMetrics.ACTIVE_STREAMS)
        .tags("rsocket.side", side, "rsocket.interaction", interaction, "rsocket.role", role)
        .gauge().value();
  }
}
