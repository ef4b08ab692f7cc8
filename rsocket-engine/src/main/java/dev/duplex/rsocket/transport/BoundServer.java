package dev.duplex.rsocket.transport;

import dev.duplex.rsocket.Closeable;
import java.net.SocketAddress;
import reactor.core.publisher.Mono;

/** A server transport that is bound and accepting; {@link #dispose()} stops it. */
public interface BoundServer extends Closeable {

  /** The bound address, with the actual port when port 0 was asked for. */
  SocketAddress address();

  /**
   * Shuts down gracefully when subscribed: stops accepting connections at once and lets the
   * connections already accepted finish their work before they close. Bound it with a timeout,
   * after which {@link #dispose()} closes what is left. By default, for a transport's server that
   * does not hold its connections, the same as {@link #dispose()}.
   *
   * @return completes once the server and the connections it waits for have closed
   */
  default Mono<Void> disposeGracefully() {
    return Mono.defer(() -> {
      dispose();
      return onClose();
    });
  }
}
