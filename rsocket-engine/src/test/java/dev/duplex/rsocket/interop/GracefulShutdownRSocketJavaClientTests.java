package dev.duplex.rsocket.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.core.RSocketServer;
import dev.duplex.rsocket.transport.BoundServer;
import io.rsocket.core.RSocketConnector;
import io.rsocket.exceptions.ConnectionCloseException;
import io.rsocket.exceptions.RejectedException;
import io.rsocket.util.DefaultPayload;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * Our server shutting down gracefully under rsocket-java 1.1.5 as the client: its stream in
 * flight completes, its new request fails with its {@code RejectedException}, and it hears
 * CONNECTION_CLOSE only once no stream is left, since it ends every stream on any stream-0 ERROR.
 */
class GracefulShutdownRSocketJavaClientTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Sinks.Many<Payload> streamItems = Sinks.many().unicast().onBackpressureBuffer();
  private final CountDownLatch streamStarted = new CountDownLatch(1);

  private final RSocket responder = new RSocket() {
    @Override
    public Flux<Payload> requestStream(Payload payload) {
      payload.release();
      return streamItems.asFlux().doOnSubscribe(s -> streamStarted.countDown());
    }
  };

  private BoundServer server;
  private io.rsocket.RSocket client;

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
    streamItems.tryEmitComplete();
  }

  @ParameterizedTest
  @EnumSource(InteropTransport.class)
  void anInFlightStreamCompletesAndANewRequestIsRejected(InteropTransport transport)
      throws Exception {
    server = RSocketServer.create(SocketAcceptor.with(responder))
        .bind(transport.duplexServer()).block(TIMEOUT);
    client = RSocketConnector.create()
        .connect(transport.rsocketJavaClient((InetSocketAddress) server.address()))
        .block(TIMEOUT);
    CompletableFuture<List<String>> received = client.requestStream(DefaultPayload.create("go"))
        .map(payload -> {
          String text = payload.getDataUtf8();
          payload.release();
          return text;
        }).collectList().toFuture();
    assertThat(streamStarted.await(10, TimeUnit.SECONDS)).as("stream started").isTrue();
    streamItems.tryEmitNext(Payload.create("one"));

    CompletableFuture<Void> shutdown = server.disposeGracefully().toFuture();
    StepVerifier.create(client.requestResponse(DefaultPayload.create("too late")))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(RejectedException.class)
            .hasMessage("REQUEST_RESPONSE on stream 3 rejected: The server is shutting down"))
        .verify(TIMEOUT);
    streamItems.tryEmitNext(Payload.create("two"));
    streamItems.tryEmitComplete();

    assertThat(received.get(10, TimeUnit.SECONDS)).containsExactly("one", "two");
    shutdown.get(10, TimeUnit.SECONDS);
    StepVerifier.create(client.onClose())
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ConnectionCloseException.class)
            .hasMessage("The server is shutting down"))
        .verify(TIMEOUT);
  }
}
