package dev.duplex.rsocket.core.stream;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.core.flow.Demand;
import dev.duplex.rsocket.core.flow.RequestN;
import dev.duplex.rsocket.error.ApplicationErrorException;
import dev.duplex.rsocket.error.CanceledException;
import dev.duplex.rsocket.error.InvalidException;
import dev.duplex.rsocket.error.RSocketErrorException;
import dev.duplex.rsocket.frame.FrameWriter;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;

/**
 * Request-channel at the responder (checklist #114-#123). The application receives the
 * requester's payloads as {@link #inbound()}, starting with the one REQUEST_CHANNEL carried; its
 * demand beyond that first payload goes out as REQUEST_N. The application's answer is subscribed
 * to with the requester's initial request-n and sent as PAYLOAD. Each direction completes on its
 * own; an ERROR or CANCEL ends both.
 */
public final class RequestChannelResponder implements CoreSubscriber<Payload>, FrameStream {

  private final StreamOutbound outbound;
  private final int streamId;
  private final Inbound inbound = new Inbound();

  // event-loop state: outbound half (to the requester)
  private @Nullable Subscription subscription;
  private final Demand outboundDemand;
  private boolean outboundDone;

  // event-loop state: inbound half (from the requester)
  private @Nullable CoreSubscriber<? super Payload> inboundSubscriber;
  private @Nullable Payload first;
  private boolean completeAfterFirst;
  private long inboundCredit;
  private boolean inboundUnbounded;
  private boolean inboundDone;

  private boolean done;

  /**
   * A responder for stream {@code streamId}, which the caller has registered.
   *
   * @param first the payload REQUEST_CHANNEL carried (consumed)
   * @param requesterComplete whether REQUEST_CHANNEL had the C flag
   */
  public RequestChannelResponder(StreamOutbound outbound, int streamId, int initialRequestN,
      Payload first, boolean requesterComplete) {
    this.outbound = outbound;
    this.streamId = streamId;
    this.outboundDemand = new Demand(RequestN.fromWire(initialRequestN));
    this.first = first;
    this.completeAfterFirst = requesterComplete;
  }

  /** The requester's payloads, for the application's handler; one subscriber. */
  public Flux<Payload> inbound() {
    return inbound;
  }

  // ---- outbound half: the application's answer

