package dev.duplex.rsocket.transport.websocket;

import dev.duplex.rsocket.frame.FrameWriter;
import dev.duplex.rsocket.transport.DuplexConnection;
import dev.duplex.rsocket.transport.netty.ChannelDuplexConnection;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerRoutes;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * Serves RSocket on a WebSocket route of an existing Reactor Netty HTTP server, next to its other
 * routes, with the same pipeline as {@link WebSocketServerTransport}: each upgraded connection is
 * handed to the acceptor, for example {@code RSocketServer.connectionAcceptor()}.
 *
 * <pre>{@code
 * WebSocketRouteHandler handler = WebSocketRouteHandler.create(server.connectionAcceptor());
 * HttpServer.create().route(routes -> routes
 *     .get("/health", (req, res) -> res.sendString(Mono.just("UP")))
 *     .ws("/rsocket", handler, handler.spec()));
 * }</pre>
 *
 * <p>The route's spec should allow messages of {@link #maxFramePayloadLength()} bytes, as
 * {@link #spec()} does. The connection stays open until the RSocket connection closes. Immutable.
 */
public final class WebSocketRouteHandler
    implements BiFunction<WebsocketInbound, WebsocketOutbound, Publisher<Void>> {

  private final Consumer<DuplexConnection> acceptor;
  private final int maxFramePayloadLength;

  private WebSocketRouteHandler(Consumer<DuplexConnection> acceptor, int maxFramePayloadLength) {
    this.acceptor = acceptor;
    this.maxFramePayloadLength = maxFramePayloadLength;
  }

  /** A handler that hands each connection to {@code acceptor}. */
  public static WebSocketRouteHandler create(Consumer<DuplexConnection> acceptor) {
    return new WebSocketRouteHandler(Objects.requireNonNull(acceptor, "acceptor"),
        FrameWriter.MAX_FRAME_LENGTH);
  }

  /**
   * The same handler joining fragmented messages up to {@code maxFramePayloadLength} bytes.
   *
   * @param maxFramePayloadLength 6 to 16,777,215, the default
   */
  public WebSocketRouteHandler maxFramePayloadLength(int maxFramePayloadLength) {
    return new WebSocketRouteHandler(acceptor,
        WebSocketPipeline.checkMaxFramePayloadLength(maxFramePayloadLength));
  }

  /** The longest inbound message accepted, in bytes. */
  public int maxFramePayloadLength() {
    return maxFramePayloadLength;
  }

  /**
   * A spec for {@link HttpServerRoutes#ws(String, BiFunction, WebsocketServerSpec)} with
   * {@link #maxFramePayloadLength()}.
   */
  public WebsocketServerSpec spec() {
    return WebsocketServerSpec.builder().maxFramePayloadLength(maxFramePayloadLength).build();
  }

  /**
   * Runs once the upgrade response is written, on the event loop and before the next read; the
   * returned publisher, {@link DuplexConnection#onClose()}, keeps Reactor Netty from closing the
   * WebSocket until the connection closes.
   */
  @Override
  public Publisher<Void> apply(WebsocketInbound in, WebsocketOutbound out) {
    // Reactor Netty's WebSocket inbound is the upgraded connection itself.
    ChannelDuplexConnection connection =
        WebSocketPipeline.configure((Connection) in, maxFramePayloadLength);
    connection.handTo(acceptor);
    return connection.onClose().onErrorComplete();
  }
}
