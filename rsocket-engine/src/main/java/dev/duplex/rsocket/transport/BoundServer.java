package dev.duplex.rsocket.transport;

import dev.duplex.rsocket.Closeable;
import java.net.SocketAddress;

/** A server transport that is bound and accepting; {@link #dispose()} stops it. */
public interface BoundServer extends Closeable {

  /** The bound address, with the actual port when port 0 was asked for. */
  SocketAddress address();
}