  @Override
  public void onSubscribe(Subscription s) {
    outbound.execute(() -> {
      if (done || outboundDone) {
        s.cancel();
        return;
      }
      subscription = s;
      requestMore();
    });
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
    if (done || outboundDone) {
      payload.release();
      return;
    }
    if (!outboundDemand.trySend()) {
      payload.release();
      fail(new ApplicationErrorException("The responder's publisher emitted more than the "
          + "request-n asked for on stream " + streamId + " (Reactive Streams rule 1.1)"));
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
    outbound.execute(() -> {
      if (!done && !outboundDone) {
        outboundDone = true;
        subscription = null;
        outbound.send(StreamFrames.completeFrame(outbound.alloc(), streamId));
        if (inboundSubscriber == null && !inboundDone) {
          // the application answered without reading the requester's payloads: stop them
          inboundDone = true;
          releaseFirst();
          outbound.send(FrameWriter.cancel(outbound.alloc(), streamId));
        }
        finishIfBothDone();
      }
    });
  }

  // ---- frames from the requester

  @Override
  public void onPayload(@Nullable ByteBuf metadata, ByteBuf data, boolean complete,
      boolean next) {
    CoreSubscriber<? super Payload> subscriber = inboundSubscriber;
    if (done || inboundDone) {
      return;
    }
    if (next) {
      if (subscriber == null || inboundCredit == 0) {
        fail(new InvalidException("PAYLOAD on stream " + streamId
            + " beyond the request-n granted (checklist #115)"));
        return;
      }
      if (inboundCredit != Long.MAX_VALUE) {
        inboundCredit--;
      }
      subscriber.onNext(StreamFrames.payload(metadata, data));
    }
    if (complete && !done && !inboundDone) {
      if (first != null) {
        completeAfterFirst = true; // the first payload is still to be delivered
      } else {
        completeInbound();
      }
    }
  }

  @Override
  public void onRequestN(int n) {
    if (done || outboundDone) {
      return;
    }
    outboundDemand.grant(RequestN.fromWire(n));
    requestMore();
  }

  @Override
  public void onWritable() {
    requestMore();
  }

  /** Asks the application's answer for what the requester granted, while the connection is writable. */
  private void requestMore() {
    Subscription s = subscription;
    if (done || outboundDone || s == null) {
      return;
    }
    boolean writable = outbound.isWritable();
    long more = outboundDemand.toRequest(writable);
    if (more > 0) {
      s.request(more);
    } else if (!writable && outboundDemand.hasUnrequestedCredit()) {
      outbound.awaitWritable(this);
    }
  }

  @Override
  public void onCancel() {
    if (!done) {
      outbound.remove(streamId);
      terminate(new CanceledException("The requester canceled the channel on stream "
          + streamId));
    }
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

  /** Ends both halves because of a local failure, telling the requester with ERROR. */
  private void fail(Throwable error) {
    if (!done) {
      outbound.remove(streamId);
      outbound.send(StreamFrames.errorFrame(outbound.alloc(), streamId, error));
      terminate(error);
    }
  }

  /** Ends both halves: cancels the application's answer and fails its inbound subscriber. */
  private void terminate(Throwable error) {
    done = true;
    outboundDone = true;
    Subscription s = subscription;
    if (s != null) {
      subscription = null;
      s.cancel();
    }
    releaseFirst();
    if (!inboundDone) {
      inboundDone = true;
      CoreSubscriber<? super Payload> subscriber = inboundSubscriber;
      if (subscriber != null) {
        subscriber.onError(error);
      }
    }
  }

  private void completeInbound() {
    inboundDone = true;
    CoreSubscriber<? super Payload> subscriber = inboundSubscriber;
    if (subscriber != null) {
      subscriber.onComplete();
    }
    finishIfBothDone();
  }

  private void finishIfBothDone() {
    if (inboundDone && outboundDone && !done) {
      done = true;
      outbound.remove(streamId);
    }
  }

  private void releaseFirst() {
    Payload payload = first;
    if (payload != null) {
      first = null;
      payload.release();
    }
  }

  /** The requester's payloads as the application sees them. */
  private final class Inbound extends Flux<Payload> implements Subscription {

    private final AtomicBoolean subscribed = new AtomicBoolean();

    @Override
    public void subscribe(CoreSubscriber<? super Payload> subscriber) {
      if (!subscribed.compareAndSet(false, true)) {
        Operators.error(subscriber, new IllegalStateException(
            "The inbound payloads of a request-channel allow only a single subscriber"));
        return;
      }
      outbound.execute(() -> {
        inboundSubscriber = subscriber;
        subscriber.onSubscribe(this);
        if (inboundDone && first == null) {
          subscriber.onError(new CanceledException("The channel on stream " + streamId
              + " ended before its inbound payloads were subscribed to"));
        }
      });
    }

    @Override
    public void request(long n) {
      if (n > 0) {
        outbound.execute(() -> demand(n));
      }
    }

    private void demand(long n) {
      CoreSubscriber<? super Payload> subscriber = inboundSubscriber;
      if (done || inboundDone || subscriber == null) {
        return;
      }
      long more = n;
      Payload payload = first;
      if (payload != null) {
        first = null;
        more--;
        subscriber.onNext(payload);
        if (completeAfterFirst) {
          completeInbound();
          return;
        }
      }
      if (more > 0 && !inboundUnbounded && !inboundDone && !done) {
        inboundCredit = RequestN.add(inboundCredit, more);
        int wireN = RequestN.toWire(more);
        inboundUnbounded = wireN == RequestN.UNBOUNDED_ON_WIRE;
        outbound.send(FrameWriter.requestN(outbound.alloc(), streamId, wireN));
      }
    }

    @Override
    public void cancel() {
      outbound.execute(() -> {
        if (done || inboundDone) {
          return;
        }
        inboundDone = true;
        releaseFirst();
        // the responder stops the requester's half (checklist #123)
        outbound.send(FrameWriter.cancel(outbound.alloc(), streamId));
        finishIfBothDone();
      });
    }
  }
}
