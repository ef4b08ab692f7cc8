package dev.duplex.rsocket.transport.websocket;

import dev.duplex.rsocket.transport.DuplexConnection;
import dev.duplex.rsocket.transport.netty.ChannelDuplexConnection;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerRequest;
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
 * HttpServer.create().route(routes -> handler.route(routes, "/rsocket")
 *     .get("/health", (req, res) -> res.sendString(Mono.just("UP"))));
 * }</pre>
 *
 * <p>{@link #route(HttpServerRoutes, String)} adds the route with {@link #spec()}, which carries
 * the handler's options (message length, sub-protocols, ping handling, compression) to the
 * upgrade; {@code routes.ws(path, handler, handler.spec())} does the same, except that a client
 * offering none of the {@link #protocols(String...) sub-protocols} is then upgraded and left
 * waiting (Reactor Netty never calls the handler) instead of refused. TLS is the HTTP server's.
 * The connection stays open until the RSocket connection closes. Immutable: each option returns a
 * new handler with that option changed.
 */
public final class WebSocketRouteHandler
    implements BiFunction<WebsocketInbound, WebsocketOutbound, Publisher<Void>> {

  private final Consumer<DuplexConnection> acceptor;
  private final WebSocketServerOptions options;

  private WebSocketRouteHandler(Consumer<DuplexConnection> acceptor,
      WebSocketServerOptions options) {
    this.acceptor = acceptor;
    this.options = options;
  }

  /** A handler that hands each connection to {@code acceptor}. */
  public static WebSocketRouteHandler create(Consumer<DuplexConnection> acceptor) {
    return create(acceptor, WebSocketServerOptions.DEFAULT);
  }

  static WebSocketRouteHandler create(Consumer<DuplexConnection> acceptor,
      WebSocketServerOptions options) {
    return new WebSocketRouteHandler(Objects.requireNonNull(acceptor, "acceptor"), options);
  }

  /**
   * The same handler joining fragmented messages up to {@code maxFramePayloadLength} bytes.
   *
   * @param maxFramePayloadLength 6 to 16,777,215, the default
   */
  public WebSocketRouteHandler maxFramePayloadLength(int maxFramePayloadLength) {
    return new WebSocketRouteHandler(acceptor,
        options.withMaxFramePayloadLength(maxFramePayloadLength));
  }

  /** The longest inbound message accepted, in bytes. */
  public int maxFramePayloadLength() {
    return options.maxFramePayloadLength();
  }

  /**
   * The same handler accepting only upgrades that offer one of the WebSocket sub-protocols
   * {@code protocols}: the upgrade response names the first of them in the client's list, and an
   * upgrade request offering none of them is refused with 400 Bad Request. None by default: any
   * upgrade is accepted and no sub-protocol named.
   */
  public WebSocketRouteHandler protocols(String... protocols) {
    return new WebSocketRouteHandler(acceptor, options.withProtocols(protocols));
  }

  /** The sub-protocols accepted. */
  public List<String> protocols() {
    return options.protocols();
  }

  /**
   * The same handler with pings handled by the Duplex pipeline instead of Reactor Netty, if
   * {@code handlePing}. Either way each ping is answered with a pong carrying its data (RFC 6455
   * §5.5.2), and it never reaches the RSocket connection, whose liveness is RSocket's KEEPALIVE;
   * with {@code handlePing} the pong is written by the Duplex codec, after the message
   * aggregator. False by default.
   */
  public WebSocketRouteHandler handlePing(boolean handlePing) {
    return new WebSocketRouteHandler(acceptor, options.withHandlePing(handlePing));
  }

  /** Whether the Duplex pipeline answers pings rather than Reactor Netty. */
  public boolean handlePing() {
    return options.handlePing();
  }

  /**
   * The same handler negotiating the WebSocket compression extensions (permessage-deflate,
   * deflate-frame) with clients that offer them, if {@code compress}; each inflated frame is
   * bounded by {@link #maxFramePayloadLength()}. False by default.
   */
  public WebSocketRouteHandler compress(boolean compress) {
    return new WebSocketRouteHandler(acceptor, options.withCompress(compress));
  }

  /** Whether compression is negotiated. */
  public boolean compress() {
    return options.compress();
  }

  /**
   * Adds to {@code routes} the WebSocket route upgrading GET requests for {@code path} with
   * {@link #spec()}; with {@link #protocols(String...) sub-protocols}, an upgrade request offering
   * none of them is answered with 400 Bad Request first.
   *
   * @param path the path, starting with {@code /}
   */
  public HttpServerRoutes route(HttpServerRoutes routes, String path) {
    Objects.requireNonNull(routes, "routes");
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path: '" + path + "' (expected: starting with '/')");
    }
    List<String> protocols = options.protocols();
    if (protocols.isEmpty()) {
      return routes.ws(path, this, spec());
    }
    String routePath = strip(path);
    String refusal = "Sec-WebSocket-Protocol offers none of the sub-protocols of this endpoint: "
        + String.join(", ", protocols);
    return routes
        .route(request -> request.method().equals(HttpMethod.GET)
                && request.requestHeaders().containsValue(HttpHeaderNames.CONNECTION,
                    HttpHeaderValues.UPGRADE, true)
                && strip(request.fullPath()).equals(routePath)
                && !offersAny(request, protocols),
            (request, response) -> response.status(HttpResponseStatus.BAD_REQUEST)
                .sendString(Mono.just(refusal)))
        .ws(path, this, spec());
  }

  /**
   * A spec for {@link HttpServerRoutes#ws(String, BiFunction, WebsocketServerSpec)} with this
   * handler's options.
   */
  public WebsocketServerSpec spec() {
    return options.spec();
  }

  /**
   * Runs once the upgrade response is written, on the event loop and before the next read; the
   * returned publisher, {@link DuplexConnection#onClose()}, keeps Reactor Netty from closing the
   * WebSocket until the connection closes.
   */
  @Override
  public Publisher<Void> apply(WebsocketInbound in, WebsocketOutbound out) {
    // Reactor Netty's WebSocket inbound is the upgraded connection itself.
    ChannelDuplexConnection connection = WebSocketPipeline.configure((Connection) in,
        options.maxFramePayloadLength(), options.handlePing());
    connection.handTo(acceptor);
    return connection.onClose().onErrorComplete();
  }

  private static boolean offersAny(HttpServerRequest request, List<String> protocols) {
    String offered = request.requestHeaders().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
    if (offered == null) {
      return false;
    }
    for (String protocol : offered.split(",")) {
      if (protocols.contains(protocol.strip())) {
        return true;
      }
    }
    return false;
  }

  /** The path without leading and trailing slashes, as Reactor Netty's full path is. */
  private static String strip(String path) {
    int start = 0;
    int end = path.length();
    while (start < end && path.charAt(start) == '/') {
      start++;
    }
    while (end > start && path.charAt(end - 1) == '/') {
      end--;
    }
    return path.substring(start, end);
  }
}
