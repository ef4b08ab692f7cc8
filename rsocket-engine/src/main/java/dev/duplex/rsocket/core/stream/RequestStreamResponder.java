package dev.duplex.rsocket.core.stream;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.core.flow.Demand;
import dev.duplex.rsocket.core.flow.RequestN;
import dev.duplex.rsocket.error.ApplicationErrorException;
import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;

/**
 * Request-stream at the responder: requests from the application's stream what the requester
 * asked for (initial request-n, then each REQUEST_N) through {@link Demand}, sends each element as
 * PAYLOAD with N, completion as PAYLOAD with C, failure as ERROR; CANCEL cancels the stream
 * (checklist #110-#113).
 */
public final class RequestStreamResponder implements CoreSubscriber<Payload>, FrameStream {

  private final StreamOutbound outbound;
  private final int streamId;

  // event-loop state
  private @Nullable Subscription subscription;
  private final Demand demand;
  private boolean done;

  /** A responder for stream {@code streamId}, which the caller has registered. */
  public RequestStreamResponder(StreamOutbound outbound, int streamId, int initialRequestN) {
    this.outbound = outbound;
    this.streamId = streamId;
    this.demand = new Demand(RequestN.fromWire(initialRequestN));
  }

  @Override
  public void onSubscribe(Subscription s) {
    if (outbound.eventLoop().inEventLoop()) {
      subscribed(s);
    } else {
      outbound.eventLoop().execute(() -> subscribed(s));
    }
  }

  private void subscribed(Subscription s) {
    if (done) {
      s.cancel();
      return;
    }
    subscription = s;
    requestMore();
  }

  @Override
  public void onNext(Payload payload) {
    if (outbound.eventLoop().inEventLoop()) {
      next(payload);
    } else {
      outbound.eventLoop().execute(() -> next(payload));
    }
  }

  private void next(Payload payload) {
    if (done) {
      payload.release();
      return;
    }
    if (!demand.trySend()) {
      payload.release();
      fail(new ApplicationErrorException("The responder's publisher emitted more than the "
          + "request-n asked for on stream " + streamId + " (Reactive Streams rule 1.1)"));
      cancelStream();
      return;
    }
    outbound.sendPayload(streamId, payload, false);
    requestMore();
  }

  @Override
  public void onError(Throwable error) {
    outbound.execute(() -> fail(error));
  }

  @Override
  public void onComplete() {
    if (outbound.eventLoop().inEventLoop()) {
      complete();
    } else {
      outbound.eventLoop().execute(() -> complete());
    }
  }

  private void complete() {
    if (!done) {
      done = true;
      outbound.remove(streamId);
      outbound.send(StreamFrames.completeFrame(outbound.alloc(), streamId));
    }
  }

  @Override
  public void onRequestN(int n) {
    if (!done) {
      demand.grant(RequestN.fromWire(n));
      requestMore();
    }
  }

  @Override
  public void onWritable() {
    requestMore();
  }

  /** Asks the publisher for what the peer granted, a batch at a time, while the connection is writable. */
  private void requestMore() {
    Subscription s = subscription;
    if (done || s == null) {
      return;
    }
    boolean writable = outbound.isWritable();
    long more = demand.toRequest(writable);
    if (more > 0) {
      s.request(more);
    } else if (!writable && demand.hasUnrequestedCredit()) {
      outbound.awaitWritable(this);
    }
  }

  @Override
  public void onCancel() {
    if (!done) {
      done = true;
      outbound.remove(streamId);
      cancelStream();
    }
  }

  @Override
  public void onTerminated(Throwable cause) {
    if (!done) {
      done = true;
      cancelStream();
    }
  }

  @Override
  public void onPayload(@Nullable ByteBuf metadata, ByteBuf data, boolean complete,
      boolean next) {
    // the requester has no outbound half on request-stream
  }

  @Override
  public void onError(int errorCode, String message) {
    // a requester gives up on a stream with CANCEL
  }

  private void fail(Throwable error) {
    if (!done) {
      done = true;
      outbound.remove(streamId);
      outbound.send(StreamFrames.errorFrame(outbound.alloc(), streamId, error));
    }
  }

  private void cancelStream() {
    Subscription s = subscription;
    if (s != null) {
      subscription = null;
      s.cancel();
    }
  }
}
