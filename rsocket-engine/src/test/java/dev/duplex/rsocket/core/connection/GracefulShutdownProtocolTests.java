package dev.duplex.rsocket.core.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.rsocket.ConnectionListener;
import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.RSocketConnection;
import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.frame.FrameWriter;
import dev.duplex.rsocket.test.TestConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * A server connection draining for a graceful shutdown, driven frame by frame by the test as the
 * client: the peer's new requests are REJECTED, streams already open run to their end, and then
 * the connection sends ERROR[CONNECTION_CLOSE] and closes (checklist #143).
 */
class GracefulShutdownProtocolTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static final String CONNECTION_CLOSE = "ERROR stream=0 flags=- code=CONNECTION_CLOSE "
      + "message=\"The server is shutting down\"";

  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
  private final DefaultEventLoop loop = new DefaultEventLoop();
  private final TestConnection peer = TestConnection.standalone(loop);
  private final Sinks.Many<Payload> streamItems = Sinks.many().unicast().onBackpressureBuffer();
  private final List<String> fireAndForgets = new CopyOnWriteArrayList<>();
  private final Sinks.Many<String> metadataPushes = Sinks.many().replay().all();
  private final CompletableFuture<RSocketConnection> requester = new CompletableFuture<>();
  private final CountDownLatch streamStarted = new CountDownLatch(1);
  private ConnectionHandler handler;

  private final RSocket responder = new RSocket() {
    @Override
    public Mono<Payload> requestResponse(Payload payload) {
      return Mono.just(payload);
    }

    @Override
    public Mono<Void> fireAndForget(Payload payload) {
      fireAndForgets.add(payload.dataUtf8());
      payload.release();
      return Mono.empty();
    }

    @Override
    public Flux<Payload> requestStream(Payload payload) {
      payload.release();
      return streamItems.asFlux().doOnSubscribe(s -> streamStarted.countDown());
    }

    @Override
    public Flux<Payload> requestChannel(Publisher<Payload> payloads) {
      return Flux.from(payloads).map(p -> {
        String text = p.dataUtf8();
        p.release();
        return Payload.create("echo " + text);
      });
    }

    @Override
    public Mono<Void> metadataPush(Payload payload) {
      metadataPushes.tryEmitNext(payload.metadataUtf8());
      payload.release();
      return Mono.empty();
    }
  };

  @AfterEach
  void close() throws InterruptedException {
    peer.dispose();
    peer.onClose().block(TIMEOUT);
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    peer.releaseUnread();
  }

  private void serve() throws Exception {
    SocketAcceptor acceptor = (setup, connection) -> {
      requester.complete(connection);
      return Mono.just(responder);
    };
    CompletableFuture<ConnectionHandler> served = new CompletableFuture<>();
    loop.execute(() -> served.complete(ConnectionHandler.serve(peer, acceptor,
        Duration.ofSeconds(10), ConnectionSettings.DEFAULTS, ConnectionListener.NONE)));
    handler = served.get(5, TimeUnit.SECONDS);
  }

  private void serveAndSetUp() throws Exception {
    serve();
    peer.inject(FrameWriter.setup(alloc, 1, 0, 20_000, 90_000, null, false,
        "application/binary", "application/binary", null, Unpooled.EMPTY_BUFFER));
    requester.get(5, TimeUnit.SECONDS);
  }

  private ByteBuf utf8(String text) {
    return ByteBufUtil.writeUtf8(alloc, text);
  }

  private String next() throws InterruptedException {
    String frame = peer.nextSent(TIMEOUT);
    assertThat(frame).as("a frame from the server").isNotNull();
    return frame;
  }

  /** The next frame sent other than REQUEST_N, whose timing depends on the responder's demand. */
  private String nextBesidesRequestN() throws InterruptedException {
    String frame = next();
    while (frame.startsWith("REQUEST_N")) {
      frame = next();
    }
    return frame;
  }

  /** Opens stream 1 from the peer and waits until the responder serves it. */
  private void openStream() throws InterruptedException {
    peer.inject(FrameWriter.requestStream(alloc, 1, 10, null, utf8("keeps it open"), false));
    assertThat(streamStarted.await(5, TimeUnit.SECONDS)).as("stream started").isTrue();
  }

  private void assertClosed() {
    StepVerifier.create(peer.onClose()).expectComplete().verify(TIMEOUT);
  }

  @Test
  void anInFlightStreamDeliversEveryElementAndANewRequestIsRejected() throws Exception {
    serveAndSetUp();
    openStream();
    streamItems.tryEmitNext(Payload.create("one"));
    assertThat(next()).isEqualTo("PAYLOAD stream=1 flags=N data=3B");

    CompletableFuture<Void> drained = handler.drain().toFuture();
    peer.inject(FrameWriter.requestResponse(alloc, 3, null, utf8("too late"), false));
    assertThat(next()).isEqualTo("ERROR stream=3 flags=- code=REJECTED message=\"REQUEST_RESPONSE"
        + " on stream 3 rejected: The server is shutting down\"");
    assertThat(drained).as("drained while stream 1 is open").isNotDone();

    streamItems.tryEmitNext(Payload.create("two"));
    assertThat(next()).isEqualTo("PAYLOAD stream=1 flags=N data=3B");
    streamItems.tryEmitNext(Payload.create("three"));
    assertThat(next()).isEqualTo("PAYLOAD stream=1 flags=N data=5B");
    assertThat(drained).isNotDone();
    streamItems.tryEmitComplete();

    assertThat(next()).isEqualTo("PAYLOAD stream=1 flags=C data=0B");
    assertThat(next()).isEqualTo(CONNECTION_CLOSE);
    assertClosed();
    drained.get(5, TimeUnit.SECONDS);
  }

  @Test
  void everyKindOfNewRequestIsRejectedWhileDraining() throws Exception {
    serveAndSetUp();
    openStream();
    handler.drain();
    peer.inject(FrameWriter.requestStream(alloc, 3, 1, null, utf8("stream"), false));
    peer.inject(FrameWriter.requestChannel(alloc, 5, 1, null, utf8("channel"), false, false));
    peer.inject(FrameWriter.requestResponse(alloc, 7, null, utf8("fragmented"), true));

    assertThat(next()).isEqualTo("ERROR stream=3 flags=- code=REJECTED message=\"REQUEST_STREAM"
        + " on stream 3 rejected: The server is shutting down\"");
    assertThat(next()).isEqualTo("ERROR stream=5 flags=- code=REJECTED message=\"REQUEST_CHANNEL"
        + " on stream 5 rejected: The server is shutting down\"");
    assertThat(next()).isEqualTo("ERROR stream=7 flags=- code=REJECTED message=\"REQUEST_RESPONSE"
        + " on stream 7 rejected: The server is shutting down\"");
  }

  @Test
  void fireAndForgetIsDroppedAndMetadataPushDeliveredWhileDraining() throws Exception {
    serveAndSetUp();
    peer.inject(FrameWriter.requestFireAndForget(alloc, 3, null, utf8("before"), false));
    openStream(); // read after the fire-and-forget
    handler.drain();
    peer.inject(FrameWriter.requestFireAndForget(alloc, 5, null, utf8("after"), false));
    peer.inject(FrameWriter.metadataPush(alloc, utf8("pushed")));

    StepVerifier.create(metadataPushes.asFlux().take(1)).expectNext("pushed").expectComplete()
        .verify(TIMEOUT);
    assertThat(fireAndForgets).containsExactly("before"); // no answer can be sent (checklist #109)
  }

  @Test
  void aChannelInFlightGoesOnInBothDirections() throws Exception {
    serveAndSetUp();
    peer.inject(FrameWriter.requestChannel(alloc, 1, 10, null, utf8("a"), false, false));
    assertThat(nextBesidesRequestN()).isEqualTo("PAYLOAD stream=1 flags=N data=6B");

    CompletableFuture<Void> drained = handler.drain().toFuture();
    peer.inject(FrameWriter.payload(alloc, 1, null, utf8("bb"), false, false, true));
    assertThat(nextBesidesRequestN()).isEqualTo("PAYLOAD stream=1 flags=N data=7B");
    peer.inject(FrameWriter.payload(alloc, 1, null, utf8("ccc"), false, true, true));
    assertThat(nextBesidesRequestN()).isEqualTo("PAYLOAD stream=1 flags=N data=8B");
    assertThat(nextBesidesRequestN()).isEqualTo("PAYLOAD stream=1 flags=C data=0B");

    assertThat(next()).isEqualTo(CONNECTION_CLOSE);
    assertClosed();
    drained.get(5, TimeUnit.SECONDS);
  }

  @Test
  void aStreamTheServerRequestedFinishesToo() throws Exception {
    serveAndSetUp();
    Flux<String> answers = requester.get().requestStream(Payload.create("call back"))
        .map(payload -> {
          String text = payload.dataUtf8();
          payload.release();
          return text;
        });
    CompletableFuture<List<String>> received = answers.collectList().toFuture();
    assertThat(next()).isEqualTo("REQUEST_STREAM stream=2 flags=- n=2147483647 data=9B");

    CompletableFuture<Void> drained = handler.drain().toFuture();
    peer.inject(FrameWriter.payload(alloc, 2, null, utf8("x"), false, false, true));
    peer.inject(FrameWriter.payload(alloc, 2, null, utf8("y"), false, true, true));

    assertThat(received.get(5, TimeUnit.SECONDS)).containsExactly("x", "y");
    assertThat(next()).isEqualTo(CONNECTION_CLOSE);
    assertClosed();
    drained.get(5, TimeUnit.SECONDS);
  }

  @Test
  void aConnectionWithoutStreamsClosesAtOnce() throws Exception {
    serveAndSetUp();
    peer.inject(FrameWriter.requestResponse(alloc, 1, null, utf8("answered"), false));
    assertThat(next()).isEqualTo("PAYLOAD stream=1 flags=C|N data=8B");

    StepVerifier.create(handler.drain()).expectComplete().verify(TIMEOUT);
    assertThat(next()).isEqualTo(CONNECTION_CLOSE);
    assertClosed();
  }

  @Test
  void aConnectionInItsHandshakeIsRefused() throws Exception {
    serve();

    StepVerifier.create(handler.drain()).expectComplete().verify(TIMEOUT);
    assertThat(next()).isEqualTo("ERROR stream=0 flags=- code=REJECTED_SETUP "
        + "message=\"The server is shutting down\"");
    assertClosed();
  }

  @Test
  void aStreamCancelledByThePeerEndsTheDrain() throws Exception {
    serveAndSetUp();
    openStream();
    streamItems.tryEmitNext(Payload.create("one"));
    assertThat(next()).isEqualTo("PAYLOAD stream=1 flags=N data=3B");

    CompletableFuture<Void> drained = handler.drain().toFuture();
    peer.inject(FrameWriter.cancel(alloc, 1));

    assertThat(next()).isEqualTo(CONNECTION_CLOSE);
    assertClosed();
    drained.get(5, TimeUnit.SECONDS);
  }
}
