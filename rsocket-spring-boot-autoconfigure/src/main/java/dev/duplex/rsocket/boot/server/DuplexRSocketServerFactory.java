package dev.duplex.rsocket.boot.server;

import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.boot.ssl.NettySslContexts;
import dev.duplex.rsocket.core.RSocketServer;
import dev.duplex.rsocket.transport.BoundServer;
import dev.duplex.rsocket.transport.ServerTransport;
import dev.duplex.rsocket.transport.tcp.TcpServerTransport;
import dev.duplex.rsocket.transport.websocket.WebSocketServerTransport;
import io.netty.handler.ssl.SslContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerSslBundle;
import org.springframework.util.Assert;
import reactor.core.publisher.Mono;

/**
 * {@link RSocketServerFactory} that binds the engine's {@link RSocketServer} on a
 * {@link TcpServerTransport} or a {@link WebSocketServerTransport}: Spring Boot's
 * {@code NettyRSocketServerFactory} for the Duplex engine, TLS from Spring Boot's {@link Ssl}
 * (key store, PEM or bundle) included. The engine's defaults apply to what is not set; the
 * {@link RSocketServerCustomizer}s run last, in the order given. Unlike Spring Boot's, the
 * WebSocket options (sub-protocols, max frame payload length, ping handling, compression) apply
 * to the WebSocket transport.
 */
public final class DuplexRSocketServerFactory implements RSocketServerFactory {

  private int port = 9898;

  private @Nullable InetAddress address;

  private DuplexRSocketServer.Transport transport = DuplexRSocketServer.Transport.TCP;

  private String path = WebSocketServerTransport.DEFAULT_PATH;

  private @Nullable Integer mtu;

  private @Nullable Duration maxTimeToFirstFrame;

  private @Nullable Integer maxInboundPayloadSize;

  private DuplexRSocketServer.Shutdown shutdown = DuplexRSocketServer.Shutdown.IMMEDIATE;

  private final List<RSocketServerCustomizer> customizers = new ArrayList<>();

  private @Nullable Ssl ssl;

  private @Nullable SslBundles sslBundles;

  private @Nullable Integer maxFramePayloadLength;

  private List<String> protocols = List.of();

  private boolean handlePing;

  private boolean compress;

  /** Sets the port to bind, 0 for a free one (default 9898, as Spring Boot's). */
  public void setPort(int port) {
    this.port = port;
  }

  /** Sets the address to bind; all addresses when not set. */
  public void setAddress(@Nullable InetAddress address) {
    this.address = address;
  }

  /** Sets the transport (default TCP). */
  public void setTransport(DuplexRSocketServer.Transport transport) {
    Assert.notNull(transport, "'transport' must not be null");
    this.transport = transport;
  }

  /**
   * Sets the path upgraded to WebSocket, starting with {@code /} (default {@code /}); used by the
   * WebSocket transport only.
   */
  public void setPath(String path) {
    Assert.notNull(path, "'path' must not be null");
    Assert.isTrue(path.startsWith("/"), () -> "'path' must start with '/', was '" + path + "'");
    this.path = path;
  }

  /**
   * Sets the MTU, the largest outbound frame (length prefix included) before a payload is
   * fragmented; 0 turns fragmentation off (the default).
   */
  public void setMtu(int mtu) {
    this.mtu = mtu;
  }

  /** Sets the time a client has to send SETUP (engine default 10 s). */
  public void setMaxTimeToFirstFrame(Duration maxTimeToFirstFrame) {
    Assert.notNull(maxTimeToFirstFrame, "'maxTimeToFirstFrame' must not be null");
    this.maxTimeToFirstFrame = maxTimeToFirstFrame;
  }

  /** Sets the largest payload reassembled from fragments, in bytes (engine default 64 MiB). */
  public void setMaxInboundPayloadSize(int maxInboundPayloadSize) {
    this.maxInboundPayloadSize = maxInboundPayloadSize;
  }

