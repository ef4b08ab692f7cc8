package dev.duplex.rsocket.boot.context;

import dev.duplex.rsocket.boot.server.DuplexRSocketServer;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEvent;

/**
 * Event published once one of the application's {@link DuplexRSocketServer}s is bound; the way to
 * learn the port it actually listens on. The main server has no {@link #getServerNamespace()
 * namespace}; each extra listener has its own, such as {@code listeners[0]}.
 */
public class RSocketServerInitializedEvent extends ApplicationEvent {

  private final @Nullable String serverNamespace;

  /**
   * Creates the event for the main {@code server}.
   *
   * @param server the started server
   */
  public RSocketServerInitializedEvent(DuplexRSocketServer server) {
    this(server, null);
  }

  /**
   * Creates the event for {@code server} in {@code serverNamespace}.
   *
   * @param server the started server
   * @param serverNamespace the namespace of the server, such as {@code listeners[0]}, or null for
   *     the main server
   */
  public RSocketServerInitializedEvent(DuplexRSocketServer server,
      @Nullable String serverNamespace) {
    super(server);
    this.serverNamespace = serverNamespace;
  }

  /**
   * The namespace of the server, such as {@code listeners[0]}, which names its port property
   * {@code local.rsocket.server.<namespace>.port}; null for the main server
   * ({@code local.rsocket.server.port}).
   */
  public @Nullable String getServerNamespace() {
    return this.serverNamespace;
  }

  /** The started server. */
  public DuplexRSocketServer getServer() {
    return getSource();
  }

  /** The started server. */
  @Override
  public DuplexRSocketServer getSource() {
    return (DuplexRSocketServer) super.getSource();
  }
}
