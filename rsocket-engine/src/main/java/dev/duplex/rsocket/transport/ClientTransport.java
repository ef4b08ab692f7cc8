package dev.duplex.rsocket.transport;

import reactor.core.publisher.Mono;

/** Opens connections to one server. */
@FunctionalInterface
public interface ClientTransport {

  /** Opens a new connection when subscribed. */
  Mono<DuplexConnection> connect();
}
