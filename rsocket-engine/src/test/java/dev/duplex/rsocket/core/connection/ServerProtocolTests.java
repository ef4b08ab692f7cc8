package dev.duplex.rsocket.core.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.rsocket.ConnectionListener;
import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.frame.FrameDecodingException;
import dev.duplex.rsocket.frame.FrameWriter;
import dev.duplex.rsocket.test.TestConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * A server connection driven frame by frame by the test, as a misbehaving client would, and judged
 * by the spec (checklist numbers in each test).
 */
class ServerProtocolTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Duration QUIET = Duration.ofMillis(100);

  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
  private final DefaultEventLoop loop = new DefaultEventLoop();
  private final TestConnection peer = TestConnection.standalone(loop);

  private static final RSocket ECHO = new RSocket() {
    @Override
    public Mono<Payload> requestResponse(Payload payload) {
      return Mono.just(payload);
    }

    @Override
    public Flux<Payload> requestStream(Payload payload) {
      payload.release();
      return Flux.range(0, 1000).map(i -> Payload.create("item"));
    }
  };

  @AfterEach
  void close() throws InterruptedException {
    peer.dispose();
    peer.onClose().block(TIMEOUT);
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    peer.releaseUnread();
  }

  private void serve(Duration maxTimeToFirstFrame) {
    serve(maxTimeToFirstFrame, ConnectionSettings.DEFAULTS.withMaxInboundPayloadSize(1024));
  }

  private void serve(Duration maxTimeToFirstFrame, ConnectionSettings settings) {
    loop.execute(() -> ConnectionHandler.serve(peer, SocketAcceptor.with(ECHO),
        maxTimeToFirstFrame, settings, ConnectionListener.NONE));
  }

  private void serveAndSetUp() {
    serve(Duration.ofSeconds(10));
    peer.inject(setup(1));
  }

  private ByteBuf setup(int majorVersion) {
    return FrameWriter.setup(alloc, majorVersion, 0, 20_000, 90_000, null, false,
        "application/binary", "application/binary", null, Unpooled.EMPTY_BUFFER);
  }

  private ByteBuf request(int streamId, String data) {
    return FrameWriter.requestResponse(alloc, streamId, null, ByteBufUtil.writeUtf8(alloc, data),
        false);
  }

  private String next() throws InterruptedException {
    String frame = peer.nextSent(TIMEOUT);
    assertThat(frame).as("a frame from the server").isNotNull();
    return frame;
  }

  private void assertClosed() {
    StepVerifier.create(peer.onClose()).expectComplete().verify(TIMEOUT);
  }

  @Test
  void aRequestBeforeSetupIsRefusedWithInvalidSetup() throws InterruptedException {
    serve(Duration.ofSeconds(10));
    peer.inject(request(1, "too early"));

    assertThat(next()).isEqualTo("ERROR stream=0 flags=- code=INVALID_SETUP message=\""
        + "REQUEST_RESPONSE before SETUP (expected: SETUP or RESUME first, checklist #83)\"");
    assertClosed();
  }

  @Test
  void anUnsupportedMajorVersionIsRefused() throws InterruptedException {
    serve(Duration.ofSeconds(10));
    peer.inject(setup(2));

    assertThat(next()).isEqualTo("ERROR stream=0 flags=- code=UNSUPPORTED_SETUP message=\""
        + "Unsupported protocol version 2.0 (expected: 1.x)\"");
    assertClosed();
  }

  @Test
  void setupWithAResumeTokenIsRejectedAsResumptionIsNotSupported() throws InterruptedException {
    serve(Duration.ofSeconds(10));
    peer.inject(FrameWriter.setup(alloc, 1, 0, 20_000, 90_000, Unpooled.wrappedBuffer(new byte[4]),
        false, "application/binary", "application/binary", null, Unpooled.EMPTY_BUFFER));

    assertThat(next()).startsWith("ERROR stream=0 flags=- code=REJECTED_SETUP");
    assertClosed();
  }

  @Test
  void resumeIsRejectedAsResumptionIsNotSupported() throws InterruptedException {
    serve(Duration.ofSeconds(10));
    peer.inject(FrameWriter.resume(alloc, 1, 0, Unpooled.wrappedBuffer(new byte[4]), 0, 0));

    assertThat(next()).isEqualTo("ERROR stream=0 flags=- code=REJECTED_RESUME message=\""
        + "Resumption is not supported by this server\"");
    assertClosed();
  }

  @Test
  void setupWithZeroKeepAliveIsInvalid() throws InterruptedException {
    serve(Duration.ofSeconds(10));
    peer.inject(FrameWriter.setup(alloc, 1, 0, 0, 90_000, null, false, "a", "b", null,
        Unpooled.EMPTY_BUFFER));

    assertThat(next()).startsWith("ERROR stream=0 flags=- code=INVALID_SETUP message=\""
        + "SETUP with keepalive interval 0 ms");
  }

  @Test
  void noSetupWithinTheMaxTimeToFirstFrameClosesTheConnection() throws InterruptedException {
    serve(Duration.ofMillis(50));

    assertThat(next()).isEqualTo("ERROR stream=0 flags=- code=INVALID_SETUP message=\""
        + "No SETUP frame within 50 ms of connecting (max time to first frame)\"");
    assertClosed();
  }

  @Test
  void requestsRightBehindSetupAreServed() throws InterruptedException {
    serve(Duration.ofSeconds(10));
    peer.inject(setup(1));
    peer.inject(request(1, "false start")); // checklist #95

    assertThat(next()).isEqualTo("PAYLOAD stream=1 flags=C|N data=11B");
  }

  @Test
  void aSecondSetupIsIgnored() throws InterruptedException {
    serveAndSetUp();
    peer.inject(setup(2));
    peer.inject(request(1, "still here")); // checklist #96

    assertThat(next()).isEqualTo("PAYLOAD stream=1 flags=C|N data=10B");
  }

  @Test
  void aRequestOnAnEvenIdFromAClientIsAStreamError() throws InterruptedException {
    serveAndSetUp();
    peer.inject(request(2, "wrong parity"));
    peer.inject(request(3, "right parity"));

    assertThat(next()).isEqualTo("ERROR stream=2 flags=- code=INVALID message=\"REQUEST_RESPONSE"
        + " on stream 2, an ID this side issues (expected: the client's odd IDs, checklist #70)\"");
    assertThat(next()).isEqualTo("PAYLOAD stream=3 flags=C|N data=12B");
  }

  @Test
  void aRequestOnStreamZeroIsAConnectionError() throws InterruptedException {
    serveAndSetUp();
    peer.inject(request(0, "connection stream"));

    assertThat(next()).isEqualTo("ERROR stream=0 flags=- code=CONNECTION_ERROR message=\""
        + "REQUEST_RESPONSE on stream 0 (expected: stream ID > 0)\"");
    assertClosed();
  }

  @Test
  void requestNOfZeroEndsThatStreamOnly() throws InterruptedException {
    serveAndSetUp();
    peer.inject(FrameWriter.requestStream(alloc, 1, 1, null, Unpooled.EMPTY_BUFFER, false));
    assertThat(next()).isEqualTo("PAYLOAD stream=1 flags=N data=4B");
    peer.inject(FrameWriter.requestN(alloc, 1, 0));

    assertThat(next()).isEqualTo("ERROR stream=1 flags=- code=INVALID message=\"REQUEST_N on "
        + "stream 1 with n=0 (expected: n > 0, checklist #54)\"");
    peer.inject(request(3, "next"));
    assertThat(next()).isEqualTo("PAYLOAD stream=3 flags=C|N data=4B");
  }

  @Test
  void initialRequestNOfZeroIsAStreamError() throws InterruptedException {
    serveAndSetUp();
    peer.inject(FrameWriter.requestStream(alloc, 1, 0, null, Unpooled.EMPTY_BUFFER, false));

    assertThat(next()).startsWith("ERROR stream=1 flags=- code=INVALID message=\"REQUEST_STREAM "
        + "on stream 1 with initial request n=0");
  }

  @Test
  void framesForUnknownStreamsAreIgnored() throws InterruptedException {
    serveAndSetUp();
    peer.inject(FrameWriter.payload(alloc, 7, null, Unpooled.EMPTY_BUFFER, false, true, true));
    peer.inject(FrameWriter.requestN(alloc, 9, 5));
    peer.inject(FrameWriter.cancel(alloc, 11));
    peer.inject(FrameWriter.error(alloc, 13, 0x201, "nobody"));
    peer.inject(request(1, "ok")); // checklist #126-#130

    assertThat(next()).isEqualTo("PAYLOAD stream=1 flags=C|N data=2B");
  }

  @Test
  void keepAliveWithRespondIsAnsweredWithTheSameData() throws InterruptedException {
    serveAndSetUp();
    peer.inject(FrameWriter.keepAlive(alloc, true, 0, ByteBufUtil.writeUtf8(alloc, "ping")));

    ByteBuf answer = peer.nextSentFrame(TIMEOUT);
    try {
      assertThat(answer).isNotNull();
      // KEEPALIVE on stream 0, R clear, position 0, data "ping" (checklist #149)
      assertThat(ByteBufUtil.hexDump(answer)).isEqualTo("00000000" + "0c00" + "0000000000000000"
          + ByteBufUtil.hexDump("ping".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } finally {
      if (answer != null) {
        answer.release();
      }
    }
  }

  @Test
  void unknownFrameTypeWithIgnoreFlagIsDropped() throws InterruptedException {
    serveAndSetUp();
    peer.inject(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("00000001" + "7E00"))); // 0x1F, I
    peer.inject(request(1, "after"));

    assertThat(next()).isEqualTo("PAYLOAD stream=1 flags=C|N data=5B");
  }

  @Test
  void unknownFrameTypeWithoutIgnoreFlagIsAConnectionError() throws InterruptedException {
    serveAndSetUp();
    peer.inject(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("00000001" + "7C00"))); // 0x1F

    assertThat(next()).isEqualTo("ERROR stream=0 flags=- code=CONNECTION_ERROR message=\""
        + "Unknown frame type 0x1F on stream 1 with the ignore flag clear (checklist #14, #15)\"");
    assertClosed();
  }

  @Test
  void metadataLengthPastTheEndIsAConnectionError() throws InterruptedException {
    serveAndSetUp();
    // REQUEST_RESPONSE stream 1, M flag, metadata length 16 but 2 bytes follow (checklist #21)
    peer.inject(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("00000001" + "1100" + "000010"
        + "abcd")));

    assertThat(next()).startsWith("ERROR stream=0 flags=- code=CONNECTION_ERROR message=\""
        + "REQUEST_RESPONSE frame on stream 1: frame of 11 bytes is too short for the metadata");
    assertClosed();
  }

  @Test
  void aTransportErrorIsAConnectionError() throws InterruptedException {
    serveAndSetUp();
    peer.injectTransportError(new FrameDecodingException("Frame length 5 is smaller than the "
        + "6-byte frame header (checklist #6)", null, 0, false));

    assertThat(next()).isEqualTo("ERROR stream=0 flags=- code=CONNECTION_ERROR message=\""
        + "Frame length 5 is smaller than the 6-byte frame header (checklist #6)\"");
    assertClosed();
  }

  @Test
  void fragmentsOfARequestAreReassembled() throws InterruptedException {
    serveAndSetUp();
    // REQUEST_RESPONSE with F, metadata "ab", data "cd"; then PAYLOAD F+N with metadata "e" and
    // data "f"; then PAYLOAD N with data "gh" (checklist #171, #172)
    peer.inject(FrameWriter.requestResponse(alloc, 1, utf8("ab"), utf8("cd"), true));
    peer.inject(FrameWriter.payload(alloc, 1, utf8("e"), utf8("f"), true, false, true));
    peer.inject(FrameWriter.payload(alloc, 1, null, utf8("gh"), false, false, true));

    assertThat(next()).isEqualTo("PAYLOAD stream=1 flags=M|C|N metadata=3B data=5B");
  }

  @Test
  void fragmentsBeyondTheMaxInboundPayloadSizeRejectTheRequest() throws InterruptedException {
    serveAndSetUp(); // max inbound payload 1024 bytes
    peer.inject(FrameWriter.requestResponse(alloc, 1, null, Unpooled.wrappedBuffer(new byte[600]),
        true));
    peer.inject(FrameWriter.payload(alloc, 1, null, Unpooled.wrappedBuffer(new byte[600]), true,
        false, true));
    peer.inject(FrameWriter.payload(alloc, 1, null, Unpooled.wrappedBuffer(new byte[600]), false,
        false, true)); // ignored: the stream is gone

    assertThat(next()).isEqualTo("ERROR stream=1 flags=- code=REJECTED message=\"REQUEST_RESPONSE"
        + " on stream 1: Reassembled payload of more than 1024 bytes (the max inbound payload "
        + "size)\"");
    peer.inject(request(3, "other streams go on"));
    assertThat(next()).isEqualTo("PAYLOAD stream=3 flags=C|N data=19B");
  }

  @Test
  void cancelInTheMiddleOfAFragmentedRequestDiscardsIt() throws InterruptedException {
    serveAndSetUp();
    peer.inject(FrameWriter.requestResponse(alloc, 1, null, utf8("part"), true));
    peer.inject(FrameWriter.cancel(alloc, 1)); // checklist #175
    peer.inject(FrameWriter.payload(alloc, 1, null, utf8("rest"), false, false, true));
    peer.inject(request(3, "next"));

    assertThat(next()).isEqualTo("PAYLOAD stream=3 flags=C|N data=4B");
    assertThat(peer.nextSent(QUIET)).isNull();
  }

  @Test
  void requestsBeyondTheMaxConcurrentStreamsAreRejected() throws InterruptedException {
    serve(Duration.ofSeconds(10), ConnectionSettings.DEFAULTS.withMaxConcurrentStreams(2));
    peer.inject(setup(1));
    for (int streamId = 1; streamId <= 5; streamId += 2) {
      peer.inject(FrameWriter.requestStream(alloc, streamId, 1, null, Unpooled.EMPTY_BUFFER,
          false));
    }

    assertThat(List.of(next(), next(), next())).containsExactlyInAnyOrder(
        "PAYLOAD stream=1 flags=N data=4B",
        "PAYLOAD stream=3 flags=N data=4B",
        "ERROR stream=5 flags=- code=REJECTED message=\"REQUEST_STREAM on stream 5 rejected: the "
            + "peer already has 2 streams open (max concurrent streams)\"");
    peer.inject(FrameWriter.cancel(alloc, 1));
    peer.inject(request(7, "room again"));
    assertThat(next()).isEqualTo("PAYLOAD stream=7 flags=C|N data=10B");
  }

  @Test
  void aStreamWaitsWhileTheConnectionCannotWrite() throws InterruptedException {
    serveAndSetUp();
    peer.setWritable(false);
    peer.inject(FrameWriter.requestStream(alloc, 1, 1000, null, Unpooled.EMPTY_BUFFER, false));

    assertThat(peer.nextSent(QUIET)).as("nothing is produced while unwritable").isNull();
    peer.setWritable(true);
    for (int i = 0; i < 1000; i++) {
      assertThat(next()).isEqualTo("PAYLOAD stream=1 flags=N data=4B");
    }
  }

  @Test
  void aPeerThatStopsReadingIsClosedAfterTheWriteStallTimeout() throws InterruptedException {
    serve(Duration.ofSeconds(10),
        ConnectionSettings.DEFAULTS.withWriteStallTimeout(Duration.ofMillis(50)));
    peer.inject(setup(1));
    peer.setWritable(false);

    assertThat(next()).isEqualTo("ERROR stream=0 flags=- code=CONNECTION_ERROR message=\"The peer "
        + "read nothing for 50 ms while frames were waiting to be sent (write-stall timeout)\"");
    assertClosed();
  }

  private ByteBuf utf8(String text) {
    return ByteBufUtil.writeUtf8(alloc, text);
  }

  @Test
  void cancelStopsAStreamAndNothingMoreIsSent() throws InterruptedException {
    serveAndSetUp();
    peer.inject(FrameWriter.requestStream(alloc, 1, 2, null, Unpooled.EMPTY_BUFFER, false));
    assertThat(next()).isEqualTo("PAYLOAD stream=1 flags=N data=4B");
    assertThat(next()).isEqualTo("PAYLOAD stream=1 flags=N data=4B");
    peer.inject(FrameWriter.cancel(alloc, 1));
    peer.inject(FrameWriter.requestN(alloc, 1, 10)); // after CANCEL: ignored

    assertThat(peer.nextSent(QUIET)).isNull();
  }
}
