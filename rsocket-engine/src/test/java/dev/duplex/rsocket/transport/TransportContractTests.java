package dev.duplex.rsocket.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

import dev.duplex.rsocket.Closeable;
import dev.duplex.rsocket.frame.FrameType;
import dev.duplex.rsocket.frame.FrameWriter;
import dev.duplex.rsocket.transport.RecordingReceiver.ReceivedFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * What every transport must do, run against real connections by one subclass per transport: an
 * echo server, a client, and frames built with {@link FrameWriter} and checked with the frame
 * reader. Everything a test opens is closed, and waited for, after it.
 */
public abstract class TransportContractTests {

  /** How long to wait for a bind, a connect, a close or a frame. */
  protected static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final List<BoundServer> servers = new CopyOnWriteArrayList<>();
  private final List<DuplexConnection> connections = new CopyOnWriteArrayList<>();
  private final List<RecordingReceiver> receivers = new CopyOnWriteArrayList<>();

  /** The connections the servers accepted. */
  protected final List<DuplexConnection> serverConnections = new CopyOnWriteArrayList<>();

  /** The receivers of the connections an echo server accepted. */
  protected final List<RecordingReceiver> serverReceivers = new CopyOnWriteArrayList<>();

  /** A server transport on a free port or a fresh name. */
  protected abstract ServerTransport serverTransport();

  /** A client transport to {@code server}. */
  protected abstract ClientTransport clientTransport(BoundServer server);

  @AfterEach
  void closeEverything() {
    connections.forEach(TransportContractTests::closeAndWait);
    serverConnections.forEach(TransportContractTests::closeAndWait);
    servers.forEach(TransportContractTests::closeAndWait);
    for (RecordingReceiver receiver : receivers) {
      assertThat(receiver.callsOffTheEventLoop()).as("receiver calls off the event loop").isZero();
    }
  }

