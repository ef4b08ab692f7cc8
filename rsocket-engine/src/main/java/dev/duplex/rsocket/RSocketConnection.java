package dev.duplex.rsocket;

import java.net.SocketAddress;

/**
 * A live RSocket connection, seen from this side: the {@link RSocket} methods send requests to the
 * peer, and {@link #dispose()} closes the connection, failing every outstanding stream on both
 * sides with an error that says the connection closed.
 */
public interface RSocketConnection extends RSocket, Closeable {

  /** The peer's address. */
  SocketAddress remoteAddress();

  /** The data MIME type agreed in SETUP. */
  String dataMimeType();

  /** The metadata MIME type agreed in SETUP. */
  String metadataMimeType();
}
