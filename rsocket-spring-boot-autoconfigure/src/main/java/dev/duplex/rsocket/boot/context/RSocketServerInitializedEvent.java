package dev.duplex.rsocket.boot.context;

import dev.duplex.rsocket.boot.server.DuplexRSocketServer;
import org.springframework.context.ApplicationEvent;

/**
 * Event published once the application's {@link DuplexRSocketServer} is bound; the way to learn the
 * port it actually listens on.
 */
public class RSocketServerInitializedEvent extends ApplicationEvent {

  /**
   * Creates the event for {@code server}.
   *
   * @param server the started server
   */
  public RSocketServerInitializedEvent(DuplexRSocketServer server) {
    super(server);
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
