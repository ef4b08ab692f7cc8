package dev.duplex.rsocket.core.stream;

import dev.duplex.rsocket.Payload;
import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;

/**
 * The responder side of request-response and request-stream: subscribes to the application's
 * answer and turns its signals into frames on one stream. Signals from other threads hop onto the
 * event loop; a failure becomes ERROR, CANCEL or the end of the connection cancels the answer.
 */
abstract class ResponderSubscriber implements CoreSubscriber<Payload>, FrameStream {

  final StreamOutbound outbound;
  final int streamId;

  // event-loop state
  @Nullable Subscription subscription;
  boolean done;

  ResponderSubscriber(StreamOutbound outbound, int streamId) {
    this.outbound = outbound;
    this.streamId = streamId;
  }

  /** The answer is subscribed: ask it for what may be sent. */
  abstract void subscribed(Subscription s);

  /** An element of the answer, on the event loop (consumed). */
  abstract void next(Payload payload);

  @Override
  public final void onSubscribe(Subscription s) {
    if (outbound.eventLoop().inEventLoop()) {
      accept(s);
    } else {
      outbound.eventLoop().execute(() -> accept(s));
    }
  }

  private void accept(Subscription s) {
    if (done) {
      s.cancel();
      return;
    }
    subscription = s;
    subscribed(s);
  }

  @Override
  public final void onNext(Payload payload) {
    if (outbound.eventLoop().inEventLoop()) {
      next(payload);
    } else {
      outbound.eventLoop().execute(() -> next(payload));
    }
  }

  @Override
  public final void onError(Throwable error) {
    if (outbound.eventLoop().inEventLoop()) {
      fail(error);
    } else {
      outbound.eventLoop().execute(() -> fail(error));
    }
  }

  @Override
  public final void onComplete() {
    if (outbound.eventLoop().inEventLoop()) {
      complete();
    } else {
      outbound.eventLoop().execute(this::complete);
    }
  }

  private void complete() {
    if (!done) {
      done = true;
      outbound.remove(streamId);
      outbound.send(StreamFrames.completeFrame(outbound.alloc(), streamId));
    }
  }

  /** Ends the stream with ERROR, telling the requester why. */
  final void fail(Throwable error) {
    if (!done) {
      done = true;
      outbound.remove(streamId);
      outbound.send(StreamFrames.errorFrame(outbound.alloc(), streamId, error));
    }
  }

  @Override
  public final void onCancel() {
    if (!done) {
      done = true;
      outbound.remove(streamId);
      cancelAnswer();
    }
  }

  @Override
  public final void onTerminated(Throwable cause) {
    if (!done) {
      done = true;
      cancelAnswer();
    }
  }

  @Override
  public final void onPayload(@Nullable ByteBuf metadata, ByteBuf data, boolean complete,
      boolean next) {
    // the requester has no outbound half on request-response and request-stream
  }

  @Override
  public final void onError(int errorCode, String message) {
    // a requester gives up with CANCEL, not ERROR, on these interactions
  }

  final void cancelAnswer() {
    Subscription s = subscription;
    if (s != null) {
      subscription = null;
      s.cancel();
    }
  }
}
