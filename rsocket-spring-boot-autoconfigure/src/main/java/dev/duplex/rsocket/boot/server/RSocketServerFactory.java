package dev.duplex.rsocket.boot.server;

import dev.duplex.rsocket.SocketAcceptor;

/** Factory of {@link DuplexRSocketServer}s, not yet started, that serve an acceptor. */
@FunctionalInterface
public interface RSocketServerFactory {

  /**
   * Creates a server, not started, whose connections are accepted by {@code acceptor}.
   *
   * @param acceptor the acceptor of each connection's SETUP
   * @return the server, to be {@link DuplexRSocketServer#start() started}
   */
  DuplexRSocketServer create(SocketAcceptor acceptor);
}
