package dev.duplex.rsocket.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.rsocket.ConnectionListener;
import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.core.connection.ConnectionHandler;
import dev.duplex.rsocket.core.connection.ConnectionSettings;
import dev.duplex.rsocket.test.TestConnection;
import dev.duplex.rsocket.transport.ClientTransport;
import dev.duplex.rsocket.transport.DuplexConnection;
import io.netty.channel.DefaultEventLoop;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.retry.Retry;

class RSocketClientTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final DefaultEventLoop loop = new DefaultEventLoop();
  private final AtomicInteger attempts = new AtomicInteger();
  private final List<TestConnection> serverSides = new CopyOnWriteArrayList<>();
  private SocketAcceptor serverAcceptor = SocketAcceptor.with(ECHO);
  private RSocketClient client;

  private static final RSocket ECHO = new RSocket() {
    @Override
    public Mono<Payload> requestResponse(Payload payload) {
      return Mono.just(payload);
    }
  };

  /** Each attempt opens a fresh in-memory connection to a server; the first {@code failures} fail. */
  private ClientTransport transport(int failures) {
    return () -> Mono.defer(() -> {
      if (attempts.incrementAndGet() <= failures) {
        return Mono.error(new IOException("connection refused"));
      }
      TestConnection[] pair = TestConnection.pair(loop);
      serverSides.add(pair[1]);
      SocketAcceptor acceptor = serverAcceptor;
      loop.execute(() -> ConnectionHandler.serve(pair[1], acceptor,
          Duration.ofSeconds(10), ConnectionSettings.DEFAULTS, ConnectionListener.NONE));
      return Mono.<DuplexConnection>just(pair[0]);
    });
  }

  @AfterEach
  void close() throws InterruptedException {
    if (client != null) {
      client.dispose();
      client.onClose().block(TIMEOUT);
    }
    serverSides.forEach(TestConnection::dispose);
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
  }

  private String echo(String text) {
    Payload answer = client.requestResponse(Payload.create(text)).block(TIMEOUT);
    try {
      return answer.dataUtf8();
    } finally {
      answer.release();
    }
  }

  @Test
  void connectsOnTheFirstRequestAndSharesTheConnection() {
    client = RSocketConnector.create().toClient(transport(0));
    assertThat(attempts).hasValue(0);
    assertThat(client.isConnected()).isFalse();

    assertThat(echo("one")).isEqualTo("one");
    assertThat(echo("two")).isEqualTo("two");
    assertThat(attempts).hasValue(1);
    assertThat(client.isConnected()).isTrue();
  }

  @Test
  void reconnectsOnTheNextRequestAfterTheConnectionIsLost() {
    client = RSocketConnector.create().toClient(transport(0));
    assertThat(echo("before")).isEqualTo("before");

    serverSides.get(0).dispose();
    await().atMost(TIMEOUT).until(() -> !client.isConnected());

    assertThat(echo("after")).isEqualTo("after");
    assertThat(attempts).hasValue(2);
  }

  @Test
  void aFailedConnectionFailsTheRequestAndReleasesItsPayload() {
    client = RSocketConnector.create().toClient(transport(1));
    Payload payload = Payload.create(io.netty.buffer.ByteBufAllocator.DEFAULT.buffer().writeInt(7));

    StepVerifier.create(client.requestResponse(payload))
        .expectErrorMessage("connection refused")
        .verify(TIMEOUT);
    assertThat(payload.refCnt()).isZero();
    assertThat(echo("next time")).isEqualTo("next time");
  }

  @Test
  void reconnectBackoffRetriesFailedAttempts() {
    client = RSocketConnector.create().reconnect(Retry.fixedDelay(3, Duration.ofMillis(10)))
        .toClient(transport(2));

    assertThat(echo("eventually")).isEqualTo("eventually");
    assertThat(attempts).hasValue(3);
  }

  @Test
  void anAsynchronousSetupPayloadIsResolvedForEveryConnection() {
    AtomicInteger resolved = new AtomicInteger();
    List<String> setups = new CopyOnWriteArrayList<>();
    client = RSocketConnector.create().toClient(transport(0),
        Mono.fromSupplier(() -> Payload.create("setup " + resolved.incrementAndGet())));
    serverAcceptor = (setup, requester) -> {
      setups.add(setup.payload().dataUtf8());
      return Mono.just(ECHO);
    };

    assertThat(echo("first")).isEqualTo("first");
    serverSides.get(0).dispose();
    await().atMost(TIMEOUT).until(() -> !client.isConnected());
    assertThat(echo("second")).isEqualTo("second");

    assertThat(setups).containsExactly("setup 1", "setup 2");
  }

  @Test
  void aDisposedClientRefusesRequests() {
    client = RSocketConnector.create().toClient(transport(0));
    assertThat(echo("once")).isEqualTo("once");
    client.dispose();

    StepVerifier.create(client.requestResponse(Payload.create("again")))
        .expectErrorMessage("The RSocketClient is disposed")
        .verify(TIMEOUT);
    StepVerifier.create(client.onClose()).expectComplete().verify(TIMEOUT);
  }
}
