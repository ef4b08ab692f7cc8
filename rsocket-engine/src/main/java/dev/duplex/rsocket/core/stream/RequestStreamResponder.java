package dev.duplex.rsocket.core.stream;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.core.flow.Demand;
import dev.duplex.rsocket.core.flow.RequestN;
import dev.duplex.rsocket.error.ApplicationErrorException;
import org.reactivestreams.Subscription;

/**
 * Request-stream at the responder: requests from the application's stream what the requester
 * asked for (initial request-n, then each REQUEST_N) through {@link Demand}, sends each element as
 * PAYLOAD with N, completion as PAYLOAD with C, failure as ERROR; CANCEL cancels the stream
 * (checklist #110-#113).
 */
public final class RequestStreamResponder extends ResponderSubscriber {

  private final Demand demand;

  /** A responder for stream {@code streamId}, which the caller has registered. */
  public RequestStreamResponder(StreamOutbound outbound, int streamId, int initialRequestN) {
    super(outbound, streamId);
    this.demand = new Demand(RequestN.fromWire(initialRequestN));
  }

  @Override
  void subscribed(Subscription s) {
    requestMore();
  }

  @Override
  void next(Payload payload) {
    if (done) {
      payload.release();
      return;
    }
    if (!demand.trySend()) {
      payload.release();
      fail(new ApplicationErrorException("The responder's publisher emitted more than the "
          + "request-n asked for on stream " + streamId + " (Reactive Streams rule 1.1)"));
      cancelAnswer();
      return;
    }
    outbound.sendPayload(streamId, payload, false);
    requestMore();
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

  /** Asks the publisher for what the peer granted, a batch at a time, while writable. */
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
}
