package dev.duplex.rsocket.transport.websocket;

import dev.duplex.rsocket.frame.FrameWriter;
import dev.duplex.rsocket.transport.ClientTransport;
import dev.duplex.rsocket.transport.DuplexConnection;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * Opens RSocket connections over WebSocket, on Reactor Netty's {@link HttpClient} (one new
 * connection per {@link #connect()}, no pooling), sending one RSocket frame per binary message,
 * without a length prefix (checklist #4).
 *
 * <pre>{@code
 * RSocketConnection connection = RSocketConnector.create()
 *     .connect(WebSocketClientTransport.create(URI.create("ws://localhost:8080/rsocket")))
 *     .block();
 * }</pre>
 *
 * <p>Inbound messages may be fragmented; fragments are joined up to
 * {@link #maxFramePayloadLength()} bytes, 16,777,215 by default so that any RSocket frame fits
 * (checklist #5). A text message is reported to the connection's receiver as a transport error and
 * the connection stays open for it to answer; pings are answered by Reactor Netty. Immutable: each
 * option returns a new transport with that option changed.
 */
public final class WebSocketClientTransport implements ClientTransport {

  private final URI uri;
  private final int maxFramePayloadLength;
  private final Function<HttpClient, HttpClient> customizer;

  private WebSocketClientTransport(URI uri, int maxFramePayloadLength,
      Function<HttpClient, HttpClient> customizer) {
    this.uri = uri;
    this.maxFramePayloadLength = maxFramePayloadLength;
    this.customizer = customizer;
  }

  /**
   * A transport that connects to {@code uri}.
   *
   * @param uri an absolute {@code ws://} or {@code wss://} URI
   */
  public static WebSocketClientTransport create(URI uri) {
    Objects.requireNonNull(uri, "uri");
    String scheme = uri.getScheme();
    if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "uri: " + uri + " (expected: an absolute ws:// or wss:// URI with a host)");
    }
    return new WebSocketClientTransport(uri, FrameWriter.MAX_FRAME_LENGTH, Function.identity());
  }

  /** A transport that connects to {@code ws://host:port/}; see {@link #path(String)}. */
  public static WebSocketClientTransport create(String host, int port) {
    Objects.requireNonNull(host, "host");
    if (port < 1 || port > 0xFFFF) {
      throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
    }
    return create(uri("ws", null, host, port, WebSocketServerTransport.DEFAULT_PATH, null));
  }

  /**
   * The same transport with {@code path} in place of the URI's path.
   *
   * @param path starts with {@code /}
   */
  public WebSocketClientTransport path(String path) {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path: '" + path + "' (expected: starting with '/')");
    }
    return new WebSocketClientTransport(
        uri(uri.getScheme(), uri.getUserInfo(), uri.getHost(), uri.getPort(), path,
            uri.getQuery()),
        maxFramePayloadLength, customizer);
  }

  /** The URI to connect to. */
  public URI uri() {
    return uri;
  }

  /**
   * The same transport accepting messages (one RSocket frame each) of at most
   * {@code maxFramePayloadLength} bytes, whether in one WebSocket frame or fragmented. A longer
   * single WebSocket frame closes the connection (status 1009); a longer fragmented message is
   * dropped and reported to the receiver.
   *
   * @param maxFramePayloadLength 6 to 16,777,215, the default
   */
  public WebSocketClientTransport maxFramePayloadLength(int maxFramePayloadLength) {
    return new WebSocketClientTransport(uri,
        WebSocketPipeline.checkMaxFramePayloadLength(maxFramePayloadLength), customizer);
  }

  /** The longest inbound message accepted, in bytes. */
  public int maxFramePayloadLength() {
    return maxFramePayloadLength;
  }

  /**
   * The same transport, with {@code customizer} applied to the {@link HttpClient} before it
   * connects (TLS, headers, a proxy); customizers run in the order they were added.
   */
  public WebSocketClientTransport customize(Function<HttpClient, HttpClient> customizer) {
    Objects.requireNonNull(customizer, "customizer");
    return new WebSocketClientTransport(uri, maxFramePayloadLength,
        this.customizer.andThen(customizer));
  }

  /**
   * Connects, upgrades and, still on the event loop that read the upgrade response, puts the
   * frame handlers in place, so no message the server sends right after it is missed.
   */
  @Override
  public Mono<DuplexConnection> connect() {
    WebsocketClientSpec spec =
        WebsocketClientSpec.builder().maxFramePayloadLength(maxFramePayloadLength).build();
    return Mono.defer(() -> customizer.apply(HttpClient.newConnection()
        .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT))
        .websocket(spec)
        .uri(uri)
        .connect()
        .map(connection -> WebSocketPipeline.configure(connection, maxFramePayloadLength)));
  }

  private static URI uri(String scheme, @Nullable String userInfo, String host, int port,
      String path, @Nullable String query) {
    try {
      return new URI(scheme, userInfo, host, port, path, query, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
