package dev.duplex.rsocket.transport.websocket;

import dev.duplex.rsocket.transport.BoundServer;
import dev.duplex.rsocket.transport.DuplexConnection;
import dev.duplex.rsocket.transport.ServerTransport;
import dev.duplex.rsocket.transport.netty.ChannelBoundServer;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServer;

/**
 * Accepts RSocket connections over WebSocket, on Reactor Netty's {@link HttpServer}: a client
 * upgrades a GET on {@link #path(String) the path} and then sends one RSocket frame per binary
 * message, without a length prefix (checklist #4).
 *
 * <pre>{@code
 * BoundServer server = RSocketServer.create(acceptor)
 *     .bind(WebSocketServerTransport.create("0.0.0.0", 8080).path("/rsocket"))
 *     .block();
 * }</pre>
 *
 * <p>Messages may be fragmented; fragments are joined up to {@link #maxFramePayloadLength()} bytes,
 * 16,777,215 by default so that any RSocket frame fits (checklist #5). A text message is reported
 * to the connection's receiver as a transport error and the connection stays open for it to
 * answer; pings are answered with pongs (see {@link #handlePing(boolean)}). With
 * {@link #secure(SslContext)} clients upgrade over TLS ({@code wss://}), and a connection is handed
 * to the acceptor only after its handshake. Immutable: each option returns a new transport with
 * that option changed. {@link WebSocketRouteHandler} serves RSocket on a route of an HTTP server
 * the application runs already.
 */
public final class WebSocketServerTransport implements ServerTransport {

  /** The path upgraded unless {@link #path(String)} says otherwise. */
  public static final String DEFAULT_PATH = "/";

  private final InetSocketAddress address;
  private final String path;
  private final WebSocketServerOptions options;
  private final @Nullable SslContext sslContext;
  private final Function<HttpServer, HttpServer> customizer;

  private WebSocketServerTransport(InetSocketAddress address, String path,
      WebSocketServerOptions options, @Nullable SslContext sslContext,
      Function<HttpServer, HttpServer> customizer) {
    this.address = address;
    this.path = path;
    this.options = options;
    this.sslContext = sslContext;
    this.customizer = customizer;
  }

  /**
   * A transport that binds {@code host} (resolved when binding) and {@code port}, 0 for any free
   * port.
   */
  public static WebSocketServerTransport create(String host, int port) {
    return create(InetSocketAddress.createUnresolved(Objects.requireNonNull(host, "host"), port));
  }

  /** A transport that binds {@code address}; an unresolved address is resolved when binding. */
  public static WebSocketServerTransport create(InetSocketAddress address) {
    return new WebSocketServerTransport(Objects.requireNonNull(address, "address"), DEFAULT_PATH,
        WebSocketServerOptions.DEFAULT, null, Function.identity());
  }

  /**
   * The same transport upgrading requests for {@code path} only; other requests get 404.
   *
   * @param path starts with {@code /}
   */
  public WebSocketServerTransport path(String path) {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path: '" + path + "' (expected: starting with '/')");
    }
    return new WebSocketServerTransport(address, path, options, sslContext, customizer);
  }

  /** The path upgraded to WebSocket. */
  public String path() {
    return path;
  }

  /**
   * The same transport accepting messages (one RSocket frame each) of at most
   * {@code maxFramePayloadLength} bytes, whether in one WebSocket frame or fragmented. A longer
   * single WebSocket frame closes the connection (status 1009); a longer fragmented message is
   * dropped and reported to the receiver.
   *
   * @param maxFramePayloadLength 6 to 16,777,215, the default
   */
  public WebSocketServerTransport maxFramePayloadLength(int maxFramePayloadLength) {
    return new WebSocketServerTransport(address, path,
        options.withMaxFramePayloadLength(maxFramePayloadLength), sslContext, customizer);
  }

  /** The longest inbound message accepted, in bytes. */
  public int maxFramePayloadLength() {
    return options.maxFramePayloadLength();
  }

  /**
   * The same transport accepting only upgrades that offer one of the WebSocket sub-protocols
   * {@code protocols}: the upgrade response names the first of them in the client's list, and an
   * upgrade request offering none of them is refused with 400 Bad Request. None by default: any
   * upgrade is accepted and no sub-protocol named.
   */
  public WebSocketServerTransport protocols(String... protocols) {
    return new WebSocketServerTransport(address, path, options.withProtocols(protocols),
        sslContext, customizer);
  }

  /** The sub-protocols accepted. */
  public List<String> protocols() {
    return options.protocols();
  }

  /**
   * The same transport with pings handled by the Duplex pipeline instead of Reactor Netty, if
   * {@code handlePing}. Either way each ping is answered with a pong carrying its data (RFC 6455
   * §5.5.2), and it never reaches the RSocket connection, whose liveness is RSocket's KEEPALIVE;
   * with {@code handlePing} the pong is written by the Duplex codec, after the message
   * aggregator. False by default.
   */
  public WebSocketServerTransport handlePing(boolean handlePing) {
    return new WebSocketServerTransport(address, path, options.withHandlePing(handlePing),
        sslContext, customizer);
  }

  /** Whether the Duplex pipeline answers pings rather than Reactor Netty. */
  public boolean handlePing() {
    return options.handlePing();
  }

  /**
   * The same transport negotiating the WebSocket compression extensions (permessage-deflate,
   * deflate-frame) with clients that offer them, if {@code compress}; each inflated frame is
   * bounded by {@link #maxFramePayloadLength()}. False by default.
   */
  public WebSocketServerTransport compress(boolean compress) {
    return new WebSocketServerTransport(address, path, options.withCompress(compress),
        sslContext, customizer);
  }

  /** Whether compression is negotiated. */
  public boolean compress() {
    return options.compress();
  }

  /**
   * The same transport serving TLS ({@code wss://}) with {@code sslContext}, a server context such
   * as one from {@code SslContextBuilder.forServer(...)}; its client authentication setting
   * decides whether clients must present a certificate.
   */
  public WebSocketServerTransport secure(SslContext sslContext) {
    Objects.requireNonNull(sslContext, "sslContext");
    if (!sslContext.isServer()) {
      throw new IllegalArgumentException("sslContext: " + sslContext
          + " (expected: a server context, from SslContextBuilder.forServer)");
    }
    return new WebSocketServerTransport(address, path, options, sslContext, customizer);
  }

  /** The TLS context connections are served with, or null for plaintext. */
  public @Nullable SslContext sslContext() {
    return sslContext;
  }

  /**
   * The same transport, with {@code customizer} applied to the {@link HttpServer} before the
   * WebSocket route is added and it binds (TLS, socket options, metrics); customizers run in the
   * order they were added.
   */
  public WebSocketServerTransport customize(Function<HttpServer, HttpServer> customizer) {
    Objects.requireNonNull(customizer, "customizer");
    return new WebSocketServerTransport(address, path, options, sslContext,
        this.customizer.andThen(customizer));
  }

  /** The address to bind. */
  public InetSocketAddress address() {
    return address;
  }

  @Override
  public Mono<BoundServer> start(Consumer<DuplexConnection> acceptor) {
    WebSocketRouteHandler handler = WebSocketRouteHandler.create(acceptor, options);
    return Mono.defer(() -> customizer
        .apply(secured(HttpServer.create().host(address.getHostString()).port(address.getPort())
            .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)))
        .route(routes -> handler.route(routes, path))
        .bind()
        .map(server -> new ChannelBoundServer(server.channel())));
  }

  private HttpServer secured(HttpServer server) {
    SslContext context = sslContext;
    return context != null ? server.secure(spec -> spec.sslContext(context)) : server;
  }
}
