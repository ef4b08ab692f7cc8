package dev.duplex.rsocket.core.connection;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.StreamOutcome;
import dev.duplex.rsocket.StreamRole;
import dev.duplex.rsocket.core.fragment.Reassembler;
import dev.duplex.rsocket.core.stream.FrameStream;
import dev.duplex.rsocket.core.stream.RequestChannelResponder;
import dev.duplex.rsocket.core.stream.RequestResponseResponder;
import dev.duplex.rsocket.core.stream.RequestStreamResponder;
import dev.duplex.rsocket.core.stream.StreamFrames;
import dev.duplex.rsocket.error.RSocketErrorException;
import dev.duplex.rsocket.frame.ErrorCode;
import dev.duplex.rsocket.frame.FrameListener;
import dev.duplex.rsocket.frame.FrameType;
import dev.duplex.rsocket.frame.FrameWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.Fuseable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Routes each frame of an established connection: stream frames to their stream, requests to a
 * new responder stream, stream-0 frames to the connection. Frames that make no sense in the
 * current state are ignored (checklist #126-#130); broken rules end a stream or, where the spec
 * says so, the connection.
 */
final class FrameDispatcher implements FrameListener {

  private static final Logger logger = LoggerFactory.getLogger(FrameDispatcher.class);

  private final ConnectionHandler handler;
  /** Whether the peer has shown it accepted SETUP (checklist #92); a server's always has. */
  private boolean established;

  FrameDispatcher(ConnectionHandler handler) {
    this.handler = handler;
  }

  // ---- requests from the peer

  @Override
  public void onRequestResponse(int streamId, @Nullable ByteBuf metadata, ByteBuf data,
      boolean follows) {
    established = true;
    if (acceptsRequest(FrameType.REQUEST_RESPONSE, streamId)
        && !startsFragments(FrameType.REQUEST_RESPONSE, streamId, 0, follows, metadata, data)) {
      requestResponse(streamId, metadata, data);
    }
  }

  @Override
  public void onRequestFireAndForget(int streamId, @Nullable ByteBuf metadata, ByteBuf data,
      boolean follows) {
    if (streamId == 0) {
      handler.connectionError(ErrorCode.CONNECTION_ERROR,
          "REQUEST_FNF on stream 0 (expected: stream ID > 0)");
      return;
    }
    if (handler.streams().isOwn(streamId) || inUse(streamId)) {
      // no answer may be sent to a fire-and-forget (checklist #109)
      logger.debug("Dropping REQUEST_FNF on stream {}: not an ID the peer may use now", streamId);
      return;
    }
    if (handler.isDraining()) {
      logger.debug("Dropping REQUEST_FNF on stream {}: {}", streamId,
          ConnectionHandler.SHUTTING_DOWN);
      return;
    }
    if (!startsFragments(FrameType.REQUEST_FNF, streamId, 0, follows, metadata, data)) {
      fireAndForget(streamId, metadata, data);
    }
  }

  @Override
  public void onRequestStream(int streamId, int initialRequestN, @Nullable ByteBuf metadata,
      ByteBuf data, boolean follows) {
    established = true;
    if (acceptsRequest(FrameType.REQUEST_STREAM, streamId)
        && positiveRequestN(FrameType.REQUEST_STREAM, streamId, initialRequestN)
        && !startsFragments(FrameType.REQUEST_STREAM, streamId, initialRequestN, follows,
            metadata, data)) {
      requestStream(streamId, initialRequestN, metadata, data);
    }
  }

  @Override
  public void onRequestChannel(int streamId, int initialRequestN, @Nullable ByteBuf metadata,
      ByteBuf data, boolean follows, boolean complete) {
    established = true;
    if (acceptsRequest(FrameType.REQUEST_CHANNEL, streamId)
        && positiveRequestN(FrameType.REQUEST_CHANNEL, streamId, initialRequestN)
        && !startsFragments(FrameType.REQUEST_CHANNEL, streamId, initialRequestN,
            follows && !complete, metadata, data)) {
      requestChannel(streamId, initialRequestN, metadata, data, complete);
    }
  }

  private void requestResponse(int streamId, @Nullable ByteBuf metadata, ByteBuf data) {
    Payload payload = StreamFrames.payload(metadata, data);
    Mono<Payload> answer;
    try {
      answer = handler.responder().requestResponse(payload);
    } catch (Throwable t) {
      answer = Mono.error(t);
    }
    if (answer instanceof Fuseable.ScalarCallable<?> known) {
      // Mono.just, Mono.empty, Mono.error: the answer is known now, so no stream is kept for it
      answerNow(streamId, known);
      return;
    }
    RequestResponseResponder stream = new RequestResponseResponder(handler, streamId);
    handler.streams().putPeer(streamId, stream);
    handler.events().stream(answer, FrameType.REQUEST_RESPONSE, StreamRole.RESPONDER)
        .subscribe(stream);
  }

  private void answerNow(int streamId, Fuseable.ScalarCallable<?> known) {
    ConnectionEvents events = handler.events();
    events.notify((l, c) -> l.onStreamStarted(c, FrameType.REQUEST_RESPONSE,
        StreamRole.RESPONDER));
    Object value;
    try {
      value = known.call();
    } catch (Throwable t) {
      Throwable error = Exceptions.unwrap(t);
      handler.send(StreamFrames.errorFrame(handler.alloc(), streamId, error));
      events.notify((l, c) -> l.onStreamFinished(c, FrameType.REQUEST_RESPONSE,
          StreamRole.RESPONDER, StreamOutcome.ERROR, StreamFrames.errorCode(error)));
      return;
    }
    if (value == null) {
      handler.send(StreamFrames.completeFrame(handler.alloc(), streamId));
    } else {
      handler.sendPayload(streamId, (Payload) value, true);
    }
    events.notify((l, c) -> l.onStreamFinished(c, FrameType.REQUEST_RESPONSE,
        StreamRole.RESPONDER, StreamOutcome.COMPLETE, 0));
  }

  private void fireAndForget(int streamId, @Nullable ByteBuf metadata, ByteBuf data) {
    Payload payload = StreamFrames.payload(metadata, data);
    Mono<Void> done;
    try {
      done = handler.responder().fireAndForget(payload);
    } catch (Throwable t) {
      done = Mono.error(t);
    }
    if (done != Mono.<Void>empty()) {
      handler.events().stream(done, FrameType.REQUEST_FNF, StreamRole.RESPONDER)
          .subscribe(NoAnswer.INSTANCE);
      return;
    }
    // handled already: nothing to subscribe to, so the listener hears it directly
    handler.events().notify((l, c) -> l.onStreamStarted(c, FrameType.REQUEST_FNF,
        StreamRole.RESPONDER));
    handler.events().notify((l, c) -> l.onStreamFinished(c, FrameType.REQUEST_FNF,
        StreamRole.RESPONDER, StreamOutcome.COMPLETE, 0));
  }

  private void requestStream(int streamId, int initialRequestN, @Nullable ByteBuf metadata,
      ByteBuf data) {
    Payload payload = StreamFrames.payload(metadata, data);
    RequestStreamResponder stream = new RequestStreamResponder(handler, streamId, initialRequestN);
    handler.streams().putPeer(streamId, stream);
    Flux<Payload> answer;
    try {
      answer = handler.responder().requestStream(payload);
    } catch (Throwable t) {
      answer = Flux.error(t);
    }
    answer = handler.events().stream(answer, FrameType.REQUEST_STREAM,
        StreamRole.RESPONDER);
    answer.subscribe(stream);
  }

  private void requestChannel(int streamId, int initialRequestN, @Nullable ByteBuf metadata,
      ByteBuf data, boolean complete) {
    RequestChannelResponder stream = new RequestChannelResponder(handler, streamId,
        initialRequestN, StreamFrames.payload(metadata, data), complete);
    handler.streams().putPeer(streamId, stream);
    Publisher<Payload> answer;
    try {
      answer = handler.responder().requestChannel(stream.inbound());
    } catch (Throwable t) {
      answer = Flux.error(t);
    }
    handler.events().stream(Flux.from(answer), FrameType.REQUEST_CHANNEL,
        StreamRole.RESPONDER).subscribe(stream);
  }

  /**
   * Delivers METADATA_PUSH to the responder, also while the connection drains: it opens no stream
   * to wait for, and no answer could tell the peer it was dropped.
   */
  @Override
  public void onMetadataPush(int streamId, ByteBuf metadata) {
    if (streamId != 0) {
      return; // checklist #125
    }
    Payload payload = Payload.create(Unpooled.EMPTY_BUFFER, metadata.retain());
    Mono<Void> done;
    try {
      done = handler.responder().metadataPush(payload);
    } catch (Throwable t) {
      done = Mono.error(t);
    }
    done = handler.events().stream(done, FrameType.METADATA_PUSH,
        StreamRole.RESPONDER);
    if (done != Mono.<Void>empty()) {
      done.subscribe(NoAnswer.INSTANCE);
    }
  }

  // ---- frames for existing streams

  @Override
  public void onRequestN(int streamId, int requestN) {
    established = true;
    FrameStream stream = handler.streams().get(streamId);
    if (stream == null) {
      return; // checklist #130
    }
    if (requestN == 0) {
      handler.streamError(streamId, ErrorCode.INVALID, "REQUEST_N on stream " + streamId
          + " with n=0 (expected: n > 0, checklist #54)");
      return;
    }
    stream.onRequestN(requestN);
  }

  @Override
  public void onCancel(int streamId) {
    handler.discardFragments(streamId); // a cancelled fragmented request (checklist #175)
    FrameStream stream = handler.streams().get(streamId);
    if (stream != null) {
      stream.onCancel();
    }
  }

  @Override
  public void onPayload(int streamId, @Nullable ByteBuf metadata, ByteBuf data, boolean follows,
      boolean complete, boolean next) {
    established = true;
    FragmentedFrame fragments = handler.streams().fragments(streamId);
    if (fragments != null) {
      continueFragments(streamId, fragments, metadata, data, follows && !complete, complete);
      return;
    }
    FrameStream stream = handler.streams().get(streamId);
    if (stream == null) {
      return; // checklist #128
    }
    if (!next && !complete) {
      handler.streamError(streamId, ErrorCode.INVALID, "PAYLOAD on stream " + streamId
          + " with neither the NEXT nor the COMPLETE flag (checklist #58)");
      return;
    }
    if (follows && !complete) {
      if (next) {
        startsFragments(FrameType.PAYLOAD, streamId, 0, true, metadata, data);
      } else {
        handler.streamError(streamId, ErrorCode.INVALID, "Fragmented PAYLOAD on stream "
            + streamId + " without the NEXT flag (checklist #170)");
      }
      return;
    }
    stream.onPayload(metadata, data, complete, next);
  }

  /**
   * Starts reassembly when {@code follows} is set.
   *
   * @return whether the frame was taken as the first of several fragments
   */
  private boolean startsFragments(FrameType type, int streamId, int requestN, boolean follows,
      @Nullable ByteBuf metadata, ByteBuf data) {
    if (!follows) {
      return false;
    }
    try {
      handler.startFragments(streamId, type, requestN, metadata, data);
    } catch (Reassembler.PayloadTooLargeException e) {
      tooLarge(type, streamId, e);
    }
    return true;
  }

  private void continueFragments(int streamId, FragmentedFrame fragments,
      @Nullable ByteBuf metadata, ByteBuf data, boolean follows, boolean complete) {
    try {
      fragments.reassembler.append(metadata, data);
    } catch (Reassembler.PayloadTooLargeException e) {
      tooLarge(fragments.type, streamId, e);
      return;
    }
    if (follows) {
      return;
    }
    handler.takeFragments(streamId);
    Payload whole = fragments.reassembler.payload();
    handler.events().notify((l, c) -> l.onFragmentsReassembled(c, fragments.type,
        fragments.reassembler.fragments(), fragments.reassembler.size()));
    try {
      ByteBuf wholeMetadata = whole.metadata();
      ByteBuf wholeData = whole.data();
      switch (fragments.type) {
        case REQUEST_RESPONSE -> requestResponse(streamId, wholeMetadata, wholeData);
        case REQUEST_FNF -> fireAndForget(streamId, wholeMetadata, wholeData);
        case REQUEST_STREAM -> requestStream(streamId, fragments.requestN, wholeMetadata,
            wholeData);
        case REQUEST_CHANNEL -> requestChannel(streamId, fragments.requestN, wholeMetadata,
            wholeData, complete);
        default -> {
          FrameStream stream = handler.streams().get(streamId);
          if (stream != null) {
            stream.onPayload(wholeMetadata, wholeData, complete, true);
          }
        }
      }
    } finally {
      whole.release();
    }
  }

  private void tooLarge(FrameType type, int streamId, RuntimeException e) {
    handler.discardFragments(streamId);
    if (type == FrameType.REQUEST_FNF) {
      logger.debug("Dropping REQUEST_FNF on stream {}: {}", streamId, e.getMessage());
      return;
    }
    handler.streamError(streamId, type.isRequest() ? ErrorCode.REJECTED : ErrorCode.INVALID,
        type + " on stream " + streamId + ": " + e.getMessage());
  }

  @Override
  public void onError(int streamId, int errorCode, ByteBuf data) {
    String message = data.toString(StandardCharsets.UTF_8);
    if (streamId == 0) {
      onConnectionError(errorCode, message);
      return;
    }
    established = true;
    FrameStream stream = handler.streams().get(streamId);
    if (stream != null) {
      stream.onError(errorCode, message); // unknown streams: checklist #127
    }
  }

  private void onConnectionError(int errorCode, String message) {
    ErrorCode code = ErrorCode.fromCode(errorCode);
    boolean setupError = code == ErrorCode.INVALID_SETUP || code == ErrorCode.UNSUPPORTED_SETUP
        || code == ErrorCode.REJECTED_SETUP || code == ErrorCode.REJECTED_RESUME;
    if (setupError && (established || !handler.streams().isOwn(1))) {
      return; // a server, or an established client, ignores setup errors (checklist #98, #99)
    }
    handler.closedByPeer(RSocketErrorException.from(errorCode, message));
  }

  // ---- connection frames

  @Override
  public void onKeepAlive(int streamId, boolean respond, long lastReceivedPosition,
      ByteBuf data) {
    if (respond && streamId == 0) {
      handler.send(FrameWriter.keepAlive(handler.alloc(), false, 0, data.retain()));
    }
  }

  @Override
  public void onSetup(int streamId, int majorVersion, int minorVersion, int keepAliveInterval,
      int maxLifetime, @Nullable ByteBuf resumeToken, boolean lease, String metadataMimeType,
      String dataMimeType, @Nullable ByteBuf metadata, ByteBuf data) {
    // a SETUP after the first is ignored (checklist #96, #97)
  }

  @Override
  public void onLease(int streamId, int timeToLive, int numberOfRequests,
      @Nullable ByteBuf metadata) {
    established = true;
    // lease was not negotiated, so there is nothing to grant (checklist #87)
  }

  @Override
  public void onResume(int streamId, int majorVersion, int minorVersion, ByteBuf resumeToken,
      long lastReceivedServerPosition, long firstAvailableClientPosition) {
    handler.connectionError(ErrorCode.CONNECTION_ERROR,
        "RESUME on an established connection (checklist #166)");
  }

  @Override
  public void onResumeOk(int streamId, long lastReceivedClientPosition) {
    // no resume was asked for
  }

  @Override
  public void onExtension(int streamId, int extendedType, boolean ignore,
      @Nullable ByteBuf metadata, ByteBuf data) {
    if (!ignore) {
      handler.connectionError(ErrorCode.CONNECTION_ERROR, "EXT frame with extended type "
          + extendedType + ", which this engine does not know (checklist #68)");
    }
  }

  // ---- rules for requests

  /**
   * Whether a request may start a responder stream: not on stream 0 (a connection error), not on
   * a stream in use (ignored, checklist #80), not on this side's parity (a stream error), and
   * REJECTED while the connection drains for a graceful shutdown or the peer has too many streams
   * open (the responder did not process it, so the peer may retry elsewhere, checklist #143).
   */
  private boolean acceptsRequest(FrameType type, int streamId) {
    if (streamId == 0) {
      handler.connectionError(ErrorCode.CONNECTION_ERROR,
          type + " on stream 0 (expected: stream ID > 0)");
      return false;
    }
    if (inUse(streamId)) {
      return false;
    }
    if (handler.streams().isOwn(streamId)) {
      handler.streamError(streamId, ErrorCode.INVALID, type + " on stream " + streamId
          + ", an ID this side issues (expected: the "
          + (handler.streams().isOwn(1) ? "server's even" : "client's odd")
          + " IDs, checklist #70)");
      return false;
    }
    if (handler.isDraining()) {
      handler.streamError(streamId, ErrorCode.REJECTED, type + " on stream " + streamId
          + " rejected: " + ConnectionHandler.SHUTTING_DOWN);
      return false;
    }
    if (!handler.streams().acceptsMorePeerStreams()) {
      handler.streamError(streamId, ErrorCode.REJECTED, type + " on stream " + streamId
          + " rejected: the peer already has " + handler.streams().maxPeerStreams()
          + " streams open (max concurrent streams)");
      return false;
    }
    return true;
  }

  private boolean inUse(int streamId) {
    return handler.streams().get(streamId) != null || handler.streams().fragments(streamId) != null;
  }

  private boolean positiveRequestN(FrameType type, int streamId, int requestN) {
    if (requestN > 0) {
      return true;
    }
    handler.streamError(streamId, ErrorCode.INVALID, type + " on stream " + streamId
        + " with initial request n=0 (expected: n > 0, checklist #49)");
    return false;
  }

  /**
   * Subscribes to the outcome of a fire-and-forget or metadata push, which has no answer to send:
   * a failure is only logged (checklist #109). Stateless, so one instance serves every request.
   */
  private static final class NoAnswer implements CoreSubscriber<Void> {

    static final NoAnswer INSTANCE = new NoAnswer();

    @Override
    public void onSubscribe(Subscription s) {
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(Void value) {
    }

    @Override
    public void onError(Throwable error) {
      logger.debug("A fire-and-forget or metadata push handler failed", error);
    }

    @Override
    public void onComplete() {
    }
  }
}
