package dev.duplex.rsocket.core.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.duplex.rsocket.ConnectionListener;
import dev.duplex.rsocket.ConnectionSetupPayload;
import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.RSocketConnection;
import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.error.ClosedConnectionException;
import dev.duplex.rsocket.error.ConnectionCloseException;
import dev.duplex.rsocket.error.ConnectionErrorException;
import dev.duplex.rsocket.error.RSocketErrorException;
import dev.duplex.rsocket.error.RejectedSetupException;
import dev.duplex.rsocket.frame.ErrorCode;
import dev.duplex.rsocket.frame.FrameWriter;
import dev.duplex.rsocket.test.TestConnection;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.DefaultEventLoop;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** A client connection whose server is the test, frame by frame. */
class ClientProtocolTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
  private final DefaultEventLoop loop = new DefaultEventLoop();
  private final TestConnection server = TestConnection.standalone(loop);
  private final Sinks.Many<String> events = Sinks.many().replay().all();

  private final ConnectionListener listener = new ConnectionListener() {
    @Override
    public void onSetup(RSocketConnection connection, ConnectionSetupPayload setup) {
      events.tryEmitNext("setup " + setup.dataMimeType());
    }

    @Override
    public void onConnectionError(RSocketConnection connection, RSocketErrorException error) {
      events.tryEmitNext("error " + error.getMessage());
    }

    @Override
    public void onKeepAliveTimeout(RSocketConnection connection, Duration silence) {
      events.tryEmitNext("keepalive timeout after at least 200 ms: "
          + (silence.toMillis() >= 200));
    }

    @Override
    public void onClose(RSocketConnection connection, @Nullable Throwable cause) {
      events.tryEmitNext("close " + (cause == null ? "clean" : cause.getClass().getSimpleName()));
    }
  };

  @AfterEach
  void close() throws InterruptedException {
    server.dispose();
    server.onClose().block(TIMEOUT);
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    server.releaseUnread();
  }

  private RSocketConnection connect(Duration interval, Duration maxLifetime) {
    return ConnectionHandler.connect(server, new ConnectionSetupPayload(1, 0, interval,
            maxLifetime, "message/x.rsocket.composite-metadata.v0", "application/json",
            Payload.create("hello", "meta")), SocketAcceptor.with(new RSocket() { }),
        ConnectionSettings.DEFAULTS, listener).block(TIMEOUT);
  }

  @Test
  void theFirstFrameIsSetup() throws InterruptedException {
    connect(Duration.ofSeconds(20), Duration.ofSeconds(90));

    assertThat(server.nextSent(TIMEOUT)).isEqualTo("SETUP stream=0 flags=M version=1.0 "
        + "keepalive=20000ms lifetime=90000ms metadataMime=message/x.rsocket.composite-metadata.v0"
        + " dataMime=application/json metadata=4B data=5B");
    StepVerifier.create(events.asFlux().take(1)).expectNext("setup application/json")
        .expectComplete().verify(TIMEOUT);
  }

  @Test
  void keepAliveIsSentAndSilenceBeyondTheMaxLifetimeClosesTheConnection()
      throws InterruptedException {
    RSocketConnection client = connect(Duration.ofMillis(50), Duration.ofMillis(200));

    assertThat(server.nextSent(TIMEOUT)).startsWith("SETUP");
    assertThat(server.nextSent(TIMEOUT)).isEqualTo("KEEPALIVE stream=0 flags=R position=0 data=0B");
    StepVerifier.create(client.onClose())
        .expectErrorSatisfies(error -> assertThat(error)
            .isInstanceOf(ConnectionErrorException.class)
            .hasMessageContaining("longer than the keepalive max lifetime"))
        .verify(TIMEOUT);
    StepVerifier.create(events.asFlux().take(3))
        .expectNext("setup application/json", "keepalive timeout after at least 200 ms: true",
            "close ConnectionErrorException")
        .expectComplete().verify(TIMEOUT);
  }

  @Test
  void framesFromTheServerKeepTheConnectionAlive() throws InterruptedException {
    RSocketConnection client = connect(Duration.ofMillis(50), Duration.ofMillis(300));
    for (int i = 0; i < 10; i++) {
      assertThat(server.nextSent(TIMEOUT)).isNotNull();
      server.inject(FrameWriter.keepAlive(alloc, false, 0, alloc.buffer(0)));
    }

    assertThat(client.isDisposed()).isFalse();
  }

  @Test
  void aRejectedSetupClosesTheConnectionWithTheServersMessage() {
    RSocketConnection client = connect(Duration.ofSeconds(20), Duration.ofSeconds(90));
    server.inject(FrameWriter.error(alloc, 0, ErrorCode.REJECTED_SETUP.code(), "not you"));

    StepVerifier.create(client.onClose()).expectErrorMessage("not you").verify(TIMEOUT);
    StepVerifier.create(events.asFlux().take(3))
        .expectNext("setup application/json", "error not you", "close RejectedSetupException")
        .expectComplete().verify(TIMEOUT);
  }

  @Test
  void setupErrorsAfterEstablishmentAreIgnored() throws InterruptedException {
    RSocketConnection client = connect(Duration.ofSeconds(20), Duration.ofSeconds(90));
    StepVerifier.create(client.requestResponse(Payload.create("q")))
        .then(() -> server.inject(FrameWriter.payload(alloc, 1, null,
            ByteBufUtil.writeUtf8(alloc, "a"), false, true, true)))
        .assertNext(Payload::release)
        .expectComplete()
        .verify(TIMEOUT);
    server.inject(FrameWriter.error(alloc, 0, ErrorCode.REJECTED_SETUP.code(), "too late"));
    server.inject(FrameWriter.keepAlive(alloc, true, 0, alloc.buffer(0)));

    String frame;
    do {
      frame = server.nextSent(TIMEOUT);
    } while (frame != null && !frame.startsWith("KEEPALIVE stream=0 flags=- "));
    assertThat(frame).as("the connection still answers keepalive (checklist #99)").isNotNull();
    assertThat(client.isDisposed()).isFalse();
  }

  @Test
  void connectionErrorFromTheServerFailsOutstandingRequests() {
    RSocketConnection client = connect(Duration.ofSeconds(20), Duration.ofSeconds(90));

    StepVerifier.create(client.requestStream(Payload.create("q")))
        .expectSubscription()
        .then(() -> server.inject(FrameWriter.error(alloc, 0,
            ErrorCode.CONNECTION_ERROR.code(), "server going away")))
        .expectErrorSatisfies(error -> assertThat(error)
            .isInstanceOf(ConnectionErrorException.class).hasMessage("server going away"))
        .verify(TIMEOUT);
  }

  @Test
  void connectionCloseFromTheServerLetsOutstandingStreamsEndAndStartsNoNewOnes() {
    RSocketConnection client = connect(Duration.ofSeconds(20), Duration.ofSeconds(90));

    StepVerifier.create(client.requestStream(Payload.create("q")).map(ClientProtocolTests::text))
        .expectSubscription()
        .then(() -> server.inject(FrameWriter.error(alloc, 0,
            ErrorCode.CONNECTION_CLOSE.code(), "server going away")))
        .then(() -> StepVerifier.create(client.requestResponse(Payload.create("new")))
            .expectErrorSatisfies(error -> assertThat(error)
                .isInstanceOf(ClosedConnectionException.class)
                .hasMessageContaining("CONNECTION_CLOSE: server going away"))
            .verify(TIMEOUT))
        .then(() -> server.inject(FrameWriter.payload(alloc, 1, null,
            ByteBufUtil.writeUtf8(alloc, "last"), false, true, true)))
        .expectNext("last")
        .verifyComplete();

    // checklist #143: the connection closes only once its outstanding stream has ended
    StepVerifier.create(client.onClose())
        .expectErrorSatisfies(error -> assertThat(error)
            .isInstanceOf(ConnectionCloseException.class).hasMessage("server going away"))
        .verify(TIMEOUT);
    StepVerifier.create(events.asFlux().take(3))
        .expectNext("setup application/json", "error server going away",
            "close ConnectionCloseException")
        .verifyComplete();
  }

  @Test
  void connectionCloseWithNoOutstandingStreamClosesAtOnce() {
    RSocketConnection client = connect(Duration.ofSeconds(20), Duration.ofSeconds(90));

    server.inject(FrameWriter.error(alloc, 0, ErrorCode.CONNECTION_CLOSE.code(), "bye"));

    StepVerifier.create(client.onClose()).expectError(ConnectionCloseException.class)
        .verify(TIMEOUT);
  }

  @Test
  void aRefusedSetupHeldWhileTheClientsAcceptorDecidesStillEndsTheConnection()
      throws Exception {
    // the client's own acceptor never decides, so the server's frames are held
    RSocketConnection client = ConnectionHandler.connect(server, new ConnectionSetupPayload(1, 0,
            Duration.ofSeconds(20), Duration.ofSeconds(90), "text/plain", "text/plain",
            Payload.create("hello")), (setup, requester) -> Mono.never(),
        ConnectionSettings.DEFAULTS, listener).block(TIMEOUT);

    server.inject(FrameWriter.error(alloc, 0, ErrorCode.REJECTED_SETUP.code(), "not you"));
    loop.submit(() -> { }).get(5, TimeUnit.SECONDS); // the ERROR is in, held
    server.dispose();

    StepVerifier.create(client.onClose())
        .expectErrorSatisfies(error -> assertThat(error)
            .isInstanceOf(RejectedSetupException.class).hasMessage("not you"))
        .verify(TIMEOUT);
    StepVerifier.create(events.asFlux().take(2))
        .expectNext("error not you", "close RejectedSetupException")
        .verifyComplete();
  }

  @Test
  void disposingAfterTheEventLoopShutDownDoesNotThrow() throws InterruptedException {
    DefaultEventLoop ownLoop = new DefaultEventLoop();
    TestConnection transport = TestConnection.standalone(ownLoop);
    RSocketConnection client = ConnectionHandler.connect(transport, new ConnectionSetupPayload(1,
            0, Duration.ofSeconds(20), Duration.ofSeconds(90), "text/plain", "text/plain",
            Payload.create("hello")), SocketAcceptor.with(new RSocket() { }),
        ConnectionSettings.DEFAULTS, ConnectionListener.NONE).block(TIMEOUT);
    ownLoop.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    transport.releaseUnread();

    assertThatCode(client::dispose).doesNotThrowAnyException();
  }

  private static String text(Payload payload) {
    try {
      return payload.dataUtf8();
    } finally {
      payload.release();
    }
  }
}
