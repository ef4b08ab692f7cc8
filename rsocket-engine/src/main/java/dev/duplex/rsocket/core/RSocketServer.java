package dev.duplex.rsocket.core;

import dev.duplex.rsocket.ConnectionListener;
import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.transport.DuplexConnection;
import java.net.SocketAddress;
import dev.duplex.rsocket.core.connection.ConnectionHandler;
import dev.duplex.rsocket.core.connection.ConnectionSettings;
import dev.duplex.rsocket.transport.BoundServer;
import dev.duplex.rsocket.transport.ServerTransport;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * An RSocket server: accepts connections on a {@link ServerTransport} and asks its
 * {@link SocketAcceptor} about each one's SETUP.
 *
 * <pre>{@code
 * BoundServer server = RSocketServer.create(SocketAcceptor.with(responder))
 *     .bind(TcpServerTransport.create("127.0.0.1", 7000))
 *     .block();
 * }</pre>
 *
 * Immutable: each option returns a new server with that option changed.
 */
public final class RSocketServer {

  /** The default time a client has to send SETUP after connecting. */
  public static final Duration DEFAULT_MAX_TIME_TO_FIRST_FRAME = Duration.ofSeconds(10);

  private final SocketAcceptor acceptor;
  private final Duration maxTimeToFirstFrame;
  private final ConnectionSettings settings;
  private final ConnectionListener listener;

  private RSocketServer(SocketAcceptor acceptor, Duration maxTimeToFirstFrame,
      ConnectionSettings settings, ConnectionListener listener) {
    this.acceptor = acceptor;
    this.maxTimeToFirstFrame = maxTimeToFirstFrame;
    this.settings = settings;
    this.listener = listener;
  }

  /** A server whose connections are accepted by {@code acceptor}. */
  public static RSocketServer create(SocketAcceptor acceptor) {
    return new RSocketServer(Objects.requireNonNull(acceptor, "acceptor"),
        DEFAULT_MAX_TIME_TO_FIRST_FRAME, ConnectionSettings.DEFAULTS, ConnectionListener.NONE);
  }

  /** The same server with another acceptor. */
  public RSocketServer acceptor(SocketAcceptor acceptor) {
    return new RSocketServer(Objects.requireNonNull(acceptor, "acceptor"), maxTimeToFirstFrame,
        settings, listener);
  }

  /**
   * The same server fragmenting outbound frames larger than {@code mtu} bytes (length prefix
   * included); 0 turns fragmentation off.
   *
   * @throws IllegalArgumentException unless {@code mtu} is 0 or 64 to 16,777,215
   */
  public RSocketServer fragment(int mtu) {
    return new RSocketServer(acceptor, maxTimeToFirstFrame,
        settings.withMtu(mtu), listener);
  }

  /**
   * The same server answering the peer's requests with REJECTED while the peer already has
   * {@code maxConcurrentStreams} streams open (default 16,384).
   */
  public RSocketServer maxConcurrentStreams(int maxConcurrentStreams) {
    return new RSocketServer(acceptor, maxTimeToFirstFrame,
        settings.withMaxConcurrentStreams(maxConcurrentStreams), listener);
  }

  /**
   * The same server closing a connection that could not write for {@code timeout} because the
   * peer stopped reading (default 30 s).
   */
  public RSocketServer writeStallTimeout(Duration timeout) {
    return new RSocketServer(acceptor, maxTimeToFirstFrame,
        settings.withWriteStallTimeout(timeout), listener);
  }

  /**
   * The same server refusing to reassemble payloads larger than {@code maxInboundPayloadSize}
   * bytes: the stream fails instead (default 64 MiB).
   */
  public RSocketServer maxInboundPayloadSize(int maxInboundPayloadSize) {
    return new RSocketServer(acceptor, maxTimeToFirstFrame,
        settings.withMaxInboundPayloadSize(maxInboundPayloadSize), listener);
  }

  /**
   * The same server, giving each client {@code timeout} to send SETUP before the connection is
   * closed with INVALID_SETUP.
   */
  public RSocketServer maxTimeToFirstFrame(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("maxTimeToFirstFrame: " + timeout + " (expected: > 0)");
    }
    return new RSocketServer(acceptor, timeout, settings, listener);
  }

  /** The listener of this server's connections; {@link ConnectionListener#NONE} by default. */
  public ConnectionListener listener() {
    return listener;
  }

  /** The same server telling {@code listener} what happens to each connection. */
  public RSocketServer listener(ConnectionListener listener) {
    return new RSocketServer(acceptor, maxTimeToFirstFrame, settings,
        Objects.requireNonNull(listener, "listener"));
  }

  /** The acceptor. */
  public SocketAcceptor acceptor() {
    return acceptor;
  }

  /** The time a client has to send SETUP. */
  public Duration maxTimeToFirstFrame() {
    return maxTimeToFirstFrame;
  }

  /** The outbound MTU, 0 when fragmentation is off. */
  public int mtu() {
    return settings.mtu();
  }

  /** The largest payload reassembled from fragments. */
  public int maxInboundPayloadSize() {
    return settings.maxInboundPayloadSize();
  }

  /**
   * Serves each connection it is given as {@link #bind(ServerTransport)} serves accepted ones, for
   * connections that a transport outside the engine accepts, such as a
   * {@code WebSocketRouteHandler} on the application's HTTP server. Unlike a bound server, it
   * keeps no track of them: each lives until it or its channel closes.
   */
  public Consumer<DuplexConnection> connectionAcceptor() {
    return connection -> ConnectionHandler.serve(connection, acceptor, maxTimeToFirstFrame,
        settings, listener);
  }

  /**
   * A new group serving each connection it is given as {@link #bind(ServerTransport)} serves
   * accepted ones, keeping track of them so that they can be shut down together, gracefully or
   * not: for connections that a transport outside the engine accepts, such as a
   * {@code WebSocketRouteHandler} on the application's HTTP server.
   */
  public ConnectionGroup connectionGroup() {
    return new ConnectionGroup(connection -> ConnectionHandler.serve(connection, acceptor,
        maxTimeToFirstFrame, settings, listener));
  }

  /**
   * Binds {@code transport} when subscribed; the server runs until the result is disposed, which
   * also closes every connection it accepted, or until its
   * {@link BoundServer#disposeGracefully()} has let them finish.
   */
  public Mono<BoundServer> bind(ServerTransport transport) {
    return Mono.defer(() -> {
      ConnectionGroup connections = connectionGroup();
      return transport.start(connections)
          .map(bound -> new GroupBoundServer(bound, connections));
    });
  }

  /** A bound transport and the connections it accepted, shut down together. */
  private record GroupBoundServer(BoundServer bound, ConnectionGroup connections)
      implements BoundServer {

    @Override
    public SocketAddress address() {
      return bound.address();
    }

    @Override
    public Mono<Void> onClose() {
      return bound.onClose();
    }

    @Override
    public void dispose() {
      bound.dispose();
      connections.dispose();
    }

    /**
     * Closes the listening socket, so new connections are refused, and shuts the accepted ones
     * down gracefully (see {@link ConnectionGroup#disposeGracefully()}).
     */
    @Override
    public Mono<Void> disposeGracefully() {
      return Mono.defer(() -> {
        bound.dispose();
        return Mono.when(bound.onClose().onErrorComplete(), connections.disposeGracefully());
      });
    }

    @Override
    public boolean isDisposed() {
      return bound.isDisposed();
    }
  }
}
