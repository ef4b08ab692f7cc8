package dev.duplex.rsocket;

import reactor.core.publisher.Mono;

/**
 * Accepts a new connection: sees its SETUP and the requester for the other side, and returns the
 * responder that answers the other side's requests, or an error that rejects the connection with
 * REJECTED_SETUP and the error's message.
 */
@FunctionalInterface
public interface SocketAcceptor {

  /**
   * Decides on a new connection.
   *
   * @param setup the connection's SETUP; its payload is borrowed until the returned {@code Mono}
   *     completes (retain it to keep it)
   * @param requester sends requests to the other side
   * @return the responder; an empty {@code Mono} accepts with a responder that supports nothing
   */
  Mono<RSocket> accept(ConnectionSetupPayload setup, RSocketConnection requester);

  /** An acceptor that answers every connection with {@code responder}. */
  static SocketAcceptor with(RSocket responder) {
    return (setup, requester) -> Mono.just(responder);
  }
}
