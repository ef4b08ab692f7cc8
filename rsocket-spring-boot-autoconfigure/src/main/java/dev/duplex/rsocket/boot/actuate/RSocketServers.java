package dev.duplex.rsocket.boot.actuate;

import dev.duplex.rsocket.boot.server.DuplexRSocketServer;
import dev.duplex.rsocket.boot.server.RSocketServerConnectionListenerFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The application's RSocket servers by name ({@code server}, {@code listeners-<i>},
 * {@code mapping-path}, as {@link RSocketServerConnectionListenerFactory} names them), described
 * from their state and the {@link RSocketConnectionRegistry}.
 */
public class RSocketServers {

  private final Map<String, DuplexRSocketServer> servers;

  private final @Nullable String mappingPath;

  private final RSocketConnectionRegistry connections;

  /**
   * Creates the view of {@code servers}, by name, and of the WebFlux route at
   * {@code mappingPath} when there is one.
   */
  public RSocketServers(Map<String, DuplexRSocketServer> servers, @Nullable String mappingPath,
      RSocketConnectionRegistry connections) {
    this.servers = new LinkedHashMap<>(servers);
    this.mappingPath = mappingPath;
    this.connections = connections;
  }

  /** The names of the servers, in the order they start. */
  public List<String> names() {
    List<String> names = new ArrayList<>(this.servers.keySet());
    if (this.mappingPath != null) {
      names.add(RSocketServerConnectionListenerFactory.MAPPING_PATH);
    }
    return names;
  }

  /** Every server, with its connections when {@code withConnections}. */
  public Map<String, RSocketServerDescriptor> describe(boolean withConnections) {
    Map<String, RSocketServerDescriptor> described = new LinkedHashMap<>();
    for (String name : names()) {
      described.put(name, describe(name, withConnections));
    }
    return described;
  }

  /** The server named {@code name}, with its connections when {@code withConnections}. */
  public RSocketServerDescriptor describe(String name, boolean withConnections) {
    List<RSocketConnectionDescriptor> open =
        withConnections ? this.connections.connections(name) : List.of();
    int count = this.connections.connectionCount(name);
    DuplexRSocketServer server = this.servers.get(name);
    if (server == null) {
      // the route lives in the WebFlux server, which serves this very request
      return new RSocketServerDescriptor("websocket", true, null, null, this.mappingPath, count,
          open);
    }
    InetSocketAddress address = server.address();
    return new RSocketServerDescriptor(server.transport().name().toLowerCase(Locale.ROOT),
        address != null, (address != null) ? address.getHostString() : null,
        (address != null) ? address.getPort() : null, null, count, open);
  }
}
