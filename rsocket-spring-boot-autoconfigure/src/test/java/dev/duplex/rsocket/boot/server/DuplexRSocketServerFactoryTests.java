package dev.duplex.rsocket.boot.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.RSocketConnection;
import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.core.RSocketConnector;
import dev.duplex.rsocket.core.RSocketServer;
import dev.duplex.rsocket.messaging.RSocketRequester;
import dev.duplex.rsocket.transport.tcp.TcpClientTransport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Tests for {@link DuplexRSocketServerFactory}, without an application context. */
class DuplexRSocketServerFactoryTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** Answers request-response with the request, retained. */
  private final SocketAcceptor echo = SocketAcceptor.with(new RSocket() {
    @Override
    public Mono<Payload> requestResponse(Payload payload) {
      return Mono.just(payload);
    }
  });

  private @Nullable DuplexRSocketServer server;

  @AfterEach
  void stop() {
    if (this.server != null) {
      this.server.stop();
    }
  }

  @Test
  void startBindsAndStopCloses() throws Exception {
    DuplexRSocketServerFactory factory = new DuplexRSocketServerFactory();
    factory.setPort(0);
    factory.setAddress(InetAddress.getByName("127.0.0.1"));
    DuplexRSocketServer server = start(factory);

    InetSocketAddress address = server.address();
    assertThat(address).isNotNull();
    assertThat(address.getPort()).isPositive();
    assertThat(requestOver(RSocketRequester.builder().tcp("127.0.0.1", address.getPort())))
        .isEqualTo("ping");

    server.stop();
    assertThat(server.address()).isNull();
    server.stop(); // a second stop does nothing
  }

  @Test
  void notBoundBeforeStart() {
    DuplexRSocketServerFactory factory = new DuplexRSocketServerFactory();
    factory.setPort(0);
    assertThat(factory.create(this.echo).address()).isNull();
  }

  @Test
  void webSocketTransport() {
    DuplexRSocketServerFactory factory = new DuplexRSocketServerFactory();
    factory.setPort(0);
    factory.setTransport(DuplexRSocketServer.Transport.WEBSOCKET);
    DuplexRSocketServer server = start(factory);

    InetSocketAddress address = server.address();
    assertThat(address).isNotNull();
    URI uri = URI.create("ws://127.0.0.1:" + address.getPort() + "/");
    assertThat(requestOver(RSocketRequester.builder().websocket(uri))).isEqualTo("ping");
  }

  @Test
  void webSocketPath() {
    DuplexRSocketServerFactory factory = new DuplexRSocketServerFactory();
    factory.setPort(0);
    factory.setTransport(DuplexRSocketServer.Transport.WEBSOCKET);
    factory.setPath("/rsocket");
    DuplexRSocketServer server = start(factory);

    InetSocketAddress address = server.address();
    assertThat(address).isNotNull();
    URI uri = URI.create("ws://127.0.0.1:" + address.getPort() + "/rsocket");
    assertThat(requestOver(RSocketRequester.builder().websocket(uri))).isEqualTo("ping");
  }

  @Test
  void rejectsAPathNotStartingWithSlash() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new DuplexRSocketServerFactory().setPath("rsocket"))
        .withMessage("'path' must start with '/', was 'rsocket'");
  }

  @Test
  void settingsThenCustomizersInOrder() {
    List<String> calls = new ArrayList<>();
    DuplexRSocketServerFactory factory = new DuplexRSocketServerFactory();
    factory.setMtu(256);
    factory.setMaxTimeToFirstFrame(Duration.ofSeconds(2));
    factory.setMaxInboundPayloadSize(4096);
    factory.setRSocketServerCustomizers(List.of(engine -> {
      calls.add("first mtu=" + engine.mtu() + " ttff=" + engine.maxTimeToFirstFrame()
          + " max=" + engine.maxInboundPayloadSize());
      return engine.fragment(512);
    }));
    factory.addRSocketServerCustomizers(engine -> {
      calls.add("second mtu=" + engine.mtu());
      return engine;
    });

    factory.create(this.echo);

    assertThat(calls).containsExactly("first mtu=256 ttff=PT2S max=4096", "second mtu=512");
  }

  @Test
  void engineRejectsAnMtuOutOfRange() {
    DuplexRSocketServerFactory factory = new DuplexRSocketServerFactory();
    factory.setMtu(60);
    assertThatIllegalArgumentException().isThrownBy(() -> factory.create(this.echo))
        .withMessageContaining("60");
  }

  @Test
  void engineDefaultsWhenNothingIsSet() {
    List<RSocketServer> seen = new ArrayList<>();
    DuplexRSocketServerFactory factory = new DuplexRSocketServerFactory();
    factory.addRSocketServerCustomizers(engine -> {
      seen.add(engine);
      return engine;
    });
    factory.create(this.echo);
    assertThat(seen).singleElement().satisfies(engine -> {
      assertThat(engine.mtu()).isZero();
      assertThat(engine.maxTimeToFirstFrame())
          .isEqualTo(RSocketServer.DEFAULT_MAX_TIME_TO_FIRST_FRAME);
    });
  }

  @Test
  void immediateShutdownLeavesStoppingToStop() {
    DuplexRSocketServerFactory factory = new DuplexRSocketServerFactory();
    factory.setPort(0);
    DuplexRSocketServer server = start(factory);

    assertThat(shutDownGracefully(server)).succeedsWithin(TIMEOUT)
        .isEqualTo(DuplexRSocketServer.GracefulShutdownResult.IMMEDIATE);
    assertThat(server.address()).isNotNull();
  }

  @Test
  void gracefulShutdownOfAnIdleServerEndsAtOnce() {
    DuplexRSocketServerFactory factory = new DuplexRSocketServerFactory();
    factory.setPort(0);
    factory.setShutdown(DuplexRSocketServer.Shutdown.GRACEFUL);
    DuplexRSocketServer server = start(factory);

    assertThat(shutDownGracefully(server)).succeedsWithin(TIMEOUT)
        .isEqualTo(DuplexRSocketServer.GracefulShutdownResult.IDLE);
    assertThat(server.address()).isNull();
  }

  @Test
  void stopEndsAGracefulShutdownWithStreamsStillActive() throws Exception {
    CountDownLatch streamStarted = new CountDownLatch(1);
    DuplexRSocketServerFactory factory = new DuplexRSocketServerFactory();
    factory.setPort(0);
    factory.setShutdown(DuplexRSocketServer.Shutdown.GRACEFUL);
    DuplexRSocketServer server = factory.create(SocketAcceptor.with(new RSocket() {
      @Override
      public Flux<Payload> requestStream(Payload payload) {
        payload.release();
        return Flux.<Payload>never().doOnSubscribe(s -> streamStarted.countDown());
      }
    }));
    this.server = server;
    server.start();
    InetSocketAddress address = server.address();
    assertThat(address).isNotNull();
    RSocketConnection client = RSocketConnector.create()
        .connect(TcpClientTransport.create("127.0.0.1", address.getPort())).block(TIMEOUT);
    assertThat(client).isNotNull();
    CompletableFuture<Void> stream = client.requestStream(Payload.create("never ends")).then()
        .toFuture();
    assertThat(streamStarted.await(10, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<DuplexRSocketServer.GracefulShutdownResult> result =
        shutDownGracefully(server);
    assertThat(result).isNotDone();
    server.stop();

    assertThat(result).succeedsWithin(TIMEOUT)
        .isEqualTo(DuplexRSocketServer.GracefulShutdownResult.STREAMS_ACTIVE);
    assertThat(stream).failsWithin(TIMEOUT);
    assertThat(server.address()).isNull();
  }

  private static CompletableFuture<DuplexRSocketServer.GracefulShutdownResult> shutDownGracefully(
      DuplexRSocketServer server) {
    CompletableFuture<DuplexRSocketServer.GracefulShutdownResult> result =
        new CompletableFuture<>();
    server.shutDownGracefully(result::complete);
    return result;
  }

  private DuplexRSocketServer start(DuplexRSocketServerFactory factory) {
    DuplexRSocketServer server = factory.create(this.echo);
    this.server = server;
    server.start();
    return server;
  }

  private static @Nullable String requestOver(RSocketRequester requester) {
    try {
      return requester.route("any").data("ping").retrieveMono(String.class).block(TIMEOUT);
    } finally {
      requester.dispose();
    }
  }
}
