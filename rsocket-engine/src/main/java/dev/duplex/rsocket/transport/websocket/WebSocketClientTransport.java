package dev.duplex.rsocket.transport.websocket;

import dev.duplex.rsocket.frame.FrameWriter;
import dev.duplex.rsocket.transport.ClientTransport;
import dev.duplex.rsocket.transport.DuplexConnection;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
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
 * the connection stays open for it to answer; pings are answered by Reactor Netty.
 *
 * <p>A {@code wss://} URI connects over TLS: with Reactor Netty's default client context (the
 * JVM's trusted certificates) or the one given to {@link #secure(SslContext)}; either way the
 * server's certificate must name the host. Immutable: each option returns a new transport with
 * that option changed.
 */
public final class WebSocketClientTransport implements ClientTransport {

  private final URI uri;
  private final int maxFramePayloadLength;
  private final List<String> protocols;
  private final @Nullable SslContext sslContext;
  private final Function<HttpClient, HttpClient> customizer;

  private WebSocketClientTransport(URI uri, int maxFramePayloadLength, List<String> protocols,
      @Nullable SslContext sslContext, Function<HttpClient, HttpClient> customizer) {
    this.uri = uri;
    this.maxFramePayloadLength = maxFramePayloadLength;
    this.protocols = protocols;
    this.sslContext = sslContext;
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
    return new WebSocketClientTransport(uri, FrameWriter.MAX_FRAME_LENGTH, List.of(), null,
        Function.identity());
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
        maxFramePayloadLength, protocols, sslContext, customizer);
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
        WebSocketPipeline.checkMaxFramePayloadLength(maxFramePayloadLength), protocols, sslContext,
        customizer);
  }

  /** The longest inbound message accepted, in bytes. */
  public int maxFramePayloadLength() {
    return maxFramePayloadLength;
  }

  /**
   * The same transport offering the WebSocket sub-protocols {@code protocols} in the upgrade, in
   * order of preference; the connection fails unless the server accepts one of them. None by
   * default.
   */
  public WebSocketClientTransport protocols(String... protocols) {
    return new WebSocketClientTransport(uri, maxFramePayloadLength,
        WebSocketServerOptions.DEFAULT.withProtocols(protocols).protocols(), sslContext,
        customizer);
  }

  /** The sub-protocols offered, in order of preference. */
  public List<String> protocols() {
    return protocols;
  }

  /**
   * The same transport connecting over TLS with {@code sslContext}, a client context such as one
   * from {@code SslContextBuilder.forClient()}: its trust manager decides which server
   * certificates are trusted, and its key manager, if any, what the client presents. A
   * {@code ws://} URI becomes {@code wss://}.
   */
  public WebSocketClientTransport secure(SslContext sslContext) {
    Objects.requireNonNull(sslContext, "sslContext");
    if (!sslContext.isClient()) {
      throw new IllegalArgumentException("sslContext: " + sslContext
          + " (expected: a client context, from SslContextBuilder.forClient)");
    }
    URI secureUri = uri("wss", uri.getUserInfo(), uri.getHost(), uri.getPort(), uri.getPath(),
        uri.getQuery());
    return new WebSocketClientTransport(secureUri, maxFramePayloadLength, protocols, sslContext,
        customizer);
  }

  /** The TLS context given to {@link #secure(SslContext)}, or null. */
  public @Nullable SslContext sslContext() {
    return sslContext;
  }

  /**
   * The same transport, with {@code customizer} applied to the {@link HttpClient} before it
   * connects (TLS, headers, a proxy); customizers run in the order they were added.
   */
  public WebSocketClientTransport customize(Function<HttpClient, HttpClient> customizer) {
    Objects.requireNonNull(customizer, "customizer");
    return new WebSocketClientTransport(uri, maxFramePayloadLength, protocols, sslContext,
        this.customizer.andThen(customizer));
  }

  /**
   * Connects, upgrades and, still on the event loop that read the upgrade response, puts the
   * frame handlers in place, so no message the server sends right after it is missed.
   */
  @Override
  public Mono<DuplexConnection> connect() {
    WebsocketClientSpec.Builder builder =
        WebsocketClientSpec.builder().maxFramePayloadLength(maxFramePayloadLength);
    if (!protocols.isEmpty()) {
      builder.protocols(String.join(",", protocols));
    }
    WebsocketClientSpec spec = builder.build();
    SslContext context = sslContext;
    return Mono.defer(() -> {
      HttpClient client = HttpClient.newConnection()
          .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT);
      if (context != null) {
        client = client.secure(ssl -> ssl.sslContext(context));
      }
      return customizer.apply(client)
          .websocket(spec)
          .uri(uri)
          .connect()
          .map(connection -> WebSocketPipeline.configure(connection, maxFramePayloadLength, false));
    });
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
