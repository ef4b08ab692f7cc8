package dev.duplex.rsocket.boot.server;

import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * An RSocket server managed by the application context: Spring Boot's {@code RSocketServer}
 * handle for the Duplex engine, created by an {@link RSocketServerFactory}, bound by
 * {@link #start()} and closed, with its connections, by {@link #stop()}.
 */
public interface DuplexRSocketServer {

  /**
   * Binds the server and returns once it accepts connections.
   *
   * @throws IllegalStateException when the server cannot be bound
   */
  void start();

  /** Closes the server and every connection it accepted; does nothing when not started. */
  void stop();

  /** The bound address, with the actual port when port 0 was asked for; null when not started. */
  @Nullable InetSocketAddress address();

  /** The transport this server accepts connections on. */
  Transport transport();

  /** The transport a server accepts connections on. */
  enum Transport {

    /** RSocket over TCP, frames prefixed by their 24-bit length. */
    TCP,

    /** RSocket over WebSocket, one frame per binary message. */
    WEBSOCKET
  }
}
