package dev.duplex.rsocket.boot.autoconfigure;

import dev.duplex.rsocket.boot.server.DuplexRSocketServer;
import dev.duplex.rsocket.core.ConnectionGroup;
import dev.duplex.rsocket.core.RSocketServer;
import dev.duplex.rsocket.transport.websocket.WebSocketRouteHandler;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.context.SmartLifecycle;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * {@link NettyRouteProvider} that serves RSocket on a WebSocket route of the WebFlux Reactor Netty
 * server, with the engine's {@link RSocketServer} and {@link WebSocketRouteHandler}: Spring Boot's
 * {@code RSocketWebSocketNettyRouteProvider} for the Duplex engine.
 *
 * <p>Its connections form a {@link ConnectionGroup} that it shuts down when the context stops,
 * before the web server's own graceful shutdown: gracefully (new requests and connections refused,
 * streams in flight let end within {@code spring.lifecycle.timeout-per-shutdown-phase}) or at
 * once, as {@code spring.rsocket.server.shutdown} says. Connections still open when the context
 * closes are closed then.
 */
final class RSocketWebSocketNettyRouteProvider
    implements NettyRouteProvider, SmartLifecycle, DisposableBean {

  private final String mappingPath;

  private final ConnectionGroup connections;

  private final WebSocketRouteHandler handler;

  private final DuplexRSocketServer.Shutdown shutdown;

  private volatile boolean running;

  /**
   * A provider of the route {@code mappingPath} served by {@code handler}, with the handler's
   * WebSocket options, whose {@code connections} are shut down as {@code shutdown} says when the
   * context stops.
   */
  RSocketWebSocketNettyRouteProvider(String mappingPath, ConnectionGroup connections,
      WebSocketRouteHandler handler, DuplexRSocketServer.Shutdown shutdown) {
    this.mappingPath = mappingPath;
    this.connections = connections;
    this.handler = handler;
    this.shutdown = shutdown;
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

  /** How the route's connections are shut down when the context stops. */
  DuplexRSocketServer.Shutdown shutdown() {
    return this.shutdown;
  }

  @Override
  public HttpServerRoutes apply(HttpServerRoutes routes) {
    return this.handler.route(routes, this.mappingPath);
  }

  @Override
  public void start() {
    this.running = true;
  }

  @Override
  public void stop() {
    this.running = false;
    this.connections.dispose();
  }

  /** Shuts the route's connections down, gracefully or at once, then runs {@code callback}. */
  @Override
  public void stop(Runnable callback) {
    if (this.shutdown == DuplexRSocketServer.Shutdown.IMMEDIATE) {
      stop();
      callback.run();
      return;
    }
    this.running = false;
    this.connections.disposeGracefully().subscribe(null, error -> callback.run(), callback);
  }

  @Override
  public boolean isRunning() {
    return this.running;
  }

  /** Closes the connections a graceful shutdown left open after the phase's timeout. */
  @Override
  public void destroy() {
    this.connections.dispose();
  }
}
