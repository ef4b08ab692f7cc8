package dev.duplex.rsocket.core;

import dev.duplex.rsocket.core.connection.ConnectionHandler;
import dev.duplex.rsocket.transport.DuplexConnection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The connections one {@link RSocketServer} serves, so they can be shut down together: gracefully
 * by {@link #disposeGracefully()}, at once by {@link #dispose()}. A bound server keeps one; for
 * connections a transport outside the engine accepts, hand them to a group of
 * {@link RSocketServer#connectionGroup()}:
 *
 * <pre>{@code
 * ConnectionGroup connections = server.connectionGroup();
 * WebSocketRouteHandler handler = WebSocketRouteHandler.create(connections);
 * // on shutdown
 * connections.disposeGracefully().timeout(Duration.ofSeconds(30))
 *     .onErrorResume(timeout -> Mono.fromRunnable(connections::dispose)).block();
 * }</pre>
 *
 * Thread-safe.
 */
public final class ConnectionGroup implements Consumer<DuplexConnection>, Disposable {

  private final Function<DuplexConnection, ConnectionHandler> serve;
  private final Map<DuplexConnection, ConnectionHandler> open = new ConcurrentHashMap<>();
  private final Sinks.Empty<Void> allClosed = Sinks.empty();
  private volatile boolean draining;
  private volatile boolean disposed;

  ConnectionGroup(Function<DuplexConnection, ConnectionHandler> serve) {
    this.serve = serve;
  }

  /**
   * Serves {@code connection} as a member of this group, on the connection's event loop. Once the
   * group is shutting down, a new connection is refused: ERROR[REJECTED_SETUP], then closed.
   */
  @Override
  public void accept(DuplexConnection connection) {
    ConnectionHandler handler = serve.apply(connection);
    open.put(connection, handler);
    handler.onClose().onErrorComplete().subscribe(null, null, () -> {
      open.remove(connection);
      closedIfEmpty();
    });
    if (disposed) {
      connection.dispose();
    } else if (draining) {
      handler.drain();
    }
  }

  /**
   * Shuts the connections down gracefully when subscribed: each refuses the peer's new requests
   * with ERROR[REJECTED], lets the streams it has open in both directions end, then closes; a
   * connection still in its handshake is refused with ERROR[REJECTED_SETUP] (see
   * {@link ConnectionHandler#drain()}). New connections are refused. Streams that never end keep
   * it waiting, so bound it with a timeout and then {@link #dispose()}.
   *
   * @return completes once every connection has closed; each subscription joins the same shutdown
   */
  public Mono<Void> disposeGracefully() {
    return Mono.defer(() -> {
      draining = true;
      open.values().forEach(ConnectionHandler::drain);
      closedIfEmpty();
      return allClosed.asMono();
    });
  }

  /**
   * Closes every connection at once, failing their open streams, and refuses new ones; also ends
   * a graceful shutdown under way.
   */
  @Override
  public void dispose() {
    disposed = true;
    draining = true;
    open.keySet().forEach(DuplexConnection::dispose);
    closedIfEmpty();
  }

  /** Whether a shutdown, graceful or not, has begun: new connections are refused. */
  @Override
  public boolean isDisposed() {
    return draining;
  }

  private void closedIfEmpty() {
    if (draining && open.isEmpty()) {
      allClosed.tryEmitEmpty();
    }
  }
}
