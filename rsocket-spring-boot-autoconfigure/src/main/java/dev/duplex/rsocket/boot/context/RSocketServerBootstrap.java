package dev.duplex.rsocket.boot.context;

import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.boot.server.DuplexRSocketServer;
import dev.duplex.rsocket.boot.server.RSocketServerFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Starts a {@link DuplexRSocketServer} with the application context, publishing an
 * {@link RSocketServerInitializedEvent} once it is bound, and stops it with the context.
 */
public class RSocketServerBootstrap implements ApplicationEventPublisherAware, SmartLifecycle {

  private final DuplexRSocketServer server;

  private final @Nullable String serverNamespace;

  private @Nullable ApplicationEventPublisher eventPublisher;

  /**
   * Creates the bootstrap of a server from {@code serverFactory} serving {@code socketAcceptor}.
   *
   * @param serverFactory the factory of the server
   * @param socketAcceptor the acceptor of the server's connections
   */
  public RSocketServerBootstrap(RSocketServerFactory serverFactory, SocketAcceptor socketAcceptor) {
    this(serverFactory, socketAcceptor, null);
  }

  /**
   * Creates the bootstrap of a server from {@code serverFactory} serving {@code socketAcceptor},
   * whose {@link RSocketServerInitializedEvent} carries {@code serverNamespace}.
   *
   * @param serverFactory the factory of the server
   * @param socketAcceptor the acceptor of the server's connections
   * @param serverNamespace the namespace of the server, such as {@code listeners[0]}, or null for
   *     the main server
   */
  public RSocketServerBootstrap(RSocketServerFactory serverFactory, SocketAcceptor socketAcceptor,
      @Nullable String serverNamespace) {
    Assert.notNull(serverFactory, "'serverFactory' must not be null");
    Assert.notNull(socketAcceptor, "'socketAcceptor' must not be null");
    this.server = serverFactory.create(socketAcceptor);
    this.serverNamespace = serverNamespace;
  }

  @Override
  public void setApplicationEventPublisher(ApplicationEventPublisher applicationEventPublisher) {
    this.eventPublisher = applicationEventPublisher;
  }

  /** The server this bootstrap starts. */
  public DuplexRSocketServer getServer() {
    return this.server;
  }

  @Override
  public void start() {
    this.server.start();
    if (this.eventPublisher != null) {
      this.eventPublisher.publishEvent(new RSocketServerInitializedEvent(this.server, this.serverNamespace));
    }
  }

  @Override
  public void stop() {
    this.server.stop();
  }

  @Override
  public boolean isRunning() {
    return this.server.address() != null;
  }
}
