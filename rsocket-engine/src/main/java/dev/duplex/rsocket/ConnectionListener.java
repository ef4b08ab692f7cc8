package dev.duplex.rsocket;

import dev.duplex.rsocket.error.RSocketErrorException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Hears what happens to a connection, as rsocket-py's {@code RequestHandler} callbacks do. Called
 * on the connection's event loop: keep the work short. Every method does nothing by default.
 */
public interface ConnectionListener {

  /** A listener that does nothing. */
  ConnectionListener NONE = new ConnectionListener() { };

  /** The connection's SETUP was accepted (on a server) or sent (on a client). */
  default void onSetup(RSocketConnection connection, ConnectionSetupPayload setup) {
  }

  /** The peer sent ERROR on stream 0, which ends the connection. */
  default void onConnectionError(RSocketConnection connection, RSocketErrorException error) {
  }

  /** Nothing arrived from the peer for {@code silence}, longer than the keepalive max lifetime. */
  default void onKeepAliveTimeout(RSocketConnection connection, Duration silence) {
  }

  /**
   * The connection closed; {@code cause} is {@code null} when it was disposed locally or the peer
   * closed it cleanly.
   */
  default void onClose(RSocketConnection connection, @Nullable Throwable cause) {
  }
}
