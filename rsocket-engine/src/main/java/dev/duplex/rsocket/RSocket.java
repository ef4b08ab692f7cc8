package dev.duplex.rsocket;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The RSocket interactions, used both to make requests (a {@link RSocketConnection}) and to answer
 * them (a responder the application implements).
 *
 * <p>Every {@link Payload} argument is consumed by the callee; every payload emitted is owned by the
 * subscriber. A responder implements the interactions it supports; the others fail with an
 * APPLICATION_ERROR that says so.
 */
public interface RSocket {

  /** Fire-and-forget: sends {@code payload}; completes once it is written (no response). */
  default Mono<Void> fireAndForget(Payload payload) {
    payload.release();
    return Mono.error(new UnsupportedOperationException("Fire-and-Forget not implemented."));
  }

  /** Request-response: one response payload, or empty. */
  default Mono<Payload> requestResponse(Payload payload) {
    payload.release();
    return Mono.error(new UnsupportedOperationException("Request-Response not implemented."));
  }

  /** Request-stream: a stream of payloads, flow-controlled by the subscriber's demand. */
  default Flux<Payload> requestStream(Payload payload) {
    payload.release();
    return Flux.error(new UnsupportedOperationException("Request-Stream not implemented."));
  }

  /**
   * Request-channel: payloads in both directions; the first of {@code payloads} starts the
   * channel. Each direction completes on its own.
   */
  default Flux<Payload> requestChannel(Publisher<Payload> payloads) {
    return Flux.from(payloads).doOnNext(Payload::release).thenMany(
        Flux.error(new UnsupportedOperationException("Request-Channel not implemented.")));
  }

  /** Metadata push: sends connection-level metadata; {@code payload}'s data is ignored. */
  default Mono<Void> metadataPush(Payload payload) {
    payload.release();
    return Mono.error(new UnsupportedOperationException("Metadata-Push not implemented."));
  }
}
