package dev.duplex.rsocket.transport;

import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/** Accepts connections on one address. */
@FunctionalInterface
public interface ServerTransport {

  /**
   * Binds when subscribed and hands every accepted connection to {@code acceptor}, on the
   * connection's event loop.
   */
  Mono<BoundServer> start(Consumer<DuplexConnection> acceptor);
}
