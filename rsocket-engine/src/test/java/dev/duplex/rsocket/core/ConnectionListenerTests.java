package dev.duplex.rsocket.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.rsocket.ConnectionListener;
import dev.duplex.rsocket.ConnectionSetupPayload;
import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.RSocketConnection;
import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.StreamOutcome;
import dev.duplex.rsocket.StreamRole;
import dev.duplex.rsocket.error.ClosedConnectionException;
import dev.duplex.rsocket.error.CustomRSocketException;
import dev.duplex.rsocket.error.RSocketErrorException;
import dev.duplex.rsocket.error.RejectedSetupException;
import dev.duplex.rsocket.frame.ErrorCode;
import dev.duplex.rsocket.frame.FrameType;
import dev.duplex.rsocket.transport.BoundServer;
import dev.duplex.rsocket.transport.tcp.TcpClientTransport;
import dev.duplex.rsocket.transport.tcp.TcpServerTransport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * What a {@link ConnectionListener} hears on both ends of a real TCP connection: connections
 * opened and closed, refused setups, every interaction's start and outcome on the requester and
 * the responder, frames and bytes each way, and reassembled fragments.
 */
class ConnectionListenerTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Recorder serverEvents = new Recorder();
  private final Recorder clientEvents = new Recorder();
  private BoundServer server;
  private RSocketConnection client;

  private final RSocket responder = new RSocket() {
    @Override
    public Mono<Payload> requestResponse(Payload payload) {
      String data = payload.data().readableBytes() < 32 ? payload.dataUtf8() : "";
      if (data.equals("fail")) {
        payload.release();
        return Mono.error(new CustomRSocketException(0x0000_0400, "failed on purpose"));
      }
      if (data.equals("boom")) {
        payload.release();
        return Mono.error(new IllegalStateException("boom"));
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
      boolean endless = payload.dataUtf8().equals("endless");
      payload.release();
      return endless ? Flux.<Payload>generate(sink -> sink.next(Payload.create("item")))
          : Flux.range(0, 3).map(i -> Payload.create("item " + i));
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
    server = RSocketServer.create(acceptor).fragment(1024).listener(serverEvents)
        .bind(TcpServerTransport.create("127.0.0.1", 0)).block(TIMEOUT);
    int port = ((InetSocketAddress) server.address()).getPort();
    client = RSocketConnector.create().fragment(1024).listener(clientEvents)
        .connect(TcpClientTransport.create("127.0.0.1", port)).block(TIMEOUT);
  }

  @Test
  void everyInteractionStartsAndFinishesOnBothSidesWithItsOutcome() {
    start(SocketAcceptor.with(responder));

    StepVerifier.create(client.requestResponse(Payload.create("hello")))
        .consumeNextWith(Payload::release).verifyComplete();
    StepVerifier.create(client.requestResponse(Payload.create("fail")))
        .expectError(CustomRSocketException.class).verify(TIMEOUT);
    StepVerifier.create(client.requestResponse(Payload.create("boom")))
        .expectError(RSocketErrorException.class).verify(TIMEOUT);
    StepVerifier.create(client.fireAndForget(Payload.create("fnf"))).verifyComplete();
    StepVerifier.create(client.requestStream(Payload.create("three")))
        .thenConsumeWhile(p -> p.release() || true).verifyComplete();
    StepVerifier.create(client.requestStream(Payload.create("endless")).take(2))
        .thenConsumeWhile(p -> p.release() || true).verifyComplete();
    StepVerifier.create(client.requestChannel(Flux.just("a", "b").map(Payload::create)))
        .thenConsumeWhile(p -> p.release() || true).verifyComplete();
    StepVerifier.create(client.metadataPush(Payload.create("", "pushed"))).verifyComplete();

    List<String> expected = List.of(
        "REQUEST_RESPONSE COMPLETE 0", "REQUEST_RESPONSE ERROR 0x00000400",
        "REQUEST_RESPONSE ERROR 0x00000201", "REQUEST_FNF COMPLETE 0",
        "REQUEST_STREAM COMPLETE 0", "REQUEST_STREAM CANCEL 0", "REQUEST_CHANNEL COMPLETE 0",
        "METADATA_PUSH COMPLETE 0");
    assertThat(clientEvents.finished(StreamRole.REQUESTER)).containsExactlyElementsOf(expected);
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(
        serverEvents.finished(StreamRole.RESPONDER)).containsExactlyInAnyOrderElementsOf(expected));
    assertThat(clientEvents.started).hasSize(8).allMatch(s -> s.endsWith("REQUESTER"));
    assertThat(serverEvents.started).hasSize(8).allMatch(s -> s.endsWith("RESPONDER"));
    assertThat(serverEvents.finished(StreamRole.REQUESTER)).isEmpty();
  }

  @Test
  void framesAndBytesSentByOneSideAreTheOnesTheOtherReceives() {
    start(SocketAcceptor.with(responder));

    StepVerifier.create(client.requestResponse(Payload.create("hello")))
        .consumeNextWith(Payload::release).verifyComplete();

    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(serverEvents.received(FrameType.SETUP)).isEqualTo(clientEvents.sent(FrameType.SETUP));
      assertThat(serverEvents.received(FrameType.REQUEST_RESPONSE))
          .isEqualTo(clientEvents.sent(FrameType.REQUEST_RESPONSE));
      assertThat(clientEvents.received(FrameType.PAYLOAD))
          .isEqualTo(serverEvents.sent(FrameType.PAYLOAD));
    });
    // SETUP: 6 header + 2+2 version + 4+4 keepalive + 1+N+1+M MIME types + data "" = 20 + MIME
    assertThat(serverEvents.frameCount(FrameType.SETUP, true)).isEqualTo(1);
    assertThat(serverEvents.received(FrameType.SETUP)).isGreaterThan(20);
    // REQUEST_RESPONSE without metadata: 6 header + "hello"
    assertThat(clientEvents.sent(FrameType.REQUEST_RESPONSE)).isEqualTo(6 + 5);
    assertThat(clientEvents.frameCount(FrameType.REQUEST_RESPONSE, false)).isEqualTo(1);
  }

  @Test
  void fragmentsJoinedIntoOneRequestAreReported() {
    start(SocketAcceptor.with(responder));
    String large = "x".repeat(10 * 1024);

    StepVerifier.create(client.requestResponse(Payload.create(large)))
        .consumeNextWith(Payload::release).verifyComplete();

    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(serverEvents.reassembled).singleElement()
          .satisfies(r -> assertThat(r).startsWith("REQUEST_RESPONSE ").endsWith(" 10240"));
      assertThat(clientEvents.reassembled).singleElement()
          .satisfies(r -> assertThat(r).startsWith("PAYLOAD ").endsWith(" 10240"));
    });
    int fragments = Integer.parseInt(serverEvents.reassembled.peek().split(" ")[1]);
    assertThat(fragments).isEqualTo(serverEvents.frameCount(FrameType.REQUEST_RESPONSE, true)
        + serverEvents.frameCount(FrameType.PAYLOAD, true)).isGreaterThanOrEqualTo(10);
  }

  @Test
  void aRefusedSetupIsReportedOnTheServerAndAsAConnectionErrorOnTheClient() {
    start((setup, requester) -> Mono.error(new IllegalArgumentException("not you")));

    // the rejection, or the connection it closed when the request comes after it
    StepVerifier.create(client.requestResponse(Payload.create("hello")))
        .expectErrorMatches(e -> e instanceof RejectedSetupException
            || e instanceof ClosedConnectionException).verify(TIMEOUT);

    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(serverEvents.setupsRejected).containsExactly("0x00000003 not you");
      assertThat(clientEvents.connectionErrors).containsExactly("0x00000003 not you");
      assertThat(serverEvents.opened.get()).isEqualTo(1);
      assertThat(serverEvents.closed.get()).isEqualTo(1);
    });
    assertThat(serverEvents.setups.get()).isZero();
    assertThat(clientEvents.setups.get()).isEqualTo(1);
  }

  @Test
  void eachOpenedConnectionIsClosedOnce() {
    start(SocketAcceptor.with(responder));
    await().atMost(TIMEOUT).until(() -> serverEvents.setups.get() == 1);
    assertThat(serverEvents.opened.get()).isEqualTo(1);
    assertThat(clientEvents.opened.get()).isEqualTo(1);

    client.dispose();

    await().atMost(TIMEOUT).until(() -> serverEvents.closed.get() == 1);
    assertThat(clientEvents.closed.get()).isEqualTo(1);
  }

  @Test
  void composedListenersEachHearEveryCallEvenWhenOneFails() {
    AtomicInteger failing = new AtomicInteger();
    ConnectionListener throwing = new ConnectionListener() {
      @Override
      public void onFrameSent(RSocketConnection connection, FrameType type, int length) {
        failing.incrementAndGet();
        throw new IllegalStateException("listener failed on purpose");
      }
    };
    Recorder second = new Recorder();
    server = RSocketServer.create(SocketAcceptor.with(responder))
        .listener(ConnectionListener.compose(throwing, ConnectionListener.NONE, second))
        .bind(TcpServerTransport.create("127.0.0.1", 0)).block(TIMEOUT);
    client = RSocketConnector.create().connect(TcpClientTransport.create("127.0.0.1",
        ((InetSocketAddress) server.address()).getPort())).block(TIMEOUT);

    StepVerifier.create(client.requestResponse(Payload.create("hello")))
        .consumeNextWith(Payload::release).verifyComplete();

    await().atMost(TIMEOUT).untilAsserted(
        () -> assertThat(second.finished(StreamRole.RESPONDER)).hasSize(1));
    assertThat(second.frameCount(FrameType.PAYLOAD, false)).isEqualTo(1);
    assertThat(failing.get()).isEqualTo(1);
    assertThat(ConnectionListener.compose()).isSameAs(ConnectionListener.NONE);
    assertThat(ConnectionListener.compose(ConnectionListener.NONE, second)).isSameAs(second);
  }

  /** Records every callback, thread-safely. */
  static final class Recorder implements ConnectionListener {

    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger setups = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    final Queue<String> setupsRejected = new ConcurrentLinkedQueue<>();
    final Queue<String> connectionErrors = new ConcurrentLinkedQueue<>();
    final Queue<String> started = new ConcurrentLinkedQueue<>();
    final Queue<String[]> finished = new ConcurrentLinkedQueue<>();
    final Queue<String> reassembled = new ConcurrentLinkedQueue<>();
    final Map<String, LongAdder> frames = new ConcurrentHashMap<>();
    final Map<String, LongAdder> bytes = new ConcurrentHashMap<>();

    @Override
    public void onOpen(RSocketConnection connection) {
      opened.incrementAndGet();
    }

    @Override
    public void onSetup(RSocketConnection connection, ConnectionSetupPayload setup) {
      setups.incrementAndGet();
    }

    @Override
    public void onSetupRejected(RSocketConnection connection, RSocketErrorException error) {
      setupsRejected.add(ErrorCode.toHex(error.errorCode()) + " " + error.getMessage());
    }

    @Override
    public void onConnectionError(RSocketConnection connection, RSocketErrorException error) {
      connectionErrors.add(ErrorCode.toHex(error.errorCode()) + " " + error.getMessage());
    }

    @Override
    public void onClose(RSocketConnection connection, @Nullable Throwable cause) {
      closed.incrementAndGet();
    }

    @Override
    public void onStreamStarted(RSocketConnection connection, FrameType interaction,
        StreamRole role) {
      started.add(interaction + " " + role);
    }

    @Override
    public void onStreamFinished(RSocketConnection connection, FrameType interaction,
        StreamRole role, StreamOutcome outcome, int errorCode) {
      finished.add(new String[] {role.name(),
          interaction + " " + outcome + " " + (errorCode == 0 ? "0" : ErrorCode.toHex(errorCode))});
    }

    @Override
    public void onFrameReceived(RSocketConnection connection, FrameType type, int length) {
      count(true, type, length);
    }

    @Override
    public void onFrameSent(RSocketConnection connection, FrameType type, int length) {
      count(false, type, length);
    }

    @Override
    public void onFragmentsReassembled(RSocketConnection connection, FrameType type,
        int fragments, int payloadLength) {
      reassembled.add(type + " " + fragments + " " + payloadLength);
    }

    private void count(boolean in, FrameType type, int length) {
      String key = (in ? "in " : "out ") + type;
      frames.computeIfAbsent(key, k -> new LongAdder()).increment();
      bytes.computeIfAbsent(key, k -> new LongAdder()).add(length);
    }

    List<String> finished(StreamRole role) {
      return finished.stream().filter(f -> f[0].equals(role.name())).map(f -> f[1]).toList();
    }

    long received(FrameType type) {
      LongAdder adder = bytes.get("in " + type);
      return adder == null ? 0 : adder.sum();
    }

    long sent(FrameType type) {
      LongAdder adder = bytes.get("out " + type);
      return adder == null ? 0 : adder.sum();
    }

    long frameCount(FrameType type, boolean in) {
      LongAdder adder = frames.get((in ? "in " : "out ") + type);
      return adder == null ? 0 : adder.sum();
    }
  }
}
