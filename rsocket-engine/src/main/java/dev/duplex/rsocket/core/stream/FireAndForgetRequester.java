package dev.duplex.rsocket.core.stream;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.frame.FrameType;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * Fire-and-forget from the requester: sends REQUEST_FNF when subscribed and completes; nothing is
 * kept for the stream (checklist #107).
 */
public final class FireAndForgetRequester extends Mono<Void> {

  private final StreamOutbound outbound;
  private final OnceConsumed<Payload> payload;

  /** Prepares to send {@code payload} (consumed) once subscribed. */
  public FireAndForgetRequester(StreamOutbound outbound, Payload payload) {
    this.outbound = outbound;
    this.payload = new OnceConsumed<>(payload, "Fire-and-forget");
  }

  @Override
  public void subscribe(CoreSubscriber<? super Void> actual) {
    Payload request = payload.take(actual);
    if (request == null) {
      return;
    }
    outbound.execute(() -> {
      int streamId;
      try {
        streamId = outbound.register(null);
      } catch (RuntimeException e) {
        request.release();
        Operators.error(actual, e);
        return;
      }
      try {
        outbound.sendRequest(FrameType.REQUEST_FNF, streamId, 0, request, false);
      } catch (RuntimeException e) {
        Operators.error(actual, e);
        return;
      }
      Operators.complete(actual);
    });
  }
}
