package dev.duplex.rsocket.core.stream;

import dev.duplex.rsocket.Payload;
import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;

/**
 * Request-response at the responder: subscribes to the application's answer and sends it as
 * PAYLOAD with N and C, an empty answer as PAYLOAD with C alone, a failure as ERROR; CANCEL from
 * the requester cancels the answer, which sends nothing more (checklist #101-#103).
 */
public final class RequestResponseResponder implements CoreSubscriber<Payload>, FrameStream {

  private final StreamOutbound outbound;
  private final int streamId;

  // event-loop state
  private @Nullable Subscription subscription;
  private boolean done;

  /** A responder for stream {@code streamId}, which the caller has registered. */
  public RequestResponseResponder(StreamOutbound outbound, int streamId) {
    this.outbound = outbound;
    this.streamId = streamId;
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
    s.request(Long.MAX_VALUE);
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
    done = true;
    outbound.remove(streamId);
    outbound.sendPayload(streamId, payload, true);
  }

  @Override
  public void onError(Throwable error) {
    outbound.execute(() -> {
      if (!done) {
        done = true;
        outbound.remove(streamId);
        outbound.send(StreamFrames.errorFrame(outbound.alloc(), streamId, error));
      }
    });
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
  public void onCancel() {
    if (!done) {
      done = true;
      outbound.remove(streamId);
      cancelAnswer();
    }
  }

  @Override
  public void onTerminated(Throwable cause) {
    if (!done) {
      done = true;
      cancelAnswer();
    }
  }

  @Override
  public void onPayload(@Nullable ByteBuf metadata, ByteBuf data, boolean complete,
      boolean next) {
    // the requester sends nothing after REQUEST_RESPONSE but CANCEL
  }

  @Override
  public void onRequestN(int n) {
    // meaningless on request-response (checklist #106)
  }

  @Override
  public void onError(int errorCode, String message) {
    // a requester does not fail a request-response; CANCEL is how it gives up
  }

  private void cancelAnswer() {
    Subscription s = subscription;
    if (s != null) {
      subscription = null;
      s.cancel();
    }
  }
}