  @Test
  void manySmallFramesArriveWholeAndInOrder() {
    Client client = connect(startEchoServer());
    int count = 10_000;

    client.connection().eventLoop().execute(() -> {
      for (int streamId = 1; streamId <= count; streamId++) {
        client.connection().send(FrameWriter.requestN(client.connection().alloc(), streamId, 1));
      }
    });

    awaitFrames(client.receiver(), count);
    assertThat(client.receiver().frames()).extracting(ReceivedFrame::streamId)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, count).boxed().toList());
    assertThat(client.receiver().frames()).allSatisfy(frame -> {
      assertThat(frame.type()).isEqualTo(FrameType.REQUEST_N);
      assertThat(frame.length()).isEqualTo(10);
    });
  }

  @Test
  void sendsFromOtherThreadsAllArriveInTheirOrder() throws Exception {
    Client client = connect(startEchoServer());
    int perThread = 5_000;

    CompletableFuture<?>[] senders = IntStream.range(0, 2)
        .mapToObj(thread -> CompletableFuture.runAsync(() -> {
          for (int i = 1; i <= perThread; i++) {
            client.connection().send(
                FrameWriter.requestN(client.connection().alloc(), thread * perThread + i, 1));
          }
        }))
        .toArray(CompletableFuture<?>[]::new);
    CompletableFuture.allOf(senders).get();

    awaitFrames(client.receiver(), 2 * perThread);
    List<Integer> streamIds = client.receiver().frames().stream()
        .map(ReceivedFrame::streamId).toList();
    assertThat(streamIds.stream().filter(id -> id <= perThread))
        .containsExactlyElementsOf(IntStream.rangeClosed(1, perThread).boxed().toList());
    assertThat(streamIds.stream().filter(id -> id > perThread))
        .containsExactlyElementsOf(
            IntStream.rangeClosed(perThread + 1, 2 * perThread).boxed().toList());
  }

  @Test
  void largestFrameArrivesWhole() {
    Client client = connect(startEchoServer());
    byte[] data = new byte[FrameWriter.MAX_FRAME_LENGTH - 6];
    new Random(42).nextBytes(data);
    ByteBufAllocator alloc = client.connection().alloc();
    ByteBuf frame = FrameWriter.payload(alloc, 1, null,
        alloc.buffer(data.length).writeBytes(data), false, true, true);
    long crc = ReceivedFrame.crc(frame);
    assertThat(frame.readableBytes()).isEqualTo(FrameWriter.MAX_FRAME_LENGTH);

    client.connection().send(frame);

    awaitFrames(client.receiver(), 1);
    ReceivedFrame echoed = client.receiver().frames().get(0);
    assertThat(echoed.type()).isEqualTo(FrameType.PAYLOAD);
    assertThat(echoed.length()).isEqualTo(FrameWriter.MAX_FRAME_LENGTH);
    assertThat(echoed.crc()).isEqualTo(crc);
    assertThat(serverReceivers.get(0).frames()).containsExactly(echoed);
  }

  @Test
  void manyMegabytesFlowBothWaysWithoutStalling() {
    Client client = connect(startEchoServer());
    int count = 2_048;
    int dataLength = 16 * 1024;

    for (int i = 1; i <= count; i++) {
      ByteBufAllocator alloc = client.connection().alloc();
      ByteBuf data = alloc.buffer(dataLength).writeZero(dataLength).setInt(0, i);
      client.connection().send(FrameWriter.payload(alloc, i, null, data, false, false, true));
    }

    awaitFrames(client.receiver(), count);
    assertThat(client.receiver().frames()).extracting(ReceivedFrame::streamId)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, count).boxed().toList());
    assertThat(serverReceivers.get(0).frameCount()).isEqualTo(count);
  }

  @Test
  void clientCloseIsSeenByTheServer() {
    Client client = connect(startEchoServer());
    await().atMost(TIMEOUT).until(() -> serverReceivers.size() == 1);

    client.connection().dispose();

    StepVerifier.create(client.connection().onClose()).expectComplete().verify(TIMEOUT);
    assertThat(client.connection().isDisposed()).isTrue();
    assertThat(client.receiver().closed()).succeedsWithin(TIMEOUT).isEqualTo(Optional.empty());
    assertThat(serverReceivers.get(0).closed()).succeedsWithin(TIMEOUT)
        .isEqualTo(Optional.empty());
    StepVerifier.create(serverConnections.get(0).onClose()).expectComplete().verify(TIMEOUT);
    assertThat(serverConnections.get(0).isDisposed()).isTrue();
  }

  @Test
  void serverCloseIsSeenByTheClient() {
    Client client = connect(startEchoServer());
    await().atMost(TIMEOUT).until(() -> serverConnections.size() == 1);

    serverConnections.get(0).dispose();

    StepVerifier.create(serverConnections.get(0).onClose()).expectComplete().verify(TIMEOUT);
    assertThat(client.receiver().closed()).succeedsWithin(TIMEOUT).isEqualTo(Optional.empty());
    StepVerifier.create(client.connection().onClose()).expectComplete().verify(TIMEOUT);
    assertThat(client.connection().isDisposed()).isTrue();
  }

  @Test
  void framesSentAfterCloseAreReleased() {
    Client client = connect(startEchoServer());
    client.connection().dispose();
    StepVerifier.create(client.connection().onClose()).expectComplete().verify(TIMEOUT);
    ByteBuf frame = FrameWriter.cancel(client.connection().alloc(), 1);

    client.connection().send(frame);

    await().atMost(TIMEOUT).until(() -> frame.refCnt() == 0);
  }

  @Test
  void framesSentBeforeTheServerStartsReadingAreDeliveredWhenItStarts() {
    List<DuplexConnection> accepted = new CopyOnWriteArrayList<>();
    Client client = connect(startServer(accepted::add));
    for (int streamId = 1; streamId <= 100; streamId++) {
      client.connection().send(FrameWriter.requestN(client.connection().alloc(), streamId, 1));
    }
    await().atMost(TIMEOUT).until(() -> accepted.size() == 1);

    RecordingReceiver receiver = RecordingReceiver.echo(accepted.get(0));
    receivers.add(receiver);
    accepted.get(0).start(receiver);

    awaitFrames(receiver, 100);
    awaitFrames(client.receiver(), 100);
    assertThat(receiver.frames()).extracting(ReceivedFrame::streamId)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 100).boxed().toList());
  }

  @Test
  void startingTwiceFails() {
    Client client = connect(startEchoServer());

    assertThatIllegalStateException()
        .isThrownBy(() -> client.connection()
            .start(RecordingReceiver.recording(client.connection())))
        .withMessageContaining("a receiver is already registered");
  }

  @Test
  void receiverThatThrowsClosesTheConnectionWithItsError() {
    RuntimeException failure = new IllegalStateException("receiver failed");
    List<ByteBuf> delivered = new CopyOnWriteArrayList<>();
    CompletableFuture<Optional<Throwable>> closed = new CompletableFuture<>();
    BoundServer server = startServer(connection -> connection.start(new FrameReceiver() {
      @Override
      public void onFrame(ByteBuf frame) {
        delivered.add(frame);
        throw failure;
      }

      @Override
      public void onTransportError(Throwable cause) {
      }

      @Override
      public void onWritabilityChanged(boolean writable) {
      }

      @Override
      public void onClosed(Throwable cause) {
        closed.complete(Optional.ofNullable(cause));
      }
    }));
    Client client = connect(server);

    client.connection().send(FrameWriter.cancel(client.connection().alloc(), 1));

    assertThat(closed).succeedsWithin(TIMEOUT).isEqualTo(Optional.of(failure));
    StepVerifier.create(serverConnections.get(0).onClose()).expectErrorMatches(e -> e == failure)
        .verify(TIMEOUT);
    assertThat(delivered).singleElement().extracting(ByteBuf::refCnt).isEqualTo(0);
    assertThat(client.receiver().closed()).succeedsWithin(TIMEOUT);
  }

  @Test
  void disposedServerStopsAccepting() {
    BoundServer server = startEchoServer();
    ClientTransport transport = clientTransport(server);

    server.dispose();

    StepVerifier.create(server.onClose()).expectComplete().verify(TIMEOUT);
    assertThat(server.isDisposed()).isTrue();
    StepVerifier.create(transport.connect()).expectError().verify(TIMEOUT);
  }

  /** Starts a server whose connections are handed to {@code acceptor} and closed after the test. */
  protected BoundServer startServer(Consumer<DuplexConnection> acceptor) {
    return startServer(serverTransport(), acceptor);
  }

  /** Starts {@code transport} with {@code acceptor}; what it opens is closed after the test. */
  protected BoundServer startServer(ServerTransport transport,
      Consumer<DuplexConnection> acceptor) {
    BoundServer server = transport
        .start(connection -> {
          serverConnections.add(connection);
          acceptor.accept(connection);
        })
        .block(TIMEOUT);
    assertThat(server).isNotNull();
    servers.add(server);
    return server;
  }

  /** Starts a server that records what each connection receives and sends it back. */
  protected BoundServer startEchoServer() {
    return startEchoServer(serverTransport());
  }

  /** Starts {@code transport} as a server that records what it receives and sends it back. */
  protected BoundServer startEchoServer(ServerTransport transport) {
    return startServer(transport, connection -> {
      RecordingReceiver receiver = RecordingReceiver.echo(connection);
      serverReceivers.add(receiver);
      receivers.add(receiver);
      connection.start(receiver);
    });
  }

  /** Connects to {@code server} and starts a recording receiver on the connection. */
  protected Client connect(BoundServer server) {
    return connect(clientTransport(server));
  }

  /** Connects with {@code transport} and starts a recording receiver on the connection. */
  protected Client connect(ClientTransport transport) {
    DuplexConnection connection = transport.connect().block(TIMEOUT);
    assertThat(connection).isNotNull();
    connections.add(connection);
    RecordingReceiver receiver = RecordingReceiver.recording(connection);
    receivers.add(receiver);
    connection.start(receiver);
    return new Client(connection, receiver);
  }

  /** Waits until {@code receiver} has {@code count} frames. */
  protected static void awaitFrames(RecordingReceiver receiver, int count) {
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(receiver.frameCount()).isEqualTo(count));
  }

  /** Disposes {@code closeable} and waits until it has closed, whichever way. */
  protected static void closeAndWait(Closeable closeable) {
    closeable.dispose();
    closeable.onClose().onErrorComplete().block(TIMEOUT);
  }

  /** A client connection and the receiver started on it. */
  protected record Client(DuplexConnection connection, RecordingReceiver receiver) {
  }
}
