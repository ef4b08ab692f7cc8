package dev.duplex.rsocket.transport.websocket;

import dev.duplex.rsocket.frame.FrameWriter;
import dev.duplex.rsocket.transport.BoundServer;
import dev.duplex.rsocket.transport.DuplexConnection;
import dev.duplex.rsocket.transport.ServerTransport;
import dev.duplex.rsocket.transport.netty.ChannelBoundServer;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
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
 * answer; pings are answered by Reactor Netty. Immutable: each option returns a new transport with
 * that option changed. {@link WebSocketRouteHandler} serves RSocket on a route of an HTTP server
 * the application runs already.
 */
public final class WebSocketServerTransport implements ServerTransport {

  /** The path upgraded unless {@link #path(String)} says otherwise. */
  public static final String DEFAULT_PATH = "/";

  private final InetSocketAddress address;
  private final String path;
  private final int maxFramePayloadLength;
  private final Function<HttpServer, HttpServer> customizer;

  private WebSocketServerTransport(InetSocketAddress address, String path,
      int maxFramePayloadLength, Function<HttpServer, HttpServer> customizer) {
    this.address = address;
    this.path = path;
    this.maxFramePayloadLength = maxFramePayloadLength;
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
        FrameWriter.MAX_FRAME_LENGTH, Function.identity());
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
    return new WebSocketServerTransport(address, path, maxFramePayloadLength, customizer);
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
        WebSocketPipeline.checkMaxFramePayloadLength(maxFramePayloadLength), customizer);
  }

  /** The longest inbound message accepted, in bytes. */
  public int maxFramePayloadLength() {
    return maxFramePayloadLength;
  }

  /**
   * The same transport, with {@code customizer} applied to the {@link HttpServer} before the
   * WebSocket route is added and it binds (TLS, socket options, metrics); customizers run in the
   * order they were added.
   */
  public WebSocketServerTransport customize(Function<HttpServer, HttpServer> customizer) {
    Objects.requireNonNull(customizer, "customizer");
    return new WebSocketServerTransport(address, path, maxFramePayloadLength,
        this.customizer.andThen(customizer));
  }

  /** The address to bind. */
  public InetSocketAddress address() {
    return address;
  }

  @Override
  public Mono<BoundServer> start(Consumer<DuplexConnection> acceptor) {
    WebSocketRouteHandler handler =
        WebSocketRouteHandler.create(acceptor).maxFramePayloadLength(maxFramePayloadLength);
    return Mono.defer(() -> customizer
        .apply(HttpServer.create().host(address.getHostString()).port(address.getPort())
            .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT))
        .route(routes -> routes.ws(path, handler, handler.spec()))
        .bind()
        .map(server -> new ChannelBoundServer(server.channel())));
  }
}
