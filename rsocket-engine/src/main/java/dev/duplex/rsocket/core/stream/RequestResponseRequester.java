package dev.duplex.rsocket.core.stream;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.error.RSocketErrorException;
import dev.duplex.rsocket.frame.FrameType;
import dev.duplex.rsocket.frame.FrameWriter;
import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * Request-response from the requester: sends REQUEST_RESPONSE on the subscriber's first demand and
 * emits the one response (checklist #101-#106). Cancelling sends CANCEL.
 */
public final class RequestResponseRequester extends Mono<Payload>
    implements Subscription, FrameStream {

  private final StreamOutbound outbound;
  private final OnceConsumed<Payload> once;

  // event-loop state
  private @Nullable CoreSubscriber<? super Payload> actual;
  private @Nullable Payload request;
  private int streamId;
  private boolean done;

  /** Prepares to send {@code payload} (consumed) once subscribed and requested. */
  public RequestResponseRequester(StreamOutbound outbound, Payload payload) {
    this.outbound = outbound;
    this.once = new OnceConsumed<>(payload, "Request-response");
  }

  @Override
  public void subscribe(CoreSubscriber<? super Payload> subscriber) {
    Payload payload = once.take(subscriber);
    if (payload == null) {
      return;
    }
    if (outbound.eventLoop().inEventLoop()) {
      subscribed(subscriber, payload);
    } else {
      outbound.eventLoop().execute(() -> subscribed(subscriber, payload));
    }
  }

  private void subscribed(CoreSubscriber<? super Payload> subscriber, Payload payload) {
    actual = subscriber;
    request = payload;
    subscriber.onSubscribe(this);
  }

  @Override
  public void request(long n) {
    if (n <= 0) {
      return;
    }
    if (outbound.eventLoop().inEventLoop()) {
      send();
    } else {
      outbound.eventLoop().execute(this::send);
    }
  }

  private void send() {
    Payload payload = request;
    if (done || payload == null) {
      return;
    }
    request = null;
    try {
      streamId = outbound.register(this);
    } catch (RuntimeException e) {
      payload.release();
      terminate(e);
      return;
    }
    try {
      outbound.sendRequest(FrameType.REQUEST_RESPONSE, streamId, 0, payload, false);
    } catch (RuntimeException e) {
      outbound.remove(streamId);
      terminate(e);
    }
  }

  @Override
  public void cancel() {
    outbound.execute(() -> {
      if (done) {
        return;
      }
      done = true;
      releaseRequest();
      if (streamId != 0) {
        outbound.remove(streamId);
        outbound.send(FrameWriter.cancel(outbound.alloc(), streamId));
      }
    });
  }

  @Override
  public void onPayload(@Nullable ByteBuf metadata, ByteBuf data, boolean complete,
      boolean next) {
    CoreSubscriber<? super Payload> subscriber = actual;
    if (done || subscriber == null) {
      return;
    }
    done = true;
    outbound.remove(streamId);
    if (next) {
      subscriber.onNext(StreamFrames.payload(metadata, data));
    }
    subscriber.onComplete(); // a response without C still completes (checklist #105)
  }

  @Override
  public void onRequestN(int n) {
    // meaningless on request-response (checklist #106)
  }

  @Override
  public void onCancel() {
    // a responder does not cancel a request-response
  }

  @Override
  public void onError(int errorCode, String message) {
    if (!done) {
      outbound.remove(streamId);
      terminate(RSocketErrorException.from(errorCode, message));
    }
  }

  @Override
  public void onTerminated(Throwable cause) {
    if (!done) {
      terminate(cause);
    }
  }

  private void terminate(Throwable error) {
    done = true;
    releaseRequest();
    CoreSubscriber<? super Payload> subscriber = actual;
    if (subscriber != null) {
      subscriber.onError(error);
    }
  }

  private void releaseRequest() {
    Payload payload = request;
    if (payload != null) {
      request = null;
      payload.release();
    }
  }
}
