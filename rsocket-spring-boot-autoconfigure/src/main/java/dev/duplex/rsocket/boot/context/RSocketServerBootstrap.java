package dev.duplex.rsocket.boot.context;

import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.boot.server.DuplexRSocketServer;
import dev.duplex.rsocket.boot.server.RSocketServerFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Starts a {@link DuplexRSocketServer} with the application context, publishing an
 * {@link RSocketServerInitializedEvent} once it is bound, and stops it with the context: through
 * {@link DuplexRSocketServer#shutDownGracefully} when the server shuts down gracefully, so that
 * {@code spring.lifecycle.timeout-per-shutdown-phase} bounds the wait, and at once otherwise.
 * Once the context closes, a server still draining after that timeout is stopped.
 */
public class RSocketServerBootstrap
    implements ApplicationEventPublisherAware, SmartLifecycle, DisposableBean {

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

  /**
   * Shuts the server down gracefully, or stops it at once when its shutdown is immediate, then
   * runs {@code callback}; the lifecycle processor waits for it up to the phase's timeout.
   */
  @Override
  public void stop(Runnable callback) {
    this.server.shutDownGracefully(result -> {
      if (result == DuplexRSocketServer.GracefulShutdownResult.IMMEDIATE) {
        this.server.stop();
      }
      callback.run();
    });
  }

  /** Stops the server, ending a graceful shutdown that outlived the shutdown phase's timeout. */
  @Override
  public void destroy() {
    this.server.stop();
  }

  @Override
  public boolean isRunning() {
    return this.server.address() != null;
  }
}