  /**
   * Sets how the servers shut down (default immediate, as Spring Boot's web server factories):
   * {@link DuplexRSocketServer.Shutdown#GRACEFUL} makes
   * {@link DuplexRSocketServer#shutDownGracefully} let the streams in flight end.
   */
  public void setShutdown(DuplexRSocketServer.Shutdown shutdown) {
    Assert.notNull(shutdown, "'shutdown' must not be null");
    this.shutdown = shutdown;
  }

  /** Replaces the customizers with {@code customizers}, applied in their order. */
  public void setRSocketServerCustomizers(Collection<? extends RSocketServerCustomizer> customizers) {
    Assert.notNull(customizers, "'customizers' must not be null");
    this.customizers.clear();
    this.customizers.addAll(customizers);
  }

  /** Adds {@code customizers}, applied after those already present. */
  public void addRSocketServerCustomizers(RSocketServerCustomizer... customizers) {
    Assert.notNull(customizers, "'customizers' must not be null");
    this.customizers.addAll(Arrays.asList(customizers));
  }

  /**
   * Sets the TLS of the server: none when null or not enabled; otherwise from its bundle (looked
   * up in {@link #setSslBundles the bundles}), key store or PEM certificate, with its client
   * authentication.
   */
  public void setSsl(@Nullable Ssl ssl) {
    this.ssl = ssl;
  }

  /** Sets the bundles an {@link Ssl} naming a bundle takes it from. */
  public void setSslBundles(@Nullable SslBundles sslBundles) {
    this.sslBundles = sslBundles;
  }

  /**
   * Sets the longest inbound WebSocket message, 6 to 16,777,215 bytes (the engine's default, the
   * largest RSocket frame); WebSocket transport only.
   */
  public void setMaxFramePayloadLength(int maxFramePayloadLength) {
    this.maxFramePayloadLength = maxFramePayloadLength;
  }

  /**
   * Sets the WebSocket sub-protocols an upgrade must offer one of (none by default);
   * WebSocket transport only.
   */
  public void setProtocols(List<String> protocols) {
    Assert.notNull(protocols, "'protocols' must not be null");
    this.protocols = List.copyOf(protocols);
  }

  /**
   * Sets whether pings are answered by the Duplex pipeline rather than by Reactor Netty (default
   * false); WebSocket transport only.
   */
  public void setHandlePing(boolean handlePing) {
    this.handlePing = handlePing;
  }

