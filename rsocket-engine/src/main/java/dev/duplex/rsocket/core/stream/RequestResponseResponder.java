package dev.duplex.rsocket.core.stream;

import dev.duplex.rsocket.Payload;
import org.reactivestreams.Subscription;

/**
 * Request-response at the responder: subscribes to the application's answer and sends it as
 * PAYLOAD with N and C, an empty answer as PAYLOAD with C alone, a failure as ERROR; CANCEL from
 * the requester cancels the answer, which sends nothing more (checklist #101-#103).
 */
public final class RequestResponseResponder extends ResponderSubscriber {

  /** A responder for stream {@code streamId}, which the caller has registered. */
  public RequestResponseResponder(StreamOutbound outbound, int streamId) {
    super(outbound, streamId);
  }

  @Override
  void subscribed(Subscription s) {
    s.request(Long.MAX_VALUE);
  }

  @Override
  void next(Payload payload) {
    if (done) {
      payload.release();
      return;
    }
    done = true;
    outbound.remove(streamId);
    outbound.sendPayload(streamId, payload, true);
  }

  @Override
  public void onRequestN(int n) {
    // meaningless on request-response (checklist #106)
  }
}
