package dev.duplex.rsocket.boot.autoconfigure;

import dev.duplex.rsocket.core.RSocketServer;
import dev.duplex.rsocket.transport.websocket.WebSocketRouteHandler;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * {@link NettyRouteProvider} that serves RSocket on a WebSocket route of the WebFlux Reactor Netty
 * server, with the engine's {@link RSocketServer} and {@link WebSocketRouteHandler}: Spring Boot's
 * {@code RSocketWebSocketNettyRouteProvider} for the Duplex engine.
 */
final class RSocketWebSocketNettyRouteProvider implements NettyRouteProvider {

  private final String mappingPath;

  private final WebSocketRouteHandler handler;

  /**
   * A provider of the route {@code mappingPath} served by {@code handler}, with the handler's
   * WebSocket options.
   */
  RSocketWebSocketNettyRouteProvider(String mappingPath, WebSocketRouteHandler handler) {
    this.mappingPath = mappingPath;
    this.handler = handler;
  }

  /** The path upgraded to RSocket over WebSocket. */
  String mappingPath() {
    return this.mappingPath;
  }

  /** The longest inbound message accepted, in bytes. */
  int maxFramePayloadLength() {
    return this.handler.maxFramePayloadLength();
  }

  /** The handler of the route. */
  WebSocketRouteHandler handler() {
    return this.handler;
  }

  @Override
  public HttpServerRoutes apply(HttpServerRoutes routes) {
    return this.handler.route(routes, this.mappingPath);
  }
}
