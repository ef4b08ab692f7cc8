package dev.duplex.rsocket.boot.actuate;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One RSocket server as health and the {@code rsocket} endpoint show it.
 *
 * @param transport {@code tcp} or {@code websocket}
 * @param running whether the server accepts connections
 * @param address the bound host address, {@code null} when not running or for the WebFlux route
 * @param port the bound port, {@code null} when not running or for the WebFlux route
 * @param path the WebSocket path of the WebFlux route, else {@code null}
 * @param connectionCount how many connections are open
 * @param connections the open connections, oldest first (empty where not asked for)
 */
public record RSocketServerDescriptor(String transport, boolean running, @Nullable String address,
    @Nullable Integer port, @Nullable String path, int connectionCount,
    List<RSocketConnectionDescriptor> connections) {
}
