package dev.duplex.rsocket.boot.actuate;

import dev.duplex.rsocket.ConnectionListener;
import dev.duplex.rsocket.boot.server.RSocketServerConnectionListenerFactory;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live connections of each auto-configured RSocket server, by server name: as a
 * {@link RSocketServerConnectionListenerFactory} it hands each server a listener that tracks its
 * connections from open to close, with their setup and active streams.
 */
public class RSocketConnectionRegistry implements RSocketServerConnectionListenerFactory {

  private final Map<String, LiveConnections> servers = new ConcurrentHashMap<>();

  private final Clock clock;

  /** Creates an empty registry. */
  public RSocketConnectionRegistry() {
    this(Clock.systemUTC());
  }

  RSocketConnectionRegistry(Clock clock) {
    this.clock = clock;
  }

  @Override
  public ConnectionListener createListener(String serverName) {
    return this.servers.computeIfAbsent(serverName, name -> new LiveConnections(this.clock));
  }

  /** The open connections of the server named {@code serverName}, oldest first. */
  public List<RSocketConnectionDescriptor> connections(String serverName) {
    LiveConnections live = this.servers.get(serverName);
    return (live != null) ? live.describe() : List.of();
  }

  /** How many connections the server named {@code serverName} has open. */
  public int connectionCount(String serverName) {
    LiveConnections live = this.servers.get(serverName);
    return (live != null) ? live.count() : 0;
  }
}
