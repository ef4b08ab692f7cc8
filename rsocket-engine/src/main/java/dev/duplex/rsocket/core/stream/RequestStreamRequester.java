package dev.duplex.rsocket.core.stream;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.core.flow.RequestN;
import dev.duplex.rsocket.error.InvalidException;
import dev.duplex.rsocket.error.RSocketErrorException;
import dev.duplex.rsocket.frame.FrameType;
import dev.duplex.rsocket.frame.FrameWriter;
import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;

/**
 * Request-stream from the requester: the subscriber's first demand goes out as REQUEST_STREAM's
 * initial request-n, later demand as REQUEST_N (none once unbounded, checklist #135); payloads are
 * emitted as they arrive, never more than requested (checklist #113).
 */
public final class RequestStreamRequester extends Flux<Payload>
    implements Subscription, FrameStream {

  private final StreamOutbound outbound;
  private final OnceConsumed<Payload> once;

  // event-loop state
  private @Nullable CoreSubscriber<? super Payload> actual;
  private @Nullable Payload request;
  private int streamId;
  private long credit;
  private boolean unbounded;
  private boolean done;

  /** Prepares to send {@code payload} (consumed) once subscribed and requested. */
  public RequestStreamRequester(StreamOutbound outbound, Payload payload) {
    this.outbound = outbound;
    this.once = new OnceConsumed<>(payload, "Request-stream");
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
      demand(n);
    } else {
      outbound.eventLoop().execute(() -> demand(n));
    }
  }

  private void demand(long n) {
    if (done || unbounded) {
      return;
    }
    credit = RequestN.add(credit, n);
    int wireN = RequestN.toWire(n);
    unbounded = wireN == RequestN.UNBOUNDED_ON_WIRE;
    Payload payload = request;
    if (payload == null) {
      outbound.send(FrameWriter.requestN(outbound.alloc(), streamId, wireN));
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
      outbound.sendRequest(FrameType.REQUEST_STREAM, streamId, wireN, payload, false);
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
    if (next) {
      if (credit == 0) {
        done = true;
        outbound.remove(streamId);
        outbound.send(FrameWriter.cancel(outbound.alloc(), streamId));
        subscriber.onError(new InvalidException("PAYLOAD on stream " + streamId
            + " beyond the request-n granted (checklist #113); the stream was canceled"));
        return;
      }
      if (credit != Long.MAX_VALUE) {
        credit--;
      }
      subscriber.onNext(StreamFrames.payload(metadata, data));
    }
    if (complete && !done) {
      done = true;
      outbound.remove(streamId);
      subscriber.onComplete();
    }
  }

  @Override
  public void onRequestN(int n) {
    // the responder has no inbound half on request-stream
  }

  @Override
  public void onCancel() {
    // a responder does not cancel a request-stream
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
