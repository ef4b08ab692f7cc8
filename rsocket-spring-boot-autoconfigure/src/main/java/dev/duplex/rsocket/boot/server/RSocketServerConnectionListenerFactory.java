package dev.duplex.rsocket.boot.server;

import dev.duplex.rsocket.ConnectionListener;

/**
 * Gives each auto-configured RSocket server a {@link ConnectionListener} for its connections, by
 * the server's name: {@value #SERVER} for the server of {@code spring.rsocket.server.port},
 * {@code listeners-<i>} for {@code spring.rsocket.server.listeners[i]}, and {@value #MAPPING_PATH}
 * for the WebSocket route inside WebFlux. The listeners of every bean of this type are composed, in
 * order, with the server's own; auto-configured metrics and health use it.
 */
@FunctionalInterface
public interface RSocketServerConnectionListenerFactory {

  /** The name of the server of {@code spring.rsocket.server.port}. */
  String SERVER = "server";

  /** The name of the WebSocket route of {@code spring.rsocket.server.mapping-path}. */
  String MAPPING_PATH = "mapping-path";

  /** The name of the server of {@code spring.rsocket.server.listeners[index]}. */
  static String listener(int index) {
    return "listeners-" + index;
  }

  /** The listener for the connections of the server named {@code serverName}. */
  ConnectionListener createListener(String serverName);
}