  /** Sets whether WebSocket compression is negotiated (default false); WebSocket transport only. */
  public void setCompress(boolean compress) {
    this.compress = compress;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when a setting is out of the engine's range
   * @throws IllegalStateException when TLS is enabled but cannot be configured
   */
  @Override
  public DuplexRSocketServer create(SocketAcceptor acceptor) {
    Assert.notNull(acceptor, "'acceptor' must not be null");
    RSocketServer server = RSocketServer.create(acceptor);
    if (this.mtu != null) {
      server = server.fragment(this.mtu);
    }
    if (this.maxTimeToFirstFrame != null) {
      server = server.maxTimeToFirstFrame(this.maxTimeToFirstFrame);
    }
    if (this.maxInboundPayloadSize != null) {
      server = server.maxInboundPayloadSize(this.maxInboundPayloadSize);
    }
    for (RSocketServerCustomizer customizer : this.customizers) {
      server = customizer.apply(server);
    }
    return new BindingServer(server.bind(transport()), this.transport, this.shutdown);
  }

  private ServerTransport transport() {
    InetSocketAddress bindAddress = (this.address != null)
        ? new InetSocketAddress(this.address, this.port) : new InetSocketAddress(this.port);
    SslContext sslContext = sslContext();
    return switch (this.transport) {
      case TCP -> {
        TcpServerTransport tcp = TcpServerTransport.create(bindAddress);
        yield (sslContext != null) ? tcp.secure(sslContext) : tcp;
      }
      case WEBSOCKET -> {
        WebSocketServerTransport webSocket = WebSocketServerTransport.create(bindAddress)
            .path(this.path)
            .protocols(this.protocols.toArray(String[]::new))
            .handlePing(this.handlePing)
            .compress(this.compress);
        if (this.maxFramePayloadLength != null) {
          webSocket = webSocket.maxFramePayloadLength(this.maxFramePayloadLength);
        }
        yield (sslContext != null) ? webSocket.secure(sslContext) : webSocket;
      }
    };
  }

  private @Nullable SslContext sslContext() {
    Ssl ssl = this.ssl;
    if (!Ssl.isEnabled(ssl)) {
      return null;
    }
    try {
      return NettySslContexts.forServer(WebServerSslBundle.get(ssl, this.sslBundles),
          ssl.getClientAuth());
    } catch (RuntimeException ex) {
      throw new IllegalStateException("Unable to configure TLS for the RSocket server: "
          + ex.getMessage(), ex);
    }
  }

  /** A server that binds when started. */
  private static final class BindingServer implements DuplexRSocketServer {

    private static final Log logger = LogFactory.getLog(DuplexRSocketServer.class);

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final Mono<BoundServer> starter;

    private final Transport transport;

    private final Shutdown shutdown;

    private final AtomicReference<@Nullable BoundServer> bound = new AtomicReference<>();

    BindingServer(Mono<BoundServer> starter, Transport transport, Shutdown shutdown) {
      this.starter = starter;
      this.transport = transport;
      this.shutdown = shutdown;
    }

    @Override
    public Transport transport() {
      return this.transport;
    }

    @Override
    public synchronized void start() {
      if (this.bound.get() != null) {
        return;
      }
      BoundServer server;
      try {
        server = this.starter.block();
      } catch (RuntimeException ex) {
        throw new IllegalStateException("Unable to start the RSocket server", ex);
      }
      Assert.state(server != null, "RSocket server bound to no address");
      this.bound.set(server);
      logger.info("Duplex RSocket server started on " + server.address());
      awaitClose(server);
    }

    /**
     * Keeps the JVM alive while the server runs, as Spring Boot's server does, since the event
     * loop threads are daemons.
     */
    private void awaitClose(BoundServer server) {
      Thread awaitThread = new Thread(() -> server.onClose().onErrorComplete().block(), "rsocket");
      awaitThread.setContextClassLoader(getClass().getClassLoader());
      awaitThread.setDaemon(false);
      awaitThread.start();
    }

    @Override
    public synchronized void stop() {
      BoundServer server = this.bound.getAndSet(null);
      if (server != null) {
        server.dispose();
        server.onClose().onErrorComplete().block(CLOSE_TIMEOUT);
      }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Does not block: the callback runs on the thread that closes the last connection.
     */
    @Override
    public void shutDownGracefully(GracefulShutdownCallback callback) {
      BoundServer server = this.bound.get();
      if (this.shutdown == Shutdown.IMMEDIATE) {
        callback.shutdownComplete(GracefulShutdownResult.IMMEDIATE);
        return;
      }
      if (server == null) {
        callback.shutdownComplete(GracefulShutdownResult.IDLE);
        return;
      }
      logger.info("Commencing graceful shutdown. Waiting for active streams to complete");
      Runnable done = () -> {
        if (this.bound.compareAndSet(server, null)) {
          logger.info("Graceful shutdown complete");
          callback.shutdownComplete(GracefulShutdownResult.IDLE);
        } else {
          logger.info("Graceful shutdown aborted with one or more streams still active");
          callback.shutdownComplete(GracefulShutdownResult.STREAMS_ACTIVE);
        }
      };
      server.disposeGracefully().subscribe(null, error -> done.run(), done);
    }

    @Override
    public @Nullable InetSocketAddress address() {
      BoundServer server = this.bound.get();
      return (server != null) ? (InetSocketAddress) server.address() : null;
    }
  }
}
