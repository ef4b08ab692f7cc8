package dev.duplex.rsocket.core.stream;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.core.flow.Demand;
import dev.duplex.rsocket.core.flow.RequestN;
import dev.duplex.rsocket.error.InvalidException;
import dev.duplex.rsocket.error.RSocketErrorException;
import dev.duplex.rsocket.frame.FrameType;
import dev.duplex.rsocket.frame.FrameWriter;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;

/**
 * Request-channel from the requester (checklist #114-#123). The subscriber's first demand
 * subscribes to the outbound payloads; the first one travels in REQUEST_CHANNEL with that demand
 * as initial request-n, later ones as PAYLOAD within the responder's REQUEST_N credit. Each
 * direction completes on its own; the stream ends when both have, or on an error or cancel.
 */
public final class RequestChannelRequester extends Flux<Payload>
    implements Subscription, FrameStream {

  private final StreamOutbound outbound;
  private final Publisher<Payload> payloads;
  private final AtomicBoolean subscribed = new AtomicBoolean();

  // event-loop state
  private @Nullable CoreSubscriber<? super Payload> actual;
  private @Nullable Subscription upstream;
  private final Demand upstreamDemand = new Demand(0);
  private int streamId;
  private long credit;
  private boolean unbounded;
  private boolean upstreamSubscribed;
  private boolean sent;
  private boolean inboundDone;
  private boolean outboundDone;
  private boolean done;

  /** Prepares a channel whose outbound side is {@code payloads} (each payload consumed). */
  public RequestChannelRequester(StreamOutbound outbound, Publisher<Payload> payloads) {
    this.outbound = outbound;
    this.payloads = payloads;
  }

  @Override
  public void subscribe(CoreSubscriber<? super Payload> subscriber) {
    if (!subscribed.compareAndSet(false, true)) {
      Operators.error(subscriber,
          new IllegalStateException("Request-channel allows only a single subscriber"));
      return;
    }
    outbound.execute(() -> {
      actual = subscriber;
      subscriber.onSubscribe(this);
    });
  }

  @Override
  public void request(long n) {
    if (n > 0) {
      outbound.execute(() -> demand(n));
    }
  }

  private void demand(long n) {
    if (done || inboundDone || unbounded) {
      return;
    }
    credit = RequestN.add(credit, n);
    if (!sent) {
      if (!upstreamSubscribed) {
        upstreamSubscribed = true;
        payloads.subscribe(new Upstream());
      }
      return;
    }
    int wireN = RequestN.toWire(n);
    unbounded = wireN == RequestN.UNBOUNDED_ON_WIRE;
    outbound.send(FrameWriter.requestN(outbound.alloc(), streamId, wireN));
  }

  private void sendFirst(Payload payload) {
    sent = true;
    try {
      streamId = outbound.register(this);
    } catch (RuntimeException e) {
      payload.release();
      cancelUpstream();
      terminate(e);
      return;
    }
    int initialN = RequestN.toWire(credit);
    unbounded = initialN == RequestN.UNBOUNDED_ON_WIRE;
    try {
      outbound.sendRequest(FrameType.REQUEST_CHANNEL, streamId, initialN, payload, false);
    } catch (RuntimeException e) {
      outbound.remove(streamId);
      cancelUpstream();
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
      cancelUpstream();
      if (sent) {
        outbound.remove(streamId);
        outbound.send(FrameWriter.cancel(outbound.alloc(), streamId));
      }
    });
  }

  @Override
  public void onPayload(@Nullable ByteBuf metadata, ByteBuf data, boolean complete,
      boolean next) {
    CoreSubscriber<? super Payload> subscriber = actual;
    if (done || inboundDone || subscriber == null) {
      return;
    }
    if (next) {
      if (credit == 0) {
        outbound.remove(streamId);
        outbound.send(FrameWriter.cancel(outbound.alloc(), streamId));
        cancelUpstream();
        terminate(new InvalidException("PAYLOAD on stream " + streamId
            + " beyond the request-n granted (checklist #113); the channel was canceled"));
        return;
      }
      if (credit != Long.MAX_VALUE) {
        credit--;
      }
      subscriber.onNext(StreamFrames.payload(metadata, data));
    }
    if (complete && !done && !inboundDone) {
      inboundDone = true;
      subscriber.onComplete();
      finishIfBothDone();
    }
  }

  @Override
  public void onRequestN(int n) {
    if (!done && !outboundDone) {
      upstreamDemand.grant(RequestN.fromWire(n));
      requestUpstream();
    }
  }

  @Override
  public void onWritable() {
    requestUpstream();
  }

  /** Asks the outbound payloads for what the responder granted, while the connection is writable. */
  private void requestUpstream() {
    Subscription s = upstream;
    if (done || outboundDone || s == null || !sent) {
      return;
    }
    boolean writable = outbound.isWritable();
    long more = upstreamDemand.toRequest(writable);
    if (more > 0) {
      s.request(more);
    } else if (!writable && upstreamDemand.hasUnrequestedCredit()) {
      outbound.awaitWritable(this);
    }
  }

  @Override
  public void onCancel() {
    // the responder wants no more of our payloads (checklist #123)
    if (!done && !outboundDone) {
      outboundDone = true;
      cancelUpstream();
      finishIfBothDone();
    }
  }

  @Override
  public void onError(int errorCode, String message) {
    if (!done) {
      outbound.remove(streamId);
      cancelUpstream();
      terminate(RSocketErrorException.from(errorCode, message));
    }
  }

  @Override
  public void onTerminated(Throwable cause) {
    if (!done) {
      cancelUpstream();
      terminate(cause);
    }
  }

  private void finishIfBothDone() {
    if (inboundDone && outboundDone && !done) {
      done = true;
      outbound.remove(streamId);
    }
  }

  private void cancelUpstream() {
    outboundDone = true;
    Subscription s = upstream;
    if (s != null) {
      upstream = null;
      s.cancel();
    }
  }

  private void terminate(Throwable error) {
    done = true;
    CoreSubscriber<? super Payload> subscriber = actual;
    if (subscriber != null && !inboundDone) {
      inboundDone = true;
      subscriber.onError(error);
    }
  }

  /** Subscribes to the application's outbound payloads. */
  private final class Upstream implements CoreSubscriber<Payload> {

    @Override
    public void onSubscribe(Subscription s) {
      outbound.execute(() -> {
        if (done || outboundDone) {
          s.cancel();
          return;
        }
        upstream = s;
        s.request(1);
      });
    }

    @Override
    public void onNext(Payload payload) {
      outbound.execute(() -> {
        if (done || outboundDone) {
          payload.release();
        } else if (!sent) {
          sendFirst(payload);
          requestUpstream();
        } else if (!upstreamDemand.trySend()) {
          payload.release();
          Subscription s = upstream;
          upstream = null;
          if (s != null) {
            s.cancel();
          }
          onError(new IllegalStateException("The channel's outbound publisher emitted more than "
              + "requested (Reactive Streams rule 1.1)"));
        } else {
          outbound.sendPayload(streamId, payload, false);
          requestUpstream();
        }
      });
    }

    @Override
    public void onError(Throwable error) {
      outbound.execute(() -> {
        if (done || outboundDone) {
          return;
        }
        upstream = null;
        outboundDone = true;
        if (sent) {
          // the one case of a requester sending ERROR (checklist #121)
          outbound.remove(streamId);
          outbound.send(StreamFrames.errorFrame(outbound.alloc(), streamId, error));
        }
        terminate(error);
      });
    }

    @Override
    public void onComplete() {
      outbound.execute(() -> {
        if (done || outboundDone) {
          return;
        }
        upstream = null;
        outboundDone = true;
        if (!sent) {
          // no first payload: there is no channel to open
          done = true;
          CoreSubscriber<? super Payload> subscriber = actual;
          if (subscriber != null) {
            subscriber.onComplete();
          }
          return;
        }
        outbound.send(StreamFrames.completeFrame(outbound.alloc(), streamId));
        finishIfBothDone();
      });
    }
  }
}
